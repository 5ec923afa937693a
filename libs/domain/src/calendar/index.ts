// Working-day calendar of mainland China and the date helpers it rests on.
export {
  addCalendarDays,
  addCalendarMonths,
  compareIsoDates,
  daysBetween,
  daysInMonth,
  endOfShanghaiDay,
  isIsoDate,
  isIsoInstant,
  isLeapYear,
  isWeekend,
  shanghaiDateOf,
  weekdayLabelZh,
  weekdayOf,
  yearOf,
} from './dates';
export type { IsoDate } from './dates';
export type {
  AddWorkingDaysResult,
  CalendarDay,
  CalendarDayKind,
  CalendarNoticeSource,
  CalendarOverride,
  CalendarYear,
  ConfigFieldError,
  ConfigValidationResult,
  CrossedDay,
  RollResult,
  WorkingDayInfo,
} from './types';
export { validateCalendarOverride, validateCalendarYear } from './validate';
export { uncoveredYearWarning, WorkingDayCalendar } from './working-day-calendar';
export { createShippedCalendar, shippedCalendarYears } from './shipped';
