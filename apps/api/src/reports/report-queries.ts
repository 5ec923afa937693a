/**
 * The supervisors' reports as reads of the projection (README "Report figures"): plain GROUP BY
 * aggregates over indexed columns — assignment (unit_id, assigned_at), deadline (kind, status,
 * due_at), proposal's business key — and no query per row. Working days come from the calendar
 * in memory: the SQL returns how many assignments fall on each pair of days, not each assignment.
 * Not bound to Nest, so workflow tests read the same figures the API serves.
 */
import { DataSource, SelectQueryBuilder } from 'typeorm';
import {
  CONTACT_METHODS,
  clockLabel,
  addCalendarDays,
  daysBetween,
  endOfShanghaiDay,
  dueDateOf,
  labelOf,
  REPORT_METRICS,
  sessionRefZh,
  shanghaiDateOf,
  shippedPolicies,
  TERMINAL_CASE_STAGES,
  UNIT_DISPLAY_STAGES,
  UNIT_ROLE_LABELS,
  DISPLAY_STAGE_LABELS,
  caseRefZh,
  type Channel,
  type ContactMethod,
  type IsoDate,
  type ReportGroup,
  type WorkingDayCalendar,
} from '@banli/domain';
import {
  AssignmentEntity,
  DeadlineEntity,
  JurisdictionStore,
  overdueCaseSql,
  overdueDutySql,
  ProposalEntity,
  ReportFactEntity,
  ReportTotalEntity,
} from '@banli/persistence';
import { filterCases, type CaseFilters } from '../cases/case-filters';

const DAY_MS = 86_400_000;
/** Shanghai wall time of a stored UTC instant (China keeps UTC+8 all year). */
const local = (col: string) => `DATE_ADD(${col}, INTERVAL 8 HOUR)`;

/** Which assignments a caller's reports cover: all, or one unit's own (unit staff and leaders). */
export type ReportScope = { kind: 'all' } | { kind: 'unit'; unitId: string } | { kind: 'none' };

export interface ReportFilters extends CaseFilters {
  unitId?: string;
  /** Assigned on or after this Shanghai date (statistics). */
  from?: IsoDate;
  /** Assigned on or before this Shanghai date (statistics). */
  to?: IsoDate;
}

export interface OverdueFilters extends ReportFilters {
  /** Only duties at least this many calendar days late. */
  minDaysLate?: number;
}

export { REPORT_GROUPS as GROUP_BYS } from '@banli/domain';
export type GroupBy = ReportGroup;

/** A rate with what it is made of; `rate` is null when the denominator is 0. */
export interface Rate {
  numerator: number;
  denominator: number;
  rate: number | null;
}

export interface Satisfaction {
  /** Ratings given (无回复 not counted): the denominator of the three rates. */
  rated: number;
  noAnswer: number;
  satisfied: Rate;
  basicallySatisfied: Rate;
  dissatisfied: Rate;
  /** 满意 and 基本满意 together, as offices usually publish 满意率. */
  satisfiedOrBasically: Rate;
}

export interface DaysFigure {
  count: number;
  average: number | null;
  median: number | null;
}

export interface StatRow {
  key: string;
  label: string;
  assigned: number;
  replied: number;
  closed: number;
  rehandled: number;
  overdueNow: number;
  replyRate: Rate;
  closeRate: Rate;
  onTimeRate: Rate;
  satisfactionFirst: Satisfaction;
  satisfactionFinal: Satisfaction;
  contactRate: Rate;
  faceToFaceRate: Rate;
  contactByMethod: Record<ContactMethod, number>;
  classes: { code: string; label: string; share: Rate }[];
  signForDays: DaysFigure;
  replyDays: DaysFigure;
  /**
   * 上网率: first replies published ÷ first replies due to be published (公开属性 主动公开, or
   * published anyway); null when no reply is due to be published.
   */
  publishedRate: Rate | null;
}

export interface OverdueRow {
  caseId: string;
  citation: string;
  jurisdiction: string;
  channel: string;
  term: number;
  session: number;
  number: string;
  duringSession: boolean;
  title: string;
  keyCase: boolean;
  unitId: string;
  unitName: string | null;
  unitRole: string;
  unitRoleLabel: string;
  unitStage: string;
  unitStageLabel: string;
  clock: string;
  clockLabel: string;
  dueAt: Date;
  /** The last day the duty covered (Shanghai). */
  dueDate: IsoDate;
  daysLateCalendar: number;
  daysLateWorking: number;
  urgeCount: number;
  lastUrgedAt: Date | null;
}

const rate = (numerator: number, denominator: number): Rate => ({
  numerator,
  denominator,
  rate: denominator ? Math.round((numerator / denominator) * 10_000) / 10_000 : null,
});

const num = (v: unknown) => Number(v ?? 0);

/** A Shanghai calendar day of a stored instant, as text (no Date: the host's zone must not shift it). */
const dayOf = (col: string) => `DATE_FORMAT(${local(col)}, '%Y-%m-%d')`;

/**
 * cal.workingDaysBetween(from, to) for every (fromDay, toDay) pair of `rows` at once: each day of
 * their span is judged once, and a pair is the difference of two running counts — the same figure
 * (working days strictly after `from` up to `to`, 0 when `to` is not after `from`) without walking
 * every pair's days again (tens of thousands of pairs over years of history).
 */
export function workingDaysCounter(
  cal: WorkingDayCalendar,
  rows: { fromDay: IsoDate; toDay: IsoDate }[],
): (from: IsoDate, to: IsoDate) => number {
  if (!rows.length) return (from, to) => cal.workingDaysBetween(from, to);
  let first = rows[0].fromDay;
  let last = rows[0].toDay;
  for (const r of rows) {
    if (r.fromDay < first) first = r.fromDay;
    if (r.toDay < first) first = r.toDay;
    if (r.fromDay > last) last = r.fromDay;
    if (r.toDay > last) last = r.toDay;
  }
  // running.get(d): working days strictly after `first` up to and including d
  const running = new Map<IsoDate, number>([[first, 0]]);
  for (let d = first, n = 0; d < last;) {
    d = addCalendarDays(d, 1);
    if (cal.isWorkingDay(d).working) n++;
    running.set(d, n);
  }
  return (from, to) => (to > from ? running.get(to)! - running.get(from)! : 0);
}

/** Mean and median of values given as a histogram (value → how many). */
export function daysFigure(hist: Map<number, number>): DaysFigure {
  const values = [...hist.entries()].sort((a, b) => a[0] - b[0]);
  const count = values.reduce((n, [, c]) => n + c, 0);
  if (!count) return { count, average: null, median: null };
  const sum = values.reduce((s, [v, c]) => s + v * c, 0);
  const at = (i: number) => {
    for (const [v, c] of values) {
      if (i < c) return v;
      i -= c;
    }
    return values[values.length - 1][0];
  };
  const median = count % 2 ? at((count - 1) / 2) : (at(count / 2 - 1) + at(count / 2)) / 2;
  return { count, average: Math.round((sum / count) * 10) / 10, median };
}

interface Acc {
  assigned: number;
  replied: number;
  closed: number;
  onTime: number;
  rehandled: number;
  contacted: number;
  methods: Record<ContactMethod, number>;
  overdueNow: number;
  feedback: { first: Record<string, number>; final: Record<string, number> };
  classes: Map<string, number>;
  signFor: Map<number, number>;
  reply: Map<number, number>;
  published: number;
  publishable: number;
}

const emptyAcc = (): Acc => ({
  assigned: 0,
  replied: 0,
  closed: 0,
  onTime: 0,
  rehandled: 0,
  contacted: 0,
  methods: Object.fromEntries(CONTACT_METHODS.map((m) => [m, 0])) as Record<ContactMethod, number>,
  overdueNow: 0,
  feedback: { first: {}, final: {} },
  classes: new Map(),
  signFor: new Map(),
  reply: new Map(),
  published: 0,
  publishable: 0,
});

function satisfaction(counts: Record<string, number>): Satisfaction {
  const noAnswer = counts.noAnswer ?? 0;
  const rated = Object.entries(counts).reduce((n, [k, c]) => (k === 'noAnswer' ? n : n + c), 0);
  return {
    rated,
    noAnswer,
    satisfied: rate(counts.satisfied ?? 0, rated),
    basicallySatisfied: rate(counts.basicallySatisfied ?? 0, rated),
    dissatisfied: rate(counts.dissatisfied ?? 0, rated),
    satisfiedOrBasically: rate((counts.satisfied ?? 0) + (counts.basicallySatisfied ?? 0), rated),
  };
}

function merge(into: Acc, a: Acc): void {
  for (const k of [
    'assigned',
    'replied',
    'closed',
    'onTime',
    'rehandled',
    'contacted',
    'overdueNow',
    'published',
    'publishable',
  ] as const)
    into[k] += a[k];
  for (const m of CONTACT_METHODS) into.methods[m] += a.methods[m];
  for (const round of ['first', 'final'] as const)
    for (const [k, c] of Object.entries(a.feedback[round]))
      into.feedback[round][k] = (into.feedback[round][k] ?? 0) + c;
  for (const [m, src] of [
    [into.classes, a.classes],
    [into.signFor, a.signFor],
    [into.reply, a.reply],
  ] as [Map<unknown, number>, Map<unknown, number>][])
    for (const [k, c] of src) m.set(k, (m.get(k) ?? 0) + c);
}

const add = <K>(m: Map<K, number>, k: K, n: number) => m.set(k, (m.get(k) ?? 0) + n);

/** Reply class labels of the policies involved: the jurisdiction's own scheme (its current version) first. */
async function classLabels(ds: DataSource, jurisdiction?: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const store = JurisdictionStore.for(ds);
  const j = jurisdiction ? await store.find(jurisdiction) : undefined;
  const own = j ? await store.policies.find(j.policyId, j.policyVersion) : undefined;
  for (const c of own?.replyClasses ?? []) if (!out.has(c.code)) out.set(c.code, c.label);
  for (const [code, label] of SHIPPED_CLASS_LABELS) if (!out.has(code)) out.set(code, label);
  return out;
}

/** Every shipped policy's reply classes, in shipping order (read once, not copied per report). */
const SHIPPED_CLASS_LABELS: [string, string][] = shippedPolicies().flatMap((p) =>
  p.replyClasses.map((c): [string, string] => [c.code, c.label]),
);

export class ReportQueries {
  constructor(
    private readonly ds: DataSource,
    private readonly calendar: () => Promise<WorkingDayCalendar>,
    /**
     * `assignments`: compute the statistics from the assignments even without a date range (the
     * definition the kept sums are checked against); by default they are summed from report_fact.
     */
    private readonly statisticsFrom: 'facts' | 'assignments' = 'facts',
  ) {}

  // -------------------------------------------------------------------------------------------
  // Shared filters

  /** Assignments (alias a, joined to proposal p) a report covers. */
  private assignments(scope: ReportScope, f: ReportFilters): SelectQueryBuilder<AssignmentEntity> {
    const qb = this.ds
      .getRepository(AssignmentEntity)
      .createQueryBuilder('a')
      .innerJoin(ProposalEntity, 'p', 'p.id = a.proposal_id')
      .where('a.active = 1');
    return this.filter(qb, scope, f);
  }

  private filter<T extends object>(qb: SelectQueryBuilder<T>, scope: ReportScope, f: ReportFilters) {
    if (scope.kind === 'none') qb.andWhere('1 = 0');
    if (scope.kind === 'unit') qb.andWhere('a.unit_id = :scopeUnit', { scopeUnit: scope.unitId });
    filterCases(qb, f);
    if (f.unitId) qb.andWhere('a.unit_id = :unitId', { unitId: f.unitId });
    // a Shanghai date range of assignment, as instants: [from 00:00+08, to 24:00+08)
    if (f.from) qb.andWhere('a.assigned_at >= :from', { from: new Date(`${f.from}T00:00:00+08:00`) });
    if (f.to)
      qb.andWhere('a.assigned_at < :to', { to: new Date(Date.parse(`${f.to}T00:00:00+08:00`) + DAY_MS) });
    return qb;
  }

  private groupKey(groupBy: GroupBy | null): string {
    switch (groupBy) {
      case 'unit':
        return 'a.unit_id';
      case 'session':
        return "CONCAT(p.jurisdiction, '|', p.channel, '|', p.term, '|', p.session)";
      case 'jurisdiction':
        return 'p.jurisdiction';
      case 'month':
        return `DATE_FORMAT(${local('a.assigned_at')}, '%Y-%m')`;
      default:
        return "'all'";
    }
  }

  // -------------------------------------------------------------------------------------------
  // Overdue report

  /**
   * The overdue duties a report covers, as a read of `deadline` alone: the range of its open-duty
   * index, narrowed by unit and key case on the same index; only the session filters join the case.
   * An open duty is always a live unit's (a replaced or removed unit's clocks close with it).
   */
  private overdueDuties(scope: ReportScope, f: OverdueFilters, now: Date) {
    // at least N calendar days late ⇔ its last day is today − N or earlier ⇔ due by the end of that day
    const today = shanghaiDateOf(now.toISOString());
    const cutoff = f.minDaysLate ? new Date(endOfShanghaiDay(addCalendarDays(today, -f.minDaysLate))) : now;
    const qb = this.ds
      .getRepository(DeadlineEntity)
      .createQueryBuilder('d')
      .where(overdueDutySql('d'), { now: cutoff })
      .andWhere('d.unit_stage IS NOT NULL');
    if (scope.kind === 'none') qb.andWhere('1 = 0');
    if (scope.kind === 'unit') qb.andWhere('d.scope = :scopeUnit', { scopeUnit: scope.unitId });
    if (f.unitId) qb.andWhere('d.scope = :unitId', { unitId: f.unitId });
    if (f.keyCase !== undefined) qb.andWhere('d.key_case = :keyCase', { keyCase: f.keyCase });
    const { jurisdiction, channel, term, session } = f;
    if ([jurisdiction, channel, term, session].some((x) => x !== undefined)) {
      qb.innerJoin(ProposalEntity, 'p', 'p.id = d.proposal_id');
      filterCases(qb, { jurisdiction, channel, term, session });
    }
    return qb;
  }

  async overdue(scope: ReportScope, f: OverdueFilters, now: Date, page = 1, pageSize = 200) {
    // two reads of the one range: the page's keys in report order, and the counts by unit and stage
    const [pageKeys, counts, cal] = await Promise.all([
      this.overdueDuties(scope, f, now)
        .select('d.id', 'id')
        .orderBy('d.key_case', 'DESC')
        .addOrderBy('d.due_at', 'ASC')
        .addOrderBy('d.proposal_id', 'ASC')
        .addOrderBy('d.scope', 'ASC')
        .addOrderBy('d.clock', 'ASC')
        .offset((page - 1) * pageSize)
        .limit(pageSize)
        .getRawMany<{ id: string }>(),
      this.overdueDuties(scope, f, now)
        .select(['d.scope AS unitId', 'd.unit_stage AS stage', 'COUNT(*) AS count'])
        .addSelect('SUM(d.key_case)', 'keyCases')
        .groupBy('d.scope')
        .addGroupBy('d.unit_stage')
        .getRawMany(),
      this.calendar(),
    ]);
    const ids = pageKeys.map((k) => k.id);
    const unitIds = [...new Set(counts.map((c) => c.unitId as string))];
    const [details, units] = await Promise.all([
      ids.length
        ? this.ds
            .getRepository(DeadlineEntity)
            .createQueryBuilder('d')
            .innerJoin(AssignmentEntity, 'a', 'a.proposal_id = d.proposal_id AND a.unit_id = d.scope')
            .innerJoin(ProposalEntity, 'p', 'p.id = d.proposal_id')
            .leftJoin('unit', 'u', 'u.id = a.unit_id')
            .where('d.id IN (:...ids)', { ids })
            .select([
              'd.id AS id',
              'p.id AS caseId',
              'p.jurisdiction AS jurisdiction',
              'p.channel AS channel',
              'p.term AS term',
              'p.session AS session',
              'p.number AS number',
              'p.during_session AS duringSession',
              'p.title AS title',
              'p.key_case AS keyCase',
              'a.unit_id AS unitId',
              'u.name AS unitName',
              'a.role AS unitRole',
              'a.stage AS unitStage',
              'a.urge_count AS urgeCount',
              'a.last_urged_at AS lastUrgedAt',
              'd.clock AS clock',
              'd.due_at AS dueAt',
            ])
            .getRawMany()
        : [],
      // in the database's collation order, the order of units with as many overdue duties
      unitIds.length
        ? this.ds
            .createQueryBuilder()
            .select(['u.id AS id', 'u.name AS name'])
            .from('unit', 'u')
            .where('u.id IN (:...unitIds)', { unitIds })
            .orderBy('u.name', 'ASC')
            .getRawMany<{ id: string; name: string }>()
        : [],
    ]);
    const byId = new Map(details.map((r) => [r.id as string, r]));
    const raw = ids.map((id) => byId.get(id)).filter((r) => r !== undefined);
    const total = counts.reduce((n, c) => n + num(c.count), 0);
    const unitName = new Map(units.map((u) => [u.id, u.name]));
    const nameRank = new Map(units.map((u, i) => [u.id, i]));
    const byUnitMap = new Map<
      string,
      { unitId: string; unitName: string | null; count: number; keyCases: number }
    >();
    const byStageMap = new Map<string, number>();
    for (const c of counts) {
      const u = byUnitMap.get(c.unitId) ?? {
        unitId: c.unitId as string,
        unitName: unitName.get(c.unitId) ?? null,
        count: 0,
        keyCases: 0,
      };
      u.count += num(c.count);
      u.keyCases += num(c.keyCases);
      byUnitMap.set(c.unitId, u);
      byStageMap.set(c.stage, (byStageMap.get(c.stage) ?? 0) + num(c.count));
    }
    // units with no name (none in the unit table) first, as NULL sorts first in the database
    const rank = (id: string) => nameRank.get(id) ?? -1;
    const byUnit = [...byUnitMap.values()].sort(
      (x, y) => y.count - x.count || rank(x.unitId) - rank(y.unitId),
    );
    const today = shanghaiDateOf(now.toISOString());
    const working = new Map<IsoDate, number>();
    const rows: OverdueRow[] = raw.map((r) => {
      const dueAt = new Date(r.dueAt);
      const due = dueDateOf(dueAt);
      if (!working.has(due)) working.set(due, cal.workingDaysBetween(due, today));
      const channel = r.channel as Channel;
      return {
        caseId: r.caseId,
        citation: caseRefZh({
          channel,
          term: num(r.term),
          session: num(r.session),
          number: r.number,
          duringSession: !!num(r.duringSession),
        }),
        jurisdiction: r.jurisdiction,
        channel,
        term: num(r.term),
        session: num(r.session),
        number: r.number,
        duringSession: !!num(r.duringSession),
        title: r.title,
        keyCase: !!num(r.keyCase),
        unitId: r.unitId,
        unitName: r.unitName ?? null,
        unitRole: r.unitRole,
        unitRoleLabel: labelOf(UNIT_ROLE_LABELS, r.unitRole),
        unitStage: r.unitStage,
        unitStageLabel: labelOf(DISPLAY_STAGE_LABELS, r.unitStage),
        clock: r.clock,
        clockLabel: clockLabel(r.clock),
        dueAt,
        dueDate: due,
        daysLateCalendar: daysBetween(due, today),
        daysLateWorking: working.get(due)!,
        urgeCount: num(r.urgeCount),
        lastUrgedAt: r.lastUrgedAt ? new Date(r.lastUrgedAt) : null,
      };
    });
    const stageOrder = (s: string) => (UNIT_DISPLAY_STAGES as readonly string[]).indexOf(s);
    return {
      generatedAt: now,
      total,
      page,
      pageSize,
      rows,
      byUnit,
      byStage: [...byStageMap.entries()]
        .map(([stage, count]) => ({ stage, label: labelOf(DISPLAY_STAGE_LABELS, stage), count }))
        .sort((a, b) => stageOrder(a.stage) - stageOrder(b.stage)),
    };
  }

  // -------------------------------------------------------------------------------------------
  // Handling statistics

  /**
   * The figures per group. Without a date range they are the sums the projection keeps
   * (report_fact) and the duties overdue now; a range of assignment dates reads the assignments.
   */
  private accumulate(scope: ReportScope, f: ReportFilters, groupBy: GroupBy | null, now: Date) {
    return f.from || f.to || this.statisticsFrom === 'assignments'
      ? this.accumulateAssignments(scope, f, groupBy, now)
      : this.accumulateFacts(scope, f, groupBy, now);
  }

  /**
   * The figures per group from the kept sums: one GROUP BY over them, one over overdue duties. Asked
   * for no term, session or month, they are read from report_total (all sessions summed, a few rows
   * per unit whatever the years of history), else from report_fact (per session and month).
   */
  private async accumulateFacts(scope: ReportScope, f: ReportFilters, groupBy: GroupBy | null, now: Date) {
    const { jurisdiction, channel, term, session } = f;
    const allSessions =
      term === undefined && session === undefined && groupBy !== 'session' && groupBy !== 'month';
    const sums = this.ds.createQueryBuilder().from(allSessions ? ReportTotalEntity : ReportFactEntity, 'f');
    const overdue = this.ds
      .getRepository(DeadlineEntity)
      .createQueryBuilder('d')
      .where(overdueDutySql('d'), { now })
      .andWhere('d.unit_stage IS NOT NULL');
    const sessionFilters = { jurisdiction, channel, term, session };
    filterCases(sums, { ...sessionFilters, keyCase: f.keyCase }, 'f');
    if (f.keyCase !== undefined) overdue.andWhere('d.key_case = :keyCase', { keyCase: f.keyCase });
    if (
      groupBy === 'session' ||
      groupBy === 'jurisdiction' ||
      Object.values(sessionFilters).some((x) => x !== undefined)
    ) {
      overdue.innerJoin(ProposalEntity, 'p', 'p.id = d.proposal_id');
      filterCases(overdue, sessionFilters);
    }
    for (const [qb, unit] of [
      [sums, 'f.unit_id'],
      [overdue, 'd.scope'],
    ] as const) {
      if (scope.kind === 'none') qb.andWhere('1 = 0');
      if (scope.kind === 'unit') qb.andWhere(`${unit} = :scopeUnit`, { scopeUnit: scope.unitId });
      if (f.unitId) qb.andWhere(`${unit} = :unitId`, { unitId: f.unitId });
    }
    let overdueKey = this.groupKey(groupBy).replace('a.unit_id', 'd.scope');
    if (groupBy === 'month') {
      overdue.innerJoin(AssignmentEntity, 'a', 'a.proposal_id = d.proposal_id AND a.unit_id = d.scope');
      overdueKey = this.groupKey('month');
    }
    const factKey =
      groupBy === 'month'
        ? 'f.month'
        : this.groupKey(groupBy).replace('a.unit_id', 'f.unit_id').replace(/\bp\./g, 'f.');
    const [factRows, overdueRows] = await Promise.all([
      sums
        .select([`${factKey} AS k`, 'f.metric AS metric', 'f.bucket AS bucket', 'SUM(f.n) AS n'])
        .groupBy('k')
        .addGroupBy('f.metric')
        .addGroupBy('f.bucket')
        .having('SUM(f.n) <> 0')
        .getRawMany(),
      overdue
        .select([`${overdueKey} AS k`, 'COUNT(*) AS n'])
        .groupBy('k')
        .getRawMany(),
    ]);
    const groups = new Map<string, Acc>();
    const acc = (k: unknown) => {
      const id = String(k);
      if (!groups.has(id)) groups.set(id, emptyAcc());
      return groups.get(id)!;
    };
    const M = REPORT_METRICS;
    const counters = {
      [M.assigned]: 'assigned',
      [M.replied]: 'replied',
      [M.closed]: 'closed',
      [M.onTime]: 'onTime',
      [M.rehandled]: 'rehandled',
      [M.contacted]: 'contacted',
      [M.published]: 'published',
      [M.publishable]: 'publishable',
    } as const satisfies Record<string, keyof Acc>;
    for (const r of factRows) {
      const a = acc(r.k);
      const n = num(r.n);
      const metric = r.metric as string;
      const rest = (prefix: string) => (metric.startsWith(prefix) ? metric.slice(prefix.length) : null);
      let v: string | null;
      if (metric in counters) a[counters[metric as keyof typeof counters]] += n;
      else if (metric === M.signDays) add(a.signFor, num(r.bucket), n);
      else if (metric === M.replyDays) add(a.reply, num(r.bucket), n);
      else if ((v = rest(M.method)) !== null && v in a.methods) a.methods[v as ContactMethod] += n;
      else if ((v = rest(M.firstRating)) !== null) a.feedback.first[v] = (a.feedback.first[v] ?? 0) + n;
      else if ((v = rest(M.finalRating)) !== null) a.feedback.final[v] = (a.feedback.final[v] ?? 0) + n;
      else if ((v = rest(M.replyClass)) !== null) add(a.classes, v, n);
    }
    for (const r of overdueRows) acc(r.k).overdueNow += num(r.n);
    return groups;
  }

  /** The figures per group from the assignments, merged from six GROUP BY reads. */
  private async accumulateAssignments(
    scope: ReportScope,
    f: ReportFilters,
    groupBy: GroupBy | null,
    now: Date,
  ) {
    const key = this.groupKey(groupBy);
    const replying = (qb: SelectQueryBuilder<any>) => qb.andWhere("a.role <> 'co'");
    const methodSums = CONTACT_METHODS.map(
      (m) => `SUM(FIND_IN_SET('${m}', a.contact_methods) > 0) AS m_${m}`,
    );
    const [mainRows, feedbackRows, classRows, signRows, replyRows, overdueRows, cal] = await Promise.all([
      replying(this.assignments(scope, f))
        .select([
          `${key} AS k`,
          'COUNT(*) AS assigned',
          'SUM(a.first_replied_at IS NOT NULL) AS replied',
          "SUM(p.stage = 'CLOSED') AS closed",
          'SUM(a.first_reply_late = 0) AS onTime',
          'SUM(a.round > 1) AS rehandled',
          "SUM(a.contact_methods <> '') AS contacted",
          ...methodSums,
        ])
        .groupBy('k')
        .getRawMany(),
      replying(this.assignments(scope, f))
        .innerJoin('feedback', 'f', 'f.proposal_id = a.proposal_id AND f.unit_id = a.unit_id')
        .select([
          `${key} AS k`,
          'f.round = 1 AS first',
          'f.final AS final',
          'f.rating AS rating',
          'COUNT(*) AS n',
        ])
        .groupBy('k')
        .addGroupBy('first')
        .addGroupBy('final')
        .addGroupBy('rating')
        .getRawMany(),
      replying(this.assignments(scope, f))
        .innerJoin(
          'reply',
          'r',
          "r.proposal_id = a.proposal_id AND r.unit_id = a.unit_id AND r.kind = 'reply' AND r.round = 1",
        )
        .select([
          `${key} AS k`,
          'r.reply_class AS code',
          'COUNT(*) AS n',
          // 上网率 over the same first replies
          'SUM(r.published_at IS NOT NULL) AS published',
          "SUM(r.publicity = 'active' OR r.published_at IS NOT NULL) AS publishable",
        ])
        .groupBy('k')
        .addGroupBy('code')
        .getRawMany(),
      this.assignments(scope, f)
        .andWhere('a.received_at IS NOT NULL')
        .select([
          `${key} AS k`,
          `${dayOf('a.assigned_at')} AS fromDay`,
          `${dayOf('a.received_at')} AS toDay`,
          'COUNT(*) AS n',
        ])
        .groupBy('k')
        .addGroupBy('fromDay')
        .addGroupBy('toDay')
        .getRawMany(),
      replying(this.assignments(scope, f))
        .andWhere('a.first_replied_at IS NOT NULL')
        .select([
          `${key} AS k`,
          `${dayOf('a.assigned_at')} AS fromDay`,
          `${dayOf('a.first_replied_at')} AS toDay`,
          'COUNT(*) AS n',
        ])
        .groupBy('k')
        .addGroupBy('fromDay')
        .addGroupBy('toDay')
        .getRawMany(),
      this.assignments(scope, f)
        .innerJoin('deadline', 'd', 'd.proposal_id = a.proposal_id AND d.scope = a.unit_id')
        .andWhere(overdueDutySql('d'), { now })
        .select([`${key} AS k`, 'COUNT(*) AS n'])
        .groupBy('k')
        .getRawMany(),
      this.calendar(),
    ]);
    const groups = new Map<string, Acc>();
    const acc = (k: unknown) => {
      const id = String(k);
      if (!groups.has(id)) groups.set(id, emptyAcc());
      return groups.get(id)!;
    };
    for (const r of mainRows) {
      const a = acc(r.k);
      a.assigned += num(r.assigned);
      a.replied += num(r.replied);
      a.closed += num(r.closed);
      a.onTime += num(r.onTime);
      a.rehandled += num(r.rehandled);
      a.contacted += num(r.contacted);
      for (const m of CONTACT_METHODS) a.methods[m] += num(r[`m_${m}`]);
    }
    for (const r of feedbackRows) {
      const a = acc(r.k);
      const n = num(r.n);
      if (num(r.first)) a.feedback.first[r.rating] = (a.feedback.first[r.rating] ?? 0) + n;
      if (num(r.final)) a.feedback.final[r.rating] = (a.feedback.final[r.rating] ?? 0) + n;
    }
    for (const r of classRows) {
      const a = acc(r.k);
      add(a.classes, (r.code as string | null) ?? '', num(r.n));
      a.published += num(r.published);
      a.publishable += num(r.publishable);
    }
    const days = workingDaysCounter(cal, [...signRows, ...replyRows]);
    for (const r of signRows) add(acc(r.k).signFor, days(r.fromDay, r.toDay), num(r.n));
    for (const r of replyRows) add(acc(r.k).reply, days(r.fromDay, r.toDay), num(r.n));
    for (const r of overdueRows) acc(r.k).overdueNow += num(r.n);
    return groups;
  }

  private row(key: string, label: string, a: Acc, classNames: Map<string, string>): StatRow {
    const classTotal = [...a.classes.values()].reduce((s, n) => s + n, 0);
    return {
      key,
      label,
      assigned: a.assigned,
      replied: a.replied,
      closed: a.closed,
      rehandled: a.rehandled,
      overdueNow: a.overdueNow,
      replyRate: rate(a.replied, a.assigned),
      closeRate: rate(a.closed, a.assigned),
      onTimeRate: rate(a.onTime, a.replied),
      satisfactionFirst: satisfaction(a.feedback.first),
      satisfactionFinal: satisfaction(a.feedback.final),
      contactRate: rate(a.contacted, a.assigned),
      faceToFaceRate: rate(a.methods.faceToFace, a.assigned),
      contactByMethod: { ...a.methods },
      classes: [...a.classes.entries()]
        .sort((x, y) => x[0].localeCompare(y[0]))
        .map(([code, n]) => ({
          code,
          label: code ? (classNames.get(code) ?? code) : '未分类',
          share: rate(n, classTotal),
        })),
      signForDays: daysFigure(a.signFor),
      replyDays: daysFigure(a.reply),
      publishedRate: a.publishable ? rate(a.published, a.publishable) : null,
    };
  }

  private async labels(groupBy: GroupBy, keys: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (groupBy === 'unit' && keys.length) {
      const units: { id: string; name: string }[] = await this.ds
        .createQueryBuilder()
        .select(['u.id AS id', 'u.name AS name'])
        .from('unit', 'u')
        .where('u.id IN (:...ids)', { ids: keys })
        .getRawMany();
      for (const u of units) out.set(u.id, u.name);
    }
    const jurisdictions =
      groupBy === 'session' || groupBy === 'jurisdiction'
        ? await JurisdictionStore.for(this.ds).names(keys.map((k) => k.split('|')[0]))
        : new Map<string, string>();
    for (const k of keys) {
      if (out.has(k)) continue;
      if (groupBy === 'session') {
        const [jurisdiction, channel, term, session] = k.split('|');
        out.set(
          k,
          `${jurisdictions.get(jurisdiction) ?? jurisdiction} ${sessionRefZh({ channel: channel as Channel, term: Number(term), session: Number(session) })}`,
        );
      } else if (groupBy === 'jurisdiction') out.set(k, jurisdictions.get(k) ?? k);
      else if (groupBy === 'month') out.set(k, `${Number(k.slice(0, 4))}年${Number(k.slice(5, 7))}月`);
      else out.set(k, k);
    }
    return out;
  }

  async statistics(scope: ReportScope, f: ReportFilters, groupBy: GroupBy, now: Date) {
    const classNames = await classLabels(this.ds, f.jurisdiction);
    const groups = await this.accumulate(scope, f, groupBy, now);
    const keys = [...groups.keys()].sort();
    const labels = await this.labels(groupBy, keys);
    const total = emptyAcc();
    for (const a of groups.values()) merge(total, a);
    const rows = keys.map((k) => this.row(k, labels.get(k) ?? k, groups.get(k)!, classNames));
    if (groupBy === 'unit')
      rows.sort((x, y) => y.assigned - x.assigned || x.label.localeCompare(y.label, 'zh'));
    // a unit sees its own figures beside those of every unit the same filters cover
    const benchmark =
      scope.kind === 'unit'
        ? this.row(
            'all',
            '全部承办单位',
            (await this.accumulate({ kind: 'all' }, { ...f, unitId: undefined }, null, now)).get('all') ??
              emptyAcc(),
            classNames,
          )
        : null;
    return {
      groupBy,
      generatedAt: now,
      groups: rows,
      total: this.row('total', '合计', total, classNames),
      benchmark,
    };
  }

  // -------------------------------------------------------------------------------------------
  // Dashboard

  /** Case counts for the 督办看板, and replies per month for its trend (last 12 months). */
  async dashboard(scope: ReportScope, f: ReportFilters, now: Date) {
    const cases = () => {
      const qb = this.ds.getRepository(ProposalEntity).createQueryBuilder('p');
      if (scope.kind === 'none') qb.where('1 = 0');
      if (scope.kind === 'unit' || f.unitId)
        qb.andWhere(
          'EXISTS (SELECT 1 FROM assignment a WHERE a.proposal_id = p.id AND a.active = 1 AND a.unit_id = :u)',
          { u: scope.kind === 'unit' ? scope.unitId : f.unitId },
        );
      return filterCases(qb, f);
    };
    const open = `p.stage NOT IN (${TERMINAL_CASE_STAGES.map((s) => `'${s}'`).join(', ')})`;
    const since = new Date(`${shanghaiDateOf(now.toISOString()).slice(0, 7)}-01T00:00:00+08:00`);
    since.setUTCMonth(since.getUTCMonth() - 11);
    const [openCases, overdue, dueSoon, keyCases, monthly] = await Promise.all([
      cases().andWhere(open).getCount(),
      cases().andWhere(overdueCaseSql('p'), { now }).getCount(),
      cases()
        .andWhere('p.next_due_at > :now AND p.next_due_at <= :soon', {
          now,
          soon: new Date(now.getTime() + 7 * DAY_MS),
        })
        .getCount(),
      cases().andWhere(open).andWhere('p.key_case = 1').getCount(),
      this.assignments(scope, { ...f, from: undefined, to: undefined })
        .andWhere("a.role <> 'co'")
        .andWhere('a.first_replied_at >= :since', { since })
        .select([
          `DATE_FORMAT(${local('a.first_replied_at')}, '%Y-%m') AS month`,
          'COUNT(*) AS replied',
          'SUM(a.first_reply_late = 1) AS late',
        ])
        .groupBy('month')
        .orderBy('month', 'ASC')
        .getRawMany(),
    ]);
    return {
      generatedAt: now,
      counts: { open: openCases, overdue, dueWithin7Days: dueSoon, keyCases },
      monthly: monthly.map((r) => ({ month: r.month as string, replied: num(r.replied), late: num(r.late) })),
    };
  }
}
