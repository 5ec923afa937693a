/**
 * What the 督办看板 shares between its parts: the report filters as they stand in the address
 * (the same filters the API's reports and the case list take), the answers' types, and how a rate
 * and a figure are written.
 */
import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import { CHANNELS, type Channel } from '@banli/domain/vocabulary';
import type { components, paths } from '../../api/schema';
import { t } from '../../ui';

export type Dashboard = components['schemas']['DashboardDto'];
export type OverdueReport = components['schemas']['OverdueReportDto'];
export type OverdueRow = components['schemas']['OverdueRowDto'];
export type Statistics = components['schemas']['StatisticsDto'];
export type StatRow = components['schemas']['StatRowDto'];
export type Rate = components['schemas']['RateDto'];
export type Scores = components['schemas']['ScoresDto'];
export type OverdueQuery = NonNullable<paths['/reports/overdue']['get']['parameters']['query']>;

/** The filters every report takes (jurisdiction, channel, 届/次, unit, key case). */
export interface ReportFilters {
  jurisdiction?: string;
  channel?: Channel;
  term?: number;
  session?: number;
  unitId?: string;
  keyCase?: true;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function text(q: LocationQuery, k: string): string {
  const v = q[k];
  return typeof v === 'string' ? v.trim() : '';
}

function whole(q: LocationQuery, k: string): number | undefined {
  const s = text(q, k);
  const n = Number(s);
  return s !== '' && Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : undefined;
}

/** The filters in an address (values that are not valid are left out, never sent). */
export function filtersOf(q: LocationQuery): ReportFilters {
  const channel = text(q, 'channel');
  const unitId = text(q, 'unitId');
  return {
    jurisdiction: /^[a-z0-9-]{1,64}$/.test(text(q, 'jurisdiction')) ? text(q, 'jurisdiction') : undefined,
    channel: (CHANNELS as readonly string[]).includes(channel) ? (channel as Channel) : undefined,
    term: whole(q, 'term'),
    session: whole(q, 'session'),
    unitId: UUID.test(unitId) ? unitId : undefined,
    keyCase: text(q, 'keyCase') === 'true' ? true : undefined,
  };
}

/** The page of the overdue table in the address. */
export const pageOf = (q: LocationQuery) => whole(q, 'page') ?? 1;

/** The address of the filters (empty ones left out). */
export function queryOf(f: ReportFilters, extra: Record<string, string | number | undefined> = {}) {
  const all: Record<string, string | number | boolean | undefined> = { ...f, ...extra };
  return Object.fromEntries(
    Object.entries(all)
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => [k, String(v)]),
  ) as LocationQueryRaw;
}

/** The case list's address for the same filters (it has no unit filter) and `more`. */
export function caseListQuery(f: ReportFilters, more: Record<string, string>): LocationQueryRaw {
  const { unitId: _u, ...rest } = f;
  return { ...queryOf(rest), ...more };
}

/** 85.0% — or — when there is nothing to divide by. */
export function percent(r: number | null | undefined): string {
  return r === null || r === undefined ? '—' : `${(Math.round(r * 1000) / 10).toFixed(1)}%`;
}

/** The rate with what it is made of, for a title: 17 / 20. */
export const ofWhat = (r: Rate) => `${r.numerator} / ${r.denominator}`;

/** 满意率: satisfied and basically satisfied together, of the ratings given (final round; the API's figure). */
export const satisfiedRate = (s: StatRow): Rate => s.satisfactionFinal.satisfiedOrBasically;

/** 12.5 个工作日 — or — when nothing was counted. */
export function workingDays(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : t(`${v} 个工作日`, `${v} working days`);
}

/** What a supervisor does from an overdue row: 催办 (urge) or 重点督办 (mark a key case). */
export type SuperviseKind = 'urge' | 'keyCase';

/** The note a 催办 starts with. */
export const DEFAULT_URGE_NOTE = '请抓紧办理并按时答复。';
