// Date arithmetic on plain 'YYYY-MM-DD' strings of the Asia/Shanghai wall calendar.
// Everything goes through UTC day numbers so results never depend on the host time zone;
// China has used a fixed UTC+8 with no daylight saving since 1991, so a constant offset is exact.

/** A calendar date 'YYYY-MM-DD' on the Asia/Shanghai wall calendar. */
export type IsoDate = string;

const MS_PER_DAY = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
// An instant must carry its offset: a bare local time would be read in the host's zone.
const INSTANT_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const WEEKDAY_ZH = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'] as const;

interface Ymd {
  y: number;
  m: number;
  d: number;
}

/** True when `y` is a Gregorian leap year. */
export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Number of days (28–31) in month `m` (1–12) of year `y`. */
export function daysInMonth(y: number, m: number): number {
  return [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

/** True when `s` is a real date written 'YYYY-MM-DD' (e.g. rejects 2025-02-29). */
export function isIsoDate(s: unknown): s is IsoDate {
  if (typeof s !== 'string') return false;
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

function parse(date: IsoDate): Ymd {
  if (!isIsoDate(date)) throw new RangeError(`not a valid date 'YYYY-MM-DD': ${String(date)}`);
  return { y: Number(date.slice(0, 4)), m: Number(date.slice(5, 7)), d: Number(date.slice(8, 10)) };
}

function format({ y, m, d }: Ymd): IsoDate {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

// Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear does not.
function utcMs(y: number, m: number, d: number): number {
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d);
  return t.getTime();
}

function toDayNumber(date: IsoDate): number {
  const { y, m, d } = parse(date);
  return utcMs(y, m, d) / MS_PER_DAY;
}

function fromDayNumber(n: number): IsoDate {
  const t = new Date(n * MS_PER_DAY);
  return format({ y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() });
}

/** Year number of a date. */
export function yearOf(date: IsoDate): number {
  return parse(date).y;
}

/** Date `n` calendar days after `date` (negative `n` goes back). */
export function addCalendarDays(date: IsoDate, n: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + n);
}

/**
 * Date `n` months after `date` by Civil Code Art. 202: the corresponding day of the final month,
 * or that month's last day when it has no such day (30 Nov + 3 months → 28/29 Feb).
 */
export function addCalendarMonths(date: IsoDate, n: number): IsoDate {
  const { y, m, d } = parse(date);
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  return format({ y: ny, m: nm, d: Math.min(d, daysInMonth(ny, nm)) });
}

/** Whole days from `a` to `b` (positive when `b` is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** Sort comparator for dates: negative when `a` is earlier. */
export function compareIsoDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Day of week, 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: IsoDate): number {
  // Day 0 of the epoch (1970-01-01) was a Thursday.
  return (((toDayNumber(date) + 4) % 7) + 7) % 7;
}

/** Chinese weekday label, e.g. '周六'. */
export function weekdayLabelZh(date: IsoDate): string {
  return WEEKDAY_ZH[weekdayOf(date)];
}

/** True for Saturday and Sunday (before any 调休 swap). */
export function isWeekend(date: IsoDate): boolean {
  const w = weekdayOf(date);
  return w === 0 || w === 6;
}

/**
 * Asia/Shanghai calendar date of an ISO 8601 instant ('2026-03-31T02:00:00Z', '…+08:00').
 * A bare date 'YYYY-MM-DD' is taken as already being a Shanghai date.
 * Throws on a date-time without an offset, since its meaning would depend on the host.
 */
export function shanghaiDateOf(isoInstant: string): IsoDate {
  if (isIsoDate(isoInstant)) return isoInstant;
  const m = typeof isoInstant === 'string' ? INSTANT_RE.exec(isoInstant) : null;
  const ms = m ? Date.parse(isoInstant) : NaN;
  if (!m || Number.isNaN(ms)) {
    throw new RangeError(
      `not an ISO 8601 instant with offset (e.g. 2026-03-31T09:00:00+08:00): ${String(isoInstant)}`,
    );
  }
  const t = new Date(ms + SHANGHAI_OFFSET_MS);
  return format({ y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() });
}

/** True when `s` is an ISO instant with offset, or a bare date, that shanghaiDateOf accepts. */
export function isIsoInstant(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  try {
    shanghaiDateOf(s);
    return true;
  } catch {
    return false;
  }
}

/**
 * Instant at which `date` ends in Asia/Shanghai (24:00, i.e. next day 00:00+08:00), as an ISO
 * string in UTC: 2026-06-30 → '2026-06-30T16:00:00.000Z'.
 */
export function endOfShanghaiDay(date: IsoDate): string {
  const { y, m, d } = parse(date);
  return new Date(utcMs(y, m, d + 1) - SHANGHAI_OFFSET_MS).toISOString();
}
