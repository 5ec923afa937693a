import type { IsoDate } from './dates';

/** A published document that a calendar year or override rests on. */
export interface CalendarNoticeSource {
  /** e.g. 国务院办公厅关于2025年部分节假日安排的通知 */
  title: string;
  /** Document number, e.g. 国办发明电〔2024〕12号; left out when it could not be verified. */
  number?: string;
  url?: string;
}

/**
 * holiday: a day off inside a holiday block; inLieu: a weekday off in exchange for a make-up day;
 * makeUpWorkday: a weekend day worked (调休上班).
 */
export type CalendarDayKind = 'holiday' | 'inLieu' | 'makeUpWorkday';

/** One day named by a holiday notice. */
export interface CalendarDay {
  date: IsoDate;
  working: boolean;
  /** e.g. 春节, 春节调休上班 */
  name: string;
  kind?: CalendarDayKind;
}

/**
 * The arrangement of one year's State Council holiday notice. `days` lists the days the notice names:
 * days off in each holiday block (weekend days inside a block included, so explanations can name
 * them) and make-up working weekend days. Every other day follows the Monday–Friday rule.
 * A notice may name days late in the previous December (New Year block), so those are allowed too.
 */
export interface CalendarYear {
  year: number;
  source: CalendarNoticeSource;
  /** Later notices that changed this year's arrangement (e.g. the 2020 Spring Festival extension). */
  amendments?: CalendarNoticeSource[];
  days: CalendarDay[];
}

/** A local or late correction loaded by an administrator; it wins over notice data. */
export interface CalendarOverride {
  date: IsoDate;
  working: boolean;
  reason: string;
  source?: CalendarNoticeSource;
}

/** Answer of WorkingDayCalendar.isWorkingDay. */
export interface WorkingDayInfo {
  date: IsoDate;
  working: boolean;
  /** Chinese, e.g. '国庆节假期', '国庆节调休上班', '周六' */
  reason: string;
  /** False when the year has no notice data and only the Monday–Friday rule was applied. */
  known: boolean;
  basis: 'override' | 'notice' | 'weekday';
}

/** A day that a period ran across or skipped, with why it is special. */
export interface CrossedDay {
  date: IsoDate;
  reason: string;
  working: boolean;
}

export interface AddWorkingDaysResult {
  date: IsoDate;
  /** Notice or override days between the start (excluded) and the result (included). */
  crossed: CrossedDay[];
  warnings: string[];
}

export interface RollResult {
  date: IsoDate;
  /** Rest days stepped over, in walking order; empty when `date` was already a working day. */
  skipped: CrossedDay[];
  warnings: string[];
}

/** One problem found in configuration data: `path` is a dotted/indexed path such as days[3].date. */
export interface ConfigFieldError {
  path: string;
  message: string;
}

export interface ConfigValidationResult {
  ok: boolean;
  errors: ConfigFieldError[];
}
