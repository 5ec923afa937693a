import { findPolicy, shippedPolicies } from './shipped';
import type { ClockSpec, JurisdictionPolicy } from './types';
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
      expect.arrayContaining(['cn-national', 'fujian', 'sichuan', 'shandong', 'yulin', 'guangzhou']),
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
