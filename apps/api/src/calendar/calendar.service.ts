import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CalendarOverride, CalendarYear } from '@banli/domain';
import { CalendarDataError, CalendarStore } from '@banli/persistence';
import { BanliProblem, notFound } from '../common/problem';

@Injectable()
export class CalendarService {
  readonly store: CalendarStore;

  constructor(@InjectDataSource() ds: DataSource) {
    this.store = new CalendarStore(ds);
  }

  async workingDays(from: string, n: number) {
    const cal = await this.store.calendar();
    const r = cal.addWorkingDays(from, n);
    return {
      from,
      n,
      date: r.date,
      summary: `${from}（不计当日）起第${n}个工作日 → ${r.date}`,
      crossed: r.crossed,
      warnings: r.warnings,
    };
  }

  async listYears() {
    const years = await this.store.years();
    return years.map((y) => ({
      year: y.year.year,
      origin: y.origin,
      source: y.year.source,
      amendments: y.year.amendments ?? [],
      days: y.year.days.length,
      loadedBy: y.loadedBy ?? null,
      loadedAt: y.loadedAt ?? null,
    }));
  }

  async loadYear(year: CalendarYear, by: string) {
    await this.guard(() => this.store.loadYear(year, by));
    return (await this.listYears()).find((y) => y.year === year.year);
  }

  overrides() {
    return this.store.overrides();
  }

  async putOverride(o: CalendarOverride, by: string) {
    await this.guard(() => this.store.putOverride(o, by));
    return o;
  }

  async deleteOverride(date: string) {
    if (!(await this.store.deleteOverride(date))) throw notFound('本地调整 (override)', date);
  }

  private async guard(fn: () => Promise<void>) {
    try {
      await fn();
    } catch (e) {
      if (e instanceof CalendarDataError) {
        throw new BanliProblem(HttpStatus.UNPROCESSABLE_ENTITY, 'INVALID_CALENDAR_DATA', e.message, {
          errors: e.errors.map((x) => ({ field: x.path, message: x.message })),
        });
      }
      throw e;
    }
  }
}
