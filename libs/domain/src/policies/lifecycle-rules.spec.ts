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
    });
  });

  it.each(shippedPolicies().map((p) => [p.id, p] as const))(
    '%s: tracking classes are reply classes',
    (_id, p) => {
      const r = lifecycleRulesOf(p);
      for (const c of r.trackingClasses) expect(r.replyClasses).toContain(c);
    },
  );
});
