import type { Api } from './api';

/** A drill clock: counted in minutes from its start event, with reminders in minutes before it. */
export interface DrillClock {
  minutes: number;
  reminders: number[];
}

/**
 * A drill policy (a copy of Guangzhou's with the given clocks counted in minutes, escalated to the
 * unit's leader) and a jurisdiction that uses it, created by the administrator: what the soak and
 * the timer benchmark need to see deadlines fall due on a server running in real time.
 */
export async function createDrill(
  admin: Api,
  o: { policy: string; jurisdiction: string; clocks: Partial<Record<'signFor' | 'mainReply', DrillClock>> },
): Promise<void> {
  const base = await admin.must('GET', '/policies/guangzhou');
  const policy = JSON.parse(JSON.stringify(base));
  policy.name = '演练：分钟计时的办理时限';
  policy.nameEn = 'Drill: deadlines in minutes';
  for (const [clock, c] of Object.entries(o.clocks)) {
    const { byChannel: _b, complex: _c, closedSession: _s, ...rest } = policy.clocks[clock];
    policy.clocks[clock] = {
      ...rest,
      rule: { kind: 'minutes', minutes: c.minutes },
      reminders: c.reminders,
      escalateTo: ['unitLeader'],
      note: '演练用：分钟计时',
    };
  }
  await admin.must('POST', '/policies', {
    id: o.policy,
    basedOn: { id: 'guangzhou', version: base.version },
    policy,
  });
  await admin.must('POST', '/jurisdictions', {
    id: o.jurisdiction,
    name: '演练市',
    level: 'city',
    channels: ['npc'],
    policyId: o.policy,
  });
}
