import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JurisdictionStore } from '@banli/persistence';
import {
  CHANNEL_LABELS,
  CONTACT_METHOD_LABELS,
  findScoringScheme,
  pick,
  REPORT_GROUP_LABELS,
  scoreUnit,
  type UnitFigures,
} from '@banli/domain';
import type { Principal } from '../auth/principal';
import { CalendarService } from '../calendar/calendar.service';
import { CaseAccessService } from '../cases/case-access.service';
import { BanliProblem } from '../common/problem';
import { UnitsService } from '../units/units.service';
import { exportFile, type Column } from './export';
import { ReportQueries, type OverdueRow, type ReportFilters, type StatRow } from './report-queries';
import type {
  DashboardQuery,
  OverdueReportQuery,
  ReportFiltersQuery,
  ScoresQuery,
  StatisticsQuery,
} from './reports.dto';

/** Largest overdue report a file holds (the screen pages; a file has every row up to this). */
export const EXPORT_MAX_ROWS = 50_000;

/** The filters as one line of words, for the title row of an exported file. */
export function filtersInWords(
  q: ReportFiltersQuery & { from?: string; to?: string; minDaysLate?: number },
  unitName?: string | null,
  jurisdictionName?: string | null,
) {
  const parts: string[] = [];
  if (q.jurisdiction) parts.push(`辖区 ${jurisdictionName ?? q.jurisdiction}`);
  if (q.channel) parts.push(CHANNEL_LABELS[q.channel].zh);
  if (q.term !== undefined) parts.push(`第${q.term}届`);
  if (q.session !== undefined) parts.push(`第${q.session}次会议`);
  if (q.unitId) parts.push(`承办单位 ${unitName ?? q.unitId}`);
  if (q.keyCase !== undefined) parts.push(q.keyCase ? '仅重点督办件' : '非重点督办件');
  if (q.from || q.to) parts.push(`交办日期 ${q.from ?? '…'} 至 ${q.to ?? '…'}`);
  if (q.minDaysLate) parts.push(`逾期至少 ${q.minDaysLate} 日`);
  return parts.join('；');
}

const OVERDUE_COLUMNS: Column<OverdueRow>[] = [
  { header: '编号', width: 30, value: (r) => r.citation },
  { header: '标题', width: 40, value: (r) => r.title },
  { header: '承办单位', width: 20, value: (r) => r.unitName ?? r.unitId },
  { header: '承办方式', width: 10, value: (r) => r.unitRoleLabel },
  { header: '时限', width: 14, value: (r) => r.clockLabel },
  { header: '到期日', width: 12, type: 'date', value: (r) => r.dueDate },
  { header: '逾期自然日', width: 12, type: 'number', value: (r) => r.daysLateCalendar },
  { header: '逾期工作日', width: 12, type: 'number', value: (r) => r.daysLateWorking },
  { header: '阶段', width: 16, value: (r) => r.unitStageLabel },
  { header: '重点督办', width: 10, value: (r) => r.keyCase },
  { header: '催办次数', width: 10, type: 'number', value: (r) => r.urgeCount },
  { header: '最近催办', width: 18, type: 'datetime', value: (r) => r.lastUrgedAt },
];

function statColumns(groupHeader: string, rows: StatRow[]): Column<StatRow>[] {
  const classes = [
    ...new Map(rows.flatMap((r) => r.classes.map((c) => [c.code, c.label] as const))).entries(),
  ].sort((a, b) => a[0].localeCompare(b[0]));
  const pct = (header: string, v: (r: StatRow) => number | null): Column<StatRow> => ({
    header,
    width: 12,
    type: 'percent',
    value: v,
  });
  const n = (header: string, v: (r: StatRow) => number | null): Column<StatRow> => ({
    header,
    width: 10,
    type: 'number',
    value: v,
  });
  return [
    { header: groupHeader, width: 28, value: (r) => r.label },
    n('交办', (r) => r.assigned),
    n('已答复', (r) => r.replied),
    pct('办复率', (r) => r.replyRate.rate),
    n('已办结', (r) => r.closed),
    pct('办结率', (r) => r.closeRate.rate),
    pct('按时办复率', (r) => r.onTimeRate.rate),
    pct('初次满意率', (r) => r.satisfactionFirst.satisfied.rate),
    pct('初次基本满意率', (r) => r.satisfactionFirst.basicallySatisfied.rate),
    pct('初次不满意率', (r) => r.satisfactionFirst.dissatisfied.rate),
    pct('最终满意率', (r) => r.satisfactionFinal.satisfied.rate),
    pct('最终基本满意率', (r) => r.satisfactionFinal.basicallySatisfied.rate),
    pct('最终不满意率', (r) => r.satisfactionFinal.dissatisfied.rate),
    pct('沟通率', (r) => r.contactRate.rate),
    pct('面商率', (r) => r.faceToFaceRate.rate),
    ...(['phone', 'visit', 'letter', 'online'] as const).map((m) =>
      n(`${pick(CONTACT_METHOD_LABELS[m])}沟通`, (r) => r.contactByMethod[m]),
    ),
    ...classes.map(([code, label]) =>
      pct(`${code}类（${label}）`, (r) => r.classes.find((c) => c.code === code)?.share.rate ?? 0),
    ),
    n('重新办理', (r) => r.rehandled),
    n('平均签收用时', (r) => r.signForDays.average),
    n('签收用时中位数', (r) => r.signForDays.median),
    n('平均答复用时', (r) => r.replyDays.average),
    n('答复用时中位数', (r) => r.replyDays.median),
    n('当前逾期', (r) => r.overdueNow),
  ];
}

/** What a scheme scores, from a unit's statistics row. */
export function unitFigures(r: StatRow): UnitFigures {
  return {
    rates: {
      replyRate: r.replyRate,
      closeRate: r.closeRate,
      onTimeRate: r.onTimeRate,
      contactRate: r.contactRate,
      faceToFaceRate: r.faceToFaceRate,
      satisfactionFirst: r.satisfactionFirst.satisfiedOrBasically,
      satisfactionFinal: r.satisfactionFinal.satisfiedOrBasically,
    },
    counts: {
      lateReplies: r.replied - r.onTimeRate.numerator,
      dissatisfiedFinal: r.satisfactionFinal.dissatisfied.numerator,
      overdueNow: r.overdueNow,
      rehandled: r.rehandled,
    },
  };
}

type RankedUnit = { rank: number; unitId: string; unitName: string } & ReturnType<typeof scoreUnit>;

const SCORE_COLUMNS: Column<RankedUnit>[] = [
  { header: '名次', width: 8, type: 'number', value: (r) => r.rank },
  { header: '承办单位', width: 24, value: (r) => r.unitName },
  { header: '得分', width: 10, type: 'number', value: (r) => r.score },
  {
    header: '各项得分',
    width: 50,
    value: (r) => r.items.map((i) => `${i.label} ${i.earned}/${i.points}`).join('；'),
  },
  {
    header: '失分与扣分原因',
    width: 80,
    value: (r) =>
      [...r.items.map((i) => i.reason).filter(Boolean), ...r.deductions.map((d) => d.reason)].join('；'),
  },
];

@Injectable()
export class ReportsService {
  readonly queries: ReportQueries;
  private readonly jurisdictions: JurisdictionStore;

  constructor(
    @InjectDataSource() ds: DataSource,
    private readonly access: CaseAccessService,
    private readonly units: UnitsService,
    calendar: CalendarService,
  ) {
    this.queries = new ReportQueries(ds, () => calendar.store.calendar());
    this.jurisdictions = JurisdictionStore.for(ds);
  }

  /** The filters in words, naming the filtered unit and jurisdiction. */
  private async inWords(q: Parameters<typeof filtersInWords>[0]) {
    return filtersInWords(
      q,
      await this.units.nameOf(q.unitId),
      await this.jurisdictions.nameOf(q.jurisdiction),
    );
  }

  private filters(q: ReportFiltersQuery & { from?: string; to?: string }): ReportFilters {
    if (q.from && q.to && q.from > q.to)
      throw new BanliProblem(
        HttpStatus.BAD_REQUEST,
        'INVALID_RANGE',
        `起始日期晚于截止日期 (from ${q.from} is after to ${q.to})`,
        { from: q.from, to: q.to },
      );
    const { format: _f, ...rest } = q;
    return rest as ReportFilters;
  }

  async overdue(p: Principal, q: OverdueReportQuery, now = new Date()) {
    const f = { ...this.filters(q), minDaysLate: q.minDaysLate };
    const scope = this.access.reportScope(p);
    if (!q.format || q.format === 'json')
      return this.queries.overdue(scope, f, now, q.page ?? 1, q.pageSize ?? 200);
    const r = await this.queries.overdue(scope, f, now, 1, EXPORT_MAX_ROWS);
    return exportFile(q.format, 'overdue-report', {
      title: '逾期事项报表',
      filters: await this.inWords(q),
      generatedAt: now,
      columns: OVERDUE_COLUMNS,
      rows: r.rows,
      matched: r.total,
    });
  }

  async statistics(p: Principal, q: StatisticsQuery, now = new Date()) {
    const groupBy = q.groupBy ?? 'unit';
    const r = await this.queries.statistics(this.access.reportScope(p), this.filters(q), groupBy, now);
    if (!q.format || q.format === 'json') return r;
    const rows = [...r.groups, r.total, ...(r.benchmark ? [r.benchmark] : [])];
    return exportFile(q.format, 'statistics', {
      title: '办理情况统计',
      filters: await this.inWords(q),
      generatedAt: now,
      columns: statColumns(pick(REPORT_GROUP_LABELS[groupBy]), rows),
      rows,
    });
  }

  /**
   * The ranking of units under the jurisdiction's scoring scheme (404 SCORING_NOT_CONFIGURED when it
   * has none); every unit is ranked, a unit account receives its own row with its rank.
   */
  async scores(p: Principal, q: ScoresQuery, now = new Date()) {
    // the DTO requires it, but the filters it extends make it optional to class-validator
    if (!q.jurisdiction)
      throw new BanliProblem(
        HttpStatus.BAD_REQUEST,
        'VALIDATION_FAILED',
        '请指定辖区 (jurisdiction is required)',
        {
          errors: [{ field: 'jurisdiction', message: 'jurisdiction is required', messageZh: '请指定辖区' }],
        },
      );
    const scheme = findScoringScheme(q.jurisdiction);
    if (!scheme)
      throw new BanliProblem(
        HttpStatus.NOT_FOUND,
        'SCORING_NOT_CONFIGURED',
        `辖区 ${q.jurisdiction} 未配置承办单位考核评分办法 (no scoring scheme for this jurisdiction)`,
        { jurisdiction: q.jurisdiction },
      );
    const scope = this.access.reportScope(p);
    const stats = await this.queries.statistics(
      { kind: 'all' },
      this.filters({ ...q, unitId: undefined }),
      'unit',
      now,
    );
    const scored = stats.groups
      .map((g) => ({ unitId: g.key, unitName: g.label, ...scoreUnit(scheme, unitFigures(g)) }))
      .sort((a, b) => b.score - a.score || a.unitName.localeCompare(b.unitName, 'zh'));
    const ranked: RankedUnit[] = scored.map((u) => ({
      ...u,
      rank: 1 + scored.filter((o) => o.score > u.score).length,
    }));
    const units =
      scope.kind === 'all'
        ? ranked
        : ranked.filter((u) => scope.kind === 'unit' && u.unitId === scope.unitId);
    const info = {
      policyId: scheme.policyId,
      version: scheme.version,
      name: scheme.name,
      fullMarks: scheme.fullMarks,
      notes: scheme.notes ?? [],
    };
    if (!q.format || q.format === 'json')
      return { generatedAt: now, scheme: info, rankedUnits: ranked.length, units };
    return exportFile(q.format, 'unit-scores', {
      title: '承办单位考核评分',
      filters: await this.inWords(q),
      generatedAt: now,
      columns: SCORE_COLUMNS,
      rows: units,
    });
  }

  dashboard(p: Principal, q: DashboardQuery, now = new Date()) {
    return this.queries.dashboard(this.access.reportScope(p), q, now);
  }
}
