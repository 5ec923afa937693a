// Jurisdictions as data: an assigning office, the policy version its new cases start under, its
// local calendar and numbering. Pure.
export { JURISDICTION_LEVELS } from './types';
export type {
  EscalationContact,
  Jurisdiction,
  JurisdictionCalendarOverride,
  JurisdictionLevel,
} from './types';
export {
  calendarOverridesOf,
  channelNotCoveredMessage,
  JURISDICTION_ID,
  validateJurisdiction,
} from './validate';
export {
  findShippedJurisdiction,
  shippedJurisdictions,
  SHIPPED_JURISDICTION_LEVELS,
  SHIPPED_LEVEL_DEFAULT,
} from './shipped';
export {
  formatNumberPattern,
  NUMBER_PATTERN_FIELDS,
  numberPatternMatcher,
  numberPatternProblems,
} from './patterns';
export type { NumberPatternField } from './patterns';
