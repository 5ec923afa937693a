import {
  addCalendarDays,
  compareIsoDates,
  daysBetween,
  isIsoDate,
  isWeekend,
  weekdayLabelZh,
  yearOf,
  type IsoDate,
} from './dates';
import type {
  AddWorkingDaysResult,
  CalendarDayKind,
  CalendarOverride,
  CalendarYear,
  CrossedDay,
  RollResult,
  WorkingDayInfo,
} from './types';
import { validateCalendarOverride, validateCalendarYear } from './validate';

// No real period walks this far; the cap only turns a corrupt override set into an error.
const MAX_WALK_DAYS = 3660;

interface Entry {
  working: boolean;
  reason: string;
}

function noticeReason(name: string, kind: CalendarDayKind | undefined, working: boolean): string {
  if (working) return name.includes('上班') ? name : `${name}（调休上班）`;
  if (kind === 'inLieu') return `${name}假期（调休）`;
  return name.endsWith('假期') ? name : `${name}假期`;
}

/** Warning text for a year that has no holiday notice loaded. */
export function uncoveredYearWarning(year: number): string {
  return `${year}年无节假日安排数据：未载入国务院办公厅该年通知，按周一至周五为工作日推定，结果可能不准确；载入通知后请重新计算`;
}

/**
 * Working days of mainland China: Monday–Friday, minus holidays and in-lieu days, plus make-up
 * weekends, from State Council notices; administrator overrides win over notice data.
 */
export class WorkingDayCalendar {
  private readonly notice = new Map<IsoDate, Entry>();
  private readonly override = new Map<IsoDate, Entry>();
  private readonly years: ReadonlySet<number>;
  // Kept so withOverrides can rebuild through the validating constructor.
  private readonly inputYears: readonly CalendarYear[];
  private readonly inputOverrides: readonly CalendarOverride[];

  constructor(years: readonly CalendarYear[], overrides: readonly CalendarOverride[] = []) {
    this.inputYears = [...years];
    this.inputOverrides = [...overrides];
    const problems: string[] = [];
    const seenYears = new Set<number>();
    years.forEach((y, i) => {
      const v = validateCalendarYear(y);
      if (!v.ok) {
        problems.push(...v.errors.map((e) => `years[${i}].${e.path}: ${e.message}`));
        return;
      }
      if (seenYears.has(y.year)) problems.push(`years[${i}].year: ${y.year} is loaded twice`);
      seenYears.add(y.year);
      for (const d of y.days) {
        if (this.notice.has(d.date))
          problems.push(`years[${i}]: ${d.date} is also named by another year's notice`);
        this.notice.set(d.date, { working: d.working, reason: noticeReason(d.name, d.kind, d.working) });
      }
    });
    overrides.forEach((o, i) => {
      const v = validateCalendarOverride(o);
      if (!v.ok) {
        problems.push(...v.errors.map((e) => `overrides[${i}].${e.path}: ${e.message}`));
        return;
      }
      if (this.override.has(o.date)) problems.push(`overrides[${i}].date: ${o.date} is overridden twice`);
      this.override.set(o.date, { working: o.working, reason: o.reason });
    });
    if (problems.length > 0) throw new Error(`invalid calendar data:\n${problems.join('\n')}`);
    this.years = seenYears;
  }

  /** Years with notice data loaded, ascending. */
  coveredYears(): number[] {
    return [...this.years].sort((a, b) => a - b);
  }

  /** True when the notice for `year` is loaded. */
  isYearCovered(year: number): boolean {
    return this.years.has(year);
  }

  /** Whether `date` is a working day, why, and whether that rests on data (`known`). */
  isWorkingDay(date: IsoDate): WorkingDayInfo {
    if (!isIsoDate(date)) throw new RangeError(`not a valid date 'YYYY-MM-DD': ${String(date)}`);
    const o = this.override.get(date);
    if (o) return { date, working: o.working, reason: o.reason, known: true, basis: 'override' };
    const n = this.notice.get(date);
    if (n) return { date, working: n.working, reason: n.reason, known: true, basis: 'notice' };
    const working = !isWeekend(date);
    const known = this.years.has(yearOf(date));
    const reason = working ? `工作日（${weekdayLabelZh(date)}）` : weekdayLabelZh(date);
    return {
      date,
      working,
      reason: known ? reason : `${reason}，${yearOf(date)}年无节假日数据`,
      known,
      basis: 'weekday',
    };
  }

  /**
   * Date `n` working days after `fromDate` (start day excluded; negative `n` counts back).
   * `crossed` lists the notice/override days passed on the way; warnings name uncovered years.
   */
  addWorkingDays(fromDate: IsoDate, n: number): AddWorkingDaysResult {
    if (!Number.isInteger(n)) throw new RangeError(`working-day count must be an integer: ${n}`);
    if (!isIsoDate(fromDate)) throw new RangeError(`not a valid date 'YYYY-MM-DD': ${String(fromDate)}`);
    const step = n < 0 ? -1 : 1;
    let remaining = Math.abs(n);
    let date = fromDate;
    const crossed: CrossedDay[] = [];
    const visited: IsoDate[] = [];
    let walked = 0;
    while (remaining > 0) {
      date = addCalendarDays(date, step);
      if (++walked > MAX_WALK_DAYS)
        throw new Error(`no ${Math.abs(n)} working days found within ${MAX_WALK_DAYS} days of ${fromDate}`);
      visited.push(date);
      const info = this.isWorkingDay(date);
      if (info.basis !== 'weekday') crossed.push({ date, reason: info.reason, working: info.working });
      if (info.working) remaining--;
    }
    if (n === 0) visited.push(fromDate);
    return { date, crossed, warnings: this.warningsFor(visited) };
  }

  /**
   * `date` itself when it is a working day, else the nearest working day after it
   * (or before it with direction 'backward'); `skipped` lists the rest days stepped over.
   */
  rollToWorkingDay(date: IsoDate, direction: 'forward' | 'backward' = 'forward'): RollResult {
    const step = direction === 'backward' ? -1 : 1;
    const skipped: CrossedDay[] = [];
    const visited: IsoDate[] = [date];
    let d = date;
    let info = this.isWorkingDay(d);
    while (!info.working) {
      skipped.push({ date: d, reason: info.reason, working: false });
      if (skipped.length > MAX_WALK_DAYS)
        throw new Error(`no working day found within ${MAX_WALK_DAYS} days of ${date}`);
      d = addCalendarDays(d, step);
      visited.push(d);
      info = this.isWorkingDay(d);
    }
    return { date: d, skipped, warnings: this.warningsFor(visited) };
  }

  /**
   * How many working days lie strictly after `fromExclusive` up to `toInclusive` (0 when `to` is
   * not after `from`): 签收用时 from assignment to receipt, or how many working days a duty is late.
   */
  workingDaysBetween(fromExclusive: IsoDate, toInclusive: IsoDate): number {
    if (!isIsoDate(fromExclusive) || !isIsoDate(toInclusive))
      throw new RangeError(`not valid dates 'YYYY-MM-DD': ${String(fromExclusive)}, ${String(toInclusive)}`);
    const days = daysBetween(fromExclusive, toInclusive);
    if (days > MAX_WALK_DAYS)
      throw new RangeError(`range over ${MAX_WALK_DAYS} days: ${fromExclusive}..${toInclusive}`);
    let n = 0;
    for (let d = addCalendarDays(fromExclusive, 1), i = 0; i < days; d = addCalendarDays(d, 1), i++) {
      if (this.isWorkingDay(d).working) n++;
    }
    return n;
  }

  /** Notice and override days strictly after `fromExclusive` up to `toInclusive`, in date order. */
  specialDaysBetween(fromExclusive: IsoDate, toInclusive: IsoDate): CrossedDay[] {
    const out: CrossedDay[] = [];
    const [lo, hi] =
      compareIsoDates(fromExclusive, toInclusive) <= 0
        ? [fromExclusive, toInclusive]
        : [toInclusive, fromExclusive];
    const dates = new Set<IsoDate>([...this.notice.keys(), ...this.override.keys()]);
    for (const date of [...dates].sort(compareIsoDates)) {
      if (date > lo && date <= hi) {
        const info = this.isWorkingDay(date);
        out.push({ date, reason: info.reason, working: info.working });
      }
    }
    return out;
  }

  /** One warning per year without notice data among the given dates (deduplicated, ascending). */
  warningsFor(dates: Iterable<IsoDate>): string[] {
    const missing = new Set<number>();
    for (const d of dates) {
      const y = yearOf(d);
      if (!this.years.has(y) && !this.override.has(d) && !this.notice.has(d)) missing.add(y);
    }
    return [...missing].sort((a, b) => a - b).map(uncoveredYearWarning);
  }

  /** Warnings for every uncovered year touched by the range (fromExclusive, toInclusive]. */
  warningsForRange(fromExclusive: IsoDate, toInclusive: IsoDate): string[] {
    const [lo, hi] =
      compareIsoDates(fromExclusive, toInclusive) <= 0
        ? [fromExclusive, toInclusive]
        : [toInclusive, fromExclusive];
    if (lo === hi) return this.warningsFor([hi]);
    const missing: number[] = [];
    // The start day is excluded, so the range begins the day after `lo`.
    for (let y = yearOf(addCalendarDays(lo, 1)); y <= yearOf(hi); y++) {
      if (!this.years.has(y)) missing.push(y);
    }
    return missing.map(uncoveredYearWarning);
  }

  /** A copy of this calendar with more overrides (later ones replace earlier ones on the same date). */
  withOverrides(extra: readonly CalendarOverride[]): WorkingDayCalendar {
    const byDate = new Map<IsoDate, CalendarOverride>();
    for (const o of [...this.inputOverrides, ...extra]) byDate.set(o.date, o);
    return new WorkingDayCalendar(this.inputYears, [...byDate.values()]);
  }
}
