import { createShippedCalendar } from '../calendar';
import { computeCaseDeadlines } from '../deadlines/compute';
import { findPolicy, shippedPolicies } from './shipped';
import { DEFAULT_VALUE_NOTE, type ClockSpec, type JurisdictionPolicy } from './types';
import { validatePolicy } from './validate';

function national(): JurisdictionPolicy {
  const p = findPolicy('cn-national');
  if (!p) throw new Error('cn-national missing');
  return p;
}

/** A copy of a clock spec without its variants. */
function plain(spec: ClockSpec): ClockSpec {
  const { complex: _c, byChannel: _b, closedSession: _s, ...rest } = spec;
  return JSON.parse(JSON.stringify(rest)) as ClockSpec;
}

function paths(obj: unknown): string[] {
  return validatePolicy(obj).errors.map((e) => e.path);
}

describe('shipped policies', () => {
  it('ships at least the six jurisdictions of §3, all valid, each citing a source URL', () => {
    const list = shippedPolicies();
    expect(list.map((p) => p.id)).toEqual(
      expect.arrayContaining([
        'cn-national',
        'fujian',
        'sichuan',
        'shandong',
        'yulin',
        'guangzhou',
        'fengyang',
        'hangzhou',
      ]),
    );
    for (const p of list) {
      expect({ id: p.id, ...validatePolicy(p) }).toEqual({ id: p.id, ok: true, errors: [] });
      expect(p.sources.length).toBeGreaterThan(0);
      for (const s of p.sources) expect(s.url).toMatch(/^https?:\/\//);
    }
    expect(new Set(list.map((p) => `${p.id}@${p.version}`)).size).toBe(list.length);
  });

  it('keeps the national Deputies Law numbers', () => {
    const p = national();
    expect(p.clocks.mainReply?.rule).toEqual({ kind: 'months', months: 3 });
    expect(p.clocks.mainReply?.complex?.rule).toEqual({ kind: 'months', months: 6 });
    expect(p.clocks.mainReply?.source?.article).toBe('第五十一条');
    expect(p.replyClasses.map((c) => c.code)).toEqual(['A', 'B', 'C', 'D']);
    expect(p.trackingClasses).toEqual(['B', 'C']);
  });

  it('finds a policy by id, latest version by default, and hands out copies', () => {
    expect(findPolicy('sichuan')?.version).toBe(1);
    expect(findPolicy('sichuan', 1)?.id).toBe('sichuan');
    expect(findPolicy('sichuan', 99)).toBeUndefined();
    expect(findPolicy('atlantis')).toBeUndefined();
    const p = national();
    p.clocks.mainReply = undefined;
    expect(national().clocks.mainReply).toBeDefined();
  });
});

/** A clock spec and every variant of it: complex, closed-session and per-channel, at every level. */
function variants(spec: ClockSpec, path: string): Array<[string, ClockSpec]> {
  const out: Array<[string, ClockSpec]> = [[path, spec]];
  if (spec.complex) out.push(...variants(spec.complex, `${path}.complex`));
  if (spec.closedSession) out.push(...variants(spec.closedSession, `${path}.closedSession`));
  for (const [ch, v] of Object.entries(spec.byChannel ?? {}))
    if (v) out.push(...variants(v, `${path}.byChannel.${ch}`));
  return out;
}

function policy(id: string, version?: number): JurisdictionPolicy {
  const p = findPolicy(id, version);
  if (!p) throw new Error(`no policy ${id}`);
  return p;
}

describe('where each shipped number comes from', () => {
  it('cites a source or marks the default on every clock and every variant', () => {
    const bare: string[] = [];
    for (const p of shippedPolicies())
      for (const [id, spec] of Object.entries(p.clocks))
        for (const [path, s] of variants(spec, `${p.id}@${p.version}.${id}`))
          if (s.source === undefined && s.note !== DEFAULT_VALUE_NOTE) bare.push(path);
    expect(bare).toEqual([]);
  });

  it('cites a source with a title, an http(s) URL and, where a clock relies on it, an article', () => {
    for (const p of shippedPolicies()) {
      expect(p.sources.length).toBeGreaterThan(0);
      for (const s of p.sources) {
        expect(s.title.trim()).not.toBe('');
        expect(s.url).toMatch(/^https?:\/\/\S+$/);
      }
    }
    const hz = policy('hangzhou');
    for (const id of ['mainReply', 'mainReplyCap', 'rehandling'] as const) {
      expect(hz.clocks[id]?.source?.article).toBe('第四十三条');
      expect(hz.clocks[id]?.source?.title).toContain('浙江省实施');
    }
    expect(hz.clocks.mainReply?.complex?.source?.article).toBe('第四十三条');
  });

  it('keeps Fujian’s numbers and says why the 2025 revision changed none of them', () => {
    // version 2 adds only the written notice of an extension (第十九条); the numbers are version 1's
    expect(findPolicy('fujian')?.version).toBe(2);
    expect(findPolicy('fujian')?.clocks).toEqual(policy('fujian', 1).clocks);
    const fj = policy('fujian', 1);
    expect(fj.clocks.mainReply?.rule).toEqual({ kind: 'months', months: 3 });
    expect(fj.clocks.coOpinion?.rule).toEqual({ kind: 'months', months: 1 });
    expect(fj.clocks.mainReplyCap?.rule).toEqual({ kind: 'months', months: 6 });
    const note = fj.notes?.find((n) => n.includes('2025年3月25日'));
    expect(note).toContain('未能读到');
    expect(note).toContain('未据修订文本改动任何时限');
  });

  it('names the Sichuan NPC regulation and says its deadline articles could not be read', () => {
    const sc = policy('sichuan');
    expect(sc.version).toBe(1);
    expect(
      sc.notes?.some(
        (n) => n.includes('四川省人民代表大会代表建议、批评和意见工作条例') && n.includes('未能读到'),
      ),
    ).toBe(true);
  });

  it('says plainly that Yulin’s source is a notice for one session', () => {
    const yl = policy('yulin');
    expect(yl.notes?.[0]).toMatch(/一次性通知.*玉政办电〔2019〕11号.*市五届人大六次会议/);
    expect(yl.clocks.adjustmentWindow?.source?.article).toBe('二、（一）');
  });

  it('keeps Fengyang’s 20 days but says the source of that number was not found', () => {
    const co = policy('fengyang').clocks.coOpinion!;
    expect(co.rule).toEqual({ kind: 'offsetBefore', clock: 'mainReply', days: 20 });
    expect(co.note).toContain('来源未找到');
  });
});

describe('hangzhou: municipal NPC suggestions', () => {
  const cal = createShippedCalendar();
  const byClock = (list: ReturnType<typeof computeCaseDeadlines>) =>
    Object.fromEntries(list.map((d) => [d.clock, d]));

  it('covers NPC suggestions only, with the three reply classes of the city’s reports', () => {
    const hz = policy('hangzhou');
    expect(hz.version).toBe(1);
    expect(hz.channels).toEqual(['npc']);
    expect(hz.replyClasses.map((c) => [c.code, c.label])).toEqual([
      ['A', '已解决'],
      ['B', '列入解决计划'],
      ['C', '暂缓解决'],
    ]);
    expect(hz.trackingClasses).toEqual(['B']);
    expect(hz.contactRequiredBeforeReply).toBe(true);
    // Clocks the Zhejiang rules do not set stay defaults.
    for (const id of ['signFor', 'adjustmentWindow', 'coOpinion', 'feedback', 'publication'] as const)
      expect(hz.clocks[id]?.note).toBe(DEFAULT_VALUE_NOTE);
  });

  it('counts the reply from assignment: 31 Mar 2026 → 30 Jun; complex 30 Sep; re-handling 1 month', () => {
    const events = {
      assigned: '2026-03-31T10:00:00+08:00',
      replied: '2026-09-15T09:00:00+08:00',
      // Wed 30 Sep + 1 month = Fri 30 Oct 2026, a working day after the National Day holiday.
      rehandlingStarted: '2026-09-30T09:00:00+08:00',
    };
    const d = byClock(computeCaseDeadlines(policy('hangzhou'), events, cal, { channel: 'npc' }));
    expect(d.mainReply).toMatchObject({ dueDate: '2026-06-30', ruleText: '交办之日起3个月', rolled: null });
    expect(d.mainReplyCap.dueDate).toBe('2026-09-30');
    expect(d.rehandling).toMatchObject({
      dueDate: '2026-10-30',
      ruleText: '重新交办之日起1个月',
      rolled: null,
    });
    const complex = byClock(
      computeCaseDeadlines(policy('hangzhou'), events, cal, { channel: 'npc', complex: true }),
    );
    expect(complex.mainReply).toMatchObject({
      dueDate: '2026-09-30',
      ruleText: '交办之日起6个月',
      complex: true,
    });
  });

  it('moves a last day on a rest day to the next working day', () => {
    const d = byClock(
      computeCaseDeadlines(
        policy('hangzhou'),
        // Fri 31 Jul + 3 months = Sat 31 Oct → Mon 2 Nov; Wed 26 Aug + 1 month = Sat 26 Sep (Mid-Autumn) → Mon 28 Sep.
        { assigned: '2026-07-31T10:00:00+08:00', rehandlingStarted: '2026-08-26T10:00:00+08:00' },
        cal,
        { channel: 'npc', clocks: ['mainReply', 'rehandling'] },
      ),
    );
    expect(d.mainReply).toMatchObject({
      dueDate: '2026-11-02',
      rolled: { from: '2026-10-31', to: '2026-11-02' },
    });
    expect(d.rehandling).toMatchObject({
      dueDate: '2026-09-28',
      rolled: { from: '2026-09-26', to: '2026-09-28' },
    });
  });

  it('warns when asked about a CPPCC proposal, which it does not cover', () => {
    const [d] = computeCaseDeadlines(policy('hangzhou'), { assigned: '2026-03-31T10:00:00+08:00' }, cal, {
      channel: 'cppcc',
      clocks: ['mainReply'],
    });
    expect(d.warnings).toContain('政策hangzhou未规定政协提案的办理期限，仅供参考');
  });
});

describe('validatePolicy', () => {
  it('accepts a Hangzhou-style policy with three reply classes', () => {
    const p = national();
    p.id = 'hangzhou';
    p.replyClasses = [
      { code: 'A', label: '已解决' },
      { code: 'B', label: '列入计划解决' },
      { code: 'C', label: '暂缓解决' },
    ];
    p.trackingClasses = ['B'];
    expect(validatePolicy(p)).toEqual({ ok: true, errors: [] });
  });

  it("accepts a drill's minutes rule and refuses one over a day or rolled", () => {
    const p = national();
    p.clocks.signFor = { ...p.clocks.signFor!, rule: { kind: 'minutes', minutes: 3 }, reminders: [1] };
    expect(validatePolicy(p)).toEqual({ ok: true, errors: [] });
    p.clocks.signFor.rule = { kind: 'minutes', minutes: 1441 };
    expect(paths(p)).toEqual(['clocks.signFor.rule.minutes']);
    p.clocks.signFor.rule = { kind: 'minutes', minutes: 3, roll: true } as never;
    expect(paths(p)).toEqual(['clocks.signFor.rule.roll']);
  });

  it.each<[string, (p: JurisdictionPolicy) => void, string]>([
    ['a bad id', (p) => (p.id = 'Not An Id'), 'id'],
    ['a zero version', (p) => (p.version = 0), 'version'],
    ['no sources', (p) => (p.sources = []), 'sources'],
    ['a source without URL', (p) => (p.sources = [{ title: 'x', url: 'not a url' }]), 'sources[0].url'],
    ['no main reply', (p) => delete p.clocks.mainReply, 'clocks.mainReply'],
    [
      'an unknown clock',
      (p) => ((p.clocks as Record<string, unknown>).lunch = p.clocks.signFor),
      'clocks.lunch',
    ],
    [
      'an unknown start event',
      (p) => ((p.clocks.signFor as { startsAt: string }).startsAt = 'tomorrow'),
      'clocks.signFor.startsAt',
    ],
    [
      'zero months',
      (p) => (p.clocks.mainReply!.rule = { kind: 'months', months: 0 }),
      'clocks.mainReply.rule.months',
    ],
    [
      'an unknown rule kind',
      (p) => ((p.clocks.mainReply!.rule as { kind: string }).kind = 'weeks'),
      'clocks.mainReply.rule.kind',
    ],
    [
      '30 February',
      (p) => (p.clocks.trackingReport!.rule = { kind: 'fixedMonthDay', month: 2, day: 30 }),
      'clocks.trackingReport.rule.day',
    ],
    ['a bad reminder', (p) => (p.clocks.mainReply!.reminders = [7, -1]), 'clocks.mainReply.reminders[1]'],
    [
      'an unknown escalation target',
      (p) => ((p.clocks.mainReply!.escalateTo as string[]) = ['mayor']),
      'clocks.mainReply.escalateTo[0]',
    ],
    [
      'an unknown channel variant',
      (p) => ((p.clocks.mainReply!.byChannel as Record<string, unknown>) = { court: p.clocks.signFor }),
      'clocks.mainReply.byChannel.court',
    ],
    [
      'a variant with its own variants',
      (p) =>
        (p.clocks.mainReply!.byChannel = {
          cppcc: { ...p.clocks.mainReply!, byChannel: { npc: p.clocks.signFor! } },
        }),
      'clocks.mainReply.byChannel.cppcc.byChannel',
    ],
    [
      'an offset from an undefined clock',
      (p) => {
        delete p.clocks.rehandling;
        p.clocks.coOpinion!.rule = { kind: 'offsetBefore', clock: 'rehandling', days: 5 };
      },
      'clocks.coOpinion.rule.clock',
    ],
    [
      'an offset from itself',
      (p) => (p.clocks.signFor!.rule = { kind: 'offsetBefore', clock: 'signFor', days: 1 }),
      'clocks.signFor.rule.clock',
    ],
    ['a tracking class that does not exist', (p) => (p.trackingClasses = ['Z']), 'trackingClasses[0]'],
    [
      'duplicate reply classes',
      (p) => (p.replyClasses = [...p.replyClasses, { code: 'A', label: '重复' }]),
      'replyClasses[4].code',
    ],
    ['an unknown no-answer rule', (p) => ((p.feedbackNoAnswer as string) = 'ignored'), 'feedbackNoAnswer'],
    ['no channels', (p) => (p.channels = []), 'channels'],
    [
      'a lead-waits rule that is not true or false',
      (p) => ((p as { leadWaitsForCoOpinions?: unknown }).leadWaitsForCoOpinions = 'yes'),
      'leadWaitsForCoOpinions',
    ],
    [
      'a complex variant with a complex variant of its own',
      (p) => (p.clocks.mainReply!.complex!.complex = plain(p.clocks.mainReply!)),
      'clocks.mainReply.complex.complex',
    ],
    [
      "a closed-session variant inside the complex variant's channel variant",
      (p) =>
        (p.clocks.mainReply!.complex!.byChannel = {
          cppcc: { ...plain(p.clocks.mainReply!), closedSession: plain(p.clocks.mainReply!) },
        }),
      'clocks.mainReply.complex.byChannel.cppcc.closedSession',
    ],
    [
      'a complex variant counting back from an undefined clock',
      (p) => {
        delete p.clocks.rehandling;
        p.clocks.coOpinion!.complex = {
          ...plain(p.clocks.coOpinion!),
          rule: { kind: 'offsetBefore', clock: 'rehandling', days: 5 },
        };
      },
      'clocks.coOpinion.rule.clock',
    ],
    [
      'a channel variant of the complex variant counting back from its own clock',
      (p) =>
        (p.clocks.signFor!.complex = {
          ...plain(p.clocks.signFor!),
          byChannel: {
            npc: { ...plain(p.clocks.signFor!), rule: { kind: 'offsetBefore', clock: 'signFor', days: 1 } },
          },
        }),
      'clocks.signFor.rule.clock',
    ],
  ])('reports %s', (_name, mutate, path) => {
    const p = national();
    mutate(p);
    expect(paths(p)).toContain(path);
  });

  it.each<[string, (p: JurisdictionPolicy) => void]>([
    [
      'a complex variant with channel variants',
      (p) => (p.clocks.mainReply!.complex!.byChannel = { cppcc: plain(p.clocks.mainReply!.complex!) }),
    ],
    [
      'a complex variant with a closed-session variant',
      (p) => (p.clocks.mainReply!.complex!.closedSession = plain(p.clocks.mainReply!.complex!)),
    ],
    ['a lead that does not wait for co-handlers', (p) => (p.leadWaitsForCoOpinions = false)],
  ])('accepts %s', (_name, mutate) => {
    const p = national();
    mutate(p);
    expect(validatePolicy(p)).toEqual({ ok: true, errors: [] });
  });

  it('reports an offset cycle', () => {
    const p = national();
    p.clocks.coOpinion!.rule = { kind: 'offsetBefore', clock: 'contact', days: 5 };
    p.clocks.contact!.rule = { kind: 'offsetBefore', clock: 'coOpinion', days: 5 };
    const r = validatePolicy(p);
    expect(r.ok).toBe(false);
    expect(r.errors.some((e) => e.message.includes('cycle'))).toBe(true);
  });

  it('reports every error at once, not only the first', () => {
    expect(validatePolicy({}).errors.length).toBeGreaterThan(5);
    expect(validatePolicy(null)).toEqual({ ok: false, errors: [{ path: '', message: 'must be an object' }] });
  });
});
