// Dates as people read them in Banli: on the Asia/Shanghai calendar (Beijing time), Chinese first,
// with English. Pure: every instant is passed in. Used by mail, the API's messages and the web.
import {
  addCalendarDays,
  daysBetween,
  endOfShanghaiDay,
  isIsoDate,
  shanghaiDateOf,
  type IsoDate,
} from '../calendar/dates';
import type { Lang } from '../vocabulary/labels';

const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** An instant (ISO 8601 with offset, or a Date), or a bare 'YYYY-MM-DD' Shanghai calendar date. */
export type DateInput = string | Date;

/** An input as a string shanghaiDateOf reads (it rejects instants without an offset). */
function isoOf(v: DateInput): string {
  if (!(v instanceof Date)) return v;
  if (Number.isNaN(v.getTime())) throw new RangeError('invalid Date');
  return v.toISOString();
}

/** Shanghai calendar day on which `v` falls (a bare date is taken as is). */
function dayOf(v: DateInput): IsoDate {
  return shanghaiDateOf(isoOf(v));
}

/**
 * Last Shanghai calendar day a deadline covers. Due instants mark the end of a day (24:00, i.e.
 * next day 00:00+08:00 — see endOfShanghaiDay), so step back 1 ms before taking the date:
 * '2026-06-30T16:00:00.000Z' → 2026-06-30, not 07-01.
 */
export function dueDateOf(v: DateInput): IsoDate {
  const iso = isoOf(v);
  const day = shanghaiDateOf(iso); // validates the input
  if (isIsoDate(iso)) return day;
  return shanghaiDateOf(new Date(Date.parse(iso) - 1).toISOString());
}

/** Shanghai day and wall-clock time (hh:mm) of an instant; a bare date has no time. */
function dayAndTimeOf(v: DateInput): { day: IsoDate; hhmm: string } {
  const iso = isoOf(v);
  if (isIsoDate(iso)) throw new RangeError(`not an ISO 8601 instant with offset: ${iso}`);
  const day = shanghaiDateOf(iso);
  const midnight = Date.parse(endOfShanghaiDay(addCalendarDays(day, -1)));
  const minutes = Math.floor((Date.parse(iso) - midnight) / 60_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return { day, hhmm: `${two(Math.floor(minutes / 60))}:${two(minutes % 60)}` };
}

function ymd(day: IsoDate): [y: number, m: number, d: number] {
  const [y, m, d] = day.split('-').map(Number);
  return [y, m, d];
}

function zhDate(day: IsoDate): string {
  const [y, m, d] = ymd(day);
  return `${y}年${m}月${d}日`;
}

function enDate(day: IsoDate): string {
  const [y, m, d] = ymd(day);
  return `${d} ${MONTHS_EN[m - 1]} ${y}`;
}

/** Shanghai date of an instant as `YYYY年M月D日` (e.g. 2026年3月31日). */
export function formatDateZh(v: DateInput): string {
  return zhDate(dayOf(v));
}

/** Shanghai date of an instant in English (e.g. 31 March 2026). */
export function formatDateEn(v: DateInput): string {
  return enDate(dayOf(v));
}

/** Last day covered by a due instant, as `YYYY年M月D日` (24:00 counts as the day ending). */
export function formatDueDateZh(v: DateInput): string {
  return zhDate(dueDateOf(v));
}

/** Last day covered by a due instant, in English. */
export function formatDueDateEn(v: DateInput): string {
  return enDate(dueDateOf(v));
}

/** Date in the given language (`due` selects the deadline reading of the instant). */
export function formatDate(v: DateInput, lang: Lang, due = false): string {
  if (lang === 'en') return due ? formatDueDateEn(v) : formatDateEn(v);
  return due ? formatDueDateZh(v) : formatDateZh(v);
}

/**
 * Whole Shanghai calendar days from the day of `now` to the last day of `dueAt`:
 * 0 when due today, negative when overdue (−1 = one day late).
 */
export function daysUntilDue(now: DateInput, dueAt: DateInput): number {
  return daysBetween(dayOf(now), dueDateOf(dueAt));
}

const ZH_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1–999 in Chinese numerals as used for 届/次 (8 → 八, 14 → 十四, 105 → 一百零五); others in Arabic digits. */
export function zhNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 999) return String(n);
  if (n < 10) return ZH_DIGITS[n];
  if (n < 20) return `十${n % 10 ? ZH_DIGITS[n % 10] : ''}`;
  if (n < 100) return `${ZH_DIGITS[Math.floor(n / 10)]}十${n % 10 ? ZH_DIGITS[n % 10] : ''}`;
  const rest = n % 100;
  const head = `${ZH_DIGITS[Math.floor(n / 100)]}百`;
  if (rest === 0) return head;
  if (rest < 10) return `${head}零${ZH_DIGITS[rest]}`;
  // 110 → 一百一十, not 一百十
  return `${head}${rest < 20 ? '一' : ''}${zhNumber(rest)}`;
}

/** English ordinal: 1st, 2nd, 3rd, 11th, 22nd. */
export function ordinalEn(n: number): string {
  const s = ['th', 'st', 'nd', 'rd'];
  const v = n % 100;
  return `${n}${s[(v - 20) % 10] ?? s[v] ?? s[0]}`;
}

/** Beijing date and time of an instant: 2026年11月30日 14:05（北京时间）. */
export function formatDateTimeZh(v: DateInput): string {
  const { day, hhmm } = dayAndTimeOf(v);
  return `${zhDate(day)} ${hhmm}（北京时间）`;
}

/** Beijing date and time of an instant in English: 30 November 2026, 14:05 Beijing time. */
export function formatDateTimeEn(v: DateInput): string {
  const { day, hhmm } = dayAndTimeOf(v);
  return `${enDate(day)}, ${hhmm} Beijing time`;
}

/** How far off a deadline is, in words: 还剩3天 / 今天到期 / 已逾期2天 (3 days left / due today / 2 days overdue). */
export function dueInWords(daysLeft: number, lang: Lang = 'zh-CN'): string {
  if (lang === 'en') {
    const n = Math.abs(daysLeft);
    const days = `${n} day${n === 1 ? '' : 's'}`;
    if (daysLeft > 0) return `${days} left`;
    return daysLeft === 0 ? 'due today' : `${days} overdue`;
  }
  if (daysLeft > 0) return `还剩${daysLeft}天`;
  return daysLeft === 0 ? '今天到期' : `已逾期${-daysLeft}天`;
}
