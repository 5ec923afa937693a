// Jurisdiction policies: which clocks apply, how long they run, and where each value comes from.
export { DEFAULT_VALUE_NOTE, ESCALATION_TARGETS } from './types';
export type {
  ClockSpec,
  EscalationTarget,
  FeedbackNoAnswer,
  JurisdictionPolicy,
  PolicySource,
  ReplyClass,
} from './types';
export { validatePolicy } from './validate';
export { findPolicy, isShippedPolicy, shippedPolicies } from './shipped';
export { leadWaitsForCoOpinionsOf, lifecycleRulesOf } from './lifecycle-rules';
