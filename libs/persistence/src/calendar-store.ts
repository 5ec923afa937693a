import { DataSource } from 'typeorm';
import {
  CalendarOverride,
  CalendarYear,
  shippedCalendarYears,
  validateCalendarOverride,
  validateCalendarYear,
  WorkingDayCalendar,
} from '@banli/domain';
import { CalendarOverrideEntity, CalendarYearEntity } from './entities';
import { changedWorkingDays, recountReportFacts } from './report-facts';

export class CalendarDataError extends Error {
  constructor(public readonly errors: { path: string; message: string }[]) {
    super(`日历数据无效 (invalid calendar data): ${errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  }
}

/** The shipped years, copied once: years() hands them out to callers that only read them. */
const SHIPPED_YEARS: readonly CalendarYear[] = shippedCalendarYears();

/**
 * The working-day calendar in force: shipped notice data, replaced year by year by what
 * administrators loaded, plus local overrides. Read fresh on each computation, so a newly
 * loaded notice applies to the next deadline computed (running cases need an explicit recompute).
 */
export class CalendarStore {
  /** The last calendar built, with the data it was built from. */
  private last: { key: string; calendar: WorkingDayCalendar } | undefined;

  constructor(private readonly ds: DataSource) {}

  async years(): Promise<
    { year: CalendarYear; origin: 'shipped' | 'loaded'; loadedBy?: string; loadedAt?: Date }[]
  > {
    const loaded = await this.ds.getRepository(CalendarYearEntity).find({ order: { year: 'ASC' } });
    const byYear = new Map(SHIPPED_YEARS.map((y) => [y.year, { year: y, origin: 'shipped' as const }]));
    for (const l of loaded) {
      byYear.set(l.year, {
        year: l.data as CalendarYear,
        origin: 'loaded',
        loadedBy: l.loadedBy,
        loadedAt: l.updatedAt,
      } as any);
    }
    return [...byYear.values()].sort((a, b) => a.year.year - b.year.year);
  }

  async overrides(): Promise<CalendarOverride[]> {
    const rows = await this.ds.getRepository(CalendarOverrideEntity).find({ order: { date: 'ASC' } });
    return rows.map((r) => ({
      date: r.date,
      working: r.working,
      reason: r.reason,
      ...(r.source ? { source: r.source as any } : {}),
    }));
  }

  /**
   * The calendar in force. Its data is read on every call; the calendar built from it (every year
   * validated) is reused while the data read is the same as the last call's.
   */
  async calendar(): Promise<WorkingDayCalendar> {
    const [years, overrides] = await Promise.all([this.years(), this.overrides()]);
    const key = JSON.stringify([
      years.map((y) => (y.origin === 'shipped' ? y.year.year : y.year)),
      overrides,
    ]);
    if (this.last?.key === key) return this.last.calendar;
    const calendar = new WorkingDayCalendar(
      years.map((y) => y.year),
      overrides,
    );
    this.last = { key, calendar };
    return calendar;
  }

  /**
   * Loads (or replaces) one year's notice data after validating it. Like every change below, it
   * then counts again the kept statistics of the cases whose spans cross a day it changed.
   */
  async loadYear(year: CalendarYear, by: string): Promise<void> {
    const v = validateCalendarYear(year);
    if (!v.ok) throw new CalendarDataError(v.errors);
    const before = await this.calendar();
    await this.ds.getRepository(CalendarYearEntity).save({ year: year.year, data: year, loadedBy: by });
    const days = year.days.map((d) => d.date).sort();
    const from = [`${year.year}-01-01`, days[0] ?? `${year.year}-01-01`].sort()[0];
    const to = [`${year.year}-12-31`, days[days.length - 1] ?? `${year.year}-12-31`].sort()[1];
    await this.recountChanged(before, from, to);
  }

  /** Adds or replaces a local override for one day. */
  async putOverride(o: CalendarOverride, by: string): Promise<void> {
    const v = validateCalendarOverride(o);
    if (!v.ok) throw new CalendarDataError(v.errors);
    const before = await this.calendar();
    await this.ds
      .getRepository(CalendarOverrideEntity)
      .save({ date: o.date, working: o.working, reason: o.reason, source: o.source ?? null, loadedBy: by });
    await this.recountChanged(before, o.date, o.date);
  }

  async deleteOverride(date: string): Promise<boolean> {
    const before = await this.calendar();
    const r = await this.ds.getRepository(CalendarOverrideEntity).delete({ date });
    if (!r.affected) return false;
    await this.recountChanged(before, date, date);
    return true;
  }

  /** The statistics' kept spans counted again where the calendar now differs from `before`. */
  private async recountChanged(before: WorkingDayCalendar, from: string, to: string): Promise<void> {
    const after = await this.calendar();
    await recountReportFacts(this.ds, after, changedWorkingDays(before, after, from, to));
  }
}
