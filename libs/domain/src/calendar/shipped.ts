import data from './data/cn-mainland.json';
import type { CalendarOverride, CalendarYear } from './types';
import { WorkingDayCalendar } from './working-day-calendar';

// The JSON is generated and checked by scripts/generate-calendar.ts; its `kind` strings widen to
// string under resolveJsonModule, hence the cast.
const SHIPPED = (data as unknown as { years: CalendarYear[] }).years;

/** Mainland China calendar years shipped with the code (2019–2026), as fresh copies callers may modify. */
export function shippedCalendarYears(): CalendarYear[] {
  return JSON.parse(JSON.stringify(SHIPPED)) as CalendarYear[];
}

/** A calendar of the shipped years plus administrator overrides (overrides win). */
export function createShippedCalendar(overrides: readonly CalendarOverride[] = []): WorkingDayCalendar {
  return new WorkingDayCalendar(SHIPPED, overrides);
}
