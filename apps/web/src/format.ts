/**
 * Dates and citations as the pages show them: the domain's own formatting (Beijing time, Chinese
 * first), the same code mail and the API use — re-exported here, never copied.
 */
import { daysUntilDue, dueInWords } from '@banli/domain/format';
import { lang } from './ui';

export {
  caseRefZh,
  caseRefEn,
  formatDateZh,
  formatDateEn,
  formatDueDateZh,
  formatDueDateEn,
  formatDateTimeZh,
  formatDateTimeEn,
  daysUntilDue,
  zhNumber,
} from '@banli/domain/format';
export { endOfShanghaiDay, shanghaiDateOf } from '@banli/domain/calendar/dates';

/** How far off a due instant is from now, in the interface language (还剩3天 / 已逾期2天). */
export function dueHint(dueAt: string | Date, now: Date = new Date()): string {
  return dueInWords(daysUntilDue(now, dueAt), lang.value);
}

/** A date picked in the page (YYYY-MM-DD) and a time (HH:mm) as an instant in Beijing time. */
export function beijingInstant(date: string, time = '09:00'): string {
  return `${date}T${time || '09:00'}:00+08:00`;
}
