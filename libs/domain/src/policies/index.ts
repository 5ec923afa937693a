// Jurisdiction policies: which clocks apply, how long they run, and where each value comes from.
export {
  CLOCK_CHANNELS,
  CLOCK_IDS,
  CLOCK_START_EVENTS,
  DEFAULT_VALUE_NOTE,
  ESCALATION_TARGETS,
} from './types';
export type {
  ClockChannel,
  ClockId,
  ClockSpec,
  ClockStartEvent,
  EscalationTarget,
  FeedbackNoAnswer,
  JurisdictionPolicy,
  PolicySource,
  ReplyClass,
} from './types';
export { validatePolicy } from './validate';
export { findPolicy, shippedPolicies } from './shipped';
export { lifecycleRulesOf } from './lifecycle-rules';
