import { findPolicy, lifecycleRulesOf, shippedPolicies } from '..';

describe('lifecycleRulesOf', () => {
  it('carries the national rules: contact required, A–D, B and C tracked', () => {
    expect(lifecycleRulesOf(findPolicy('cn-national')!)).toEqual({
      contactRequiredBeforeReply: true,
      replyClasses: ['A', 'B', 'C', 'D'],
      trackingClasses: ['B', 'C'],
      rehandlingOnBasicallySatisfied: false,
      feedbackNoAnswer: 'recordedAsNoAnswer',
      leadWaitsForCoOpinions: true,
      notifyProposerOfExtension: false,
      trackingRepeats: false,
    });
  });

  it('Fujian (version 2) tells the proposer of an approved extension; version 1 did not', () => {
    expect(lifecycleRulesOf(findPolicy('fujian', 1)!).notifyProposerOfExtension).toBe(false);
    expect(lifecycleRulesOf(findPolicy('fujian')!).notifyProposerOfExtension).toBe(true);
  });

  it('a tracking report repeats only where the policy sets an interval', () => {
    const p = findPolicy('cn-national')!;
    p.clocks.trackingReport = {
      ...p.clocks.trackingReport!,
      repeat: {
        startsAt: 'trackingReported',
        rule: { kind: 'months', months: 12 },
        reminders: [14],
        escalateTo: ['office'],
      },
    };
    expect(lifecycleRulesOf(p).trackingRepeats).toBe(true);
  });

  it.each(shippedPolicies().map((p) => [p.id, p] as const))(
    '%s: tracking classes are reply classes',
    (_id, p) => {
      const r = lifecycleRulesOf(p);
      for (const c of r.trackingClasses) expect(r.replyClasses).toContain(c);
    },
  );
});
