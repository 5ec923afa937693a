// Deadline arithmetic: rules, explanations and the per-case entry point.
export type { ComputedDeadline, DeadlineRule, DeadlineRuleKind } from './types';
export { computeCaseDeadlines, computeDeadline, resolveClockSpec } from './compute';
export type { CaseDeadlineOptions, DeadlineContext } from './compute';
export { ruleLengthZh, ruleTextEn, ruleTextZh } from './text';
export { validateDeadlineRule } from './validate-rule';
