/**
 * ECharts for the 督办看板, only the parts it draws (bar and line charts on a grid, with tooltip
 * and legend, drawn as SVG so they print sharp): imported from echarts/core, not the whole library.
 * The options are built here from the reports' answers; a chart with nothing to show gets null and
 * the page says 暂无数据 instead.
 */
import { BarChart, LineChart, type BarSeriesOption, type LineSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { use, type ComposeOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { t } from '../../ui';
import { percent, satisfiedRate, type Dashboard, type OverdueReport, type StatRow } from './report';

use([SVGRenderer, BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent]);

export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption
>;

/** What a chart shows, as words for screen readers (and when printed without colour). */
export interface Chart {
  option: ChartOption | null;
  summary: string;
}

const BLUE = '#1d4ed8';
const GREEN = '#067647';
const LIGHT_GREEN = '#7fc8a5';
const RED = '#b42318';
const INK = '#1f2329';
const MUTED = '#646a73';
const FONT = {
  fontFamily: "'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif",
};

const base = (): ChartOption => ({
  textStyle: { ...FONT, color: INK },
  grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
  tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
  animation: false,
});

/** Unit names on a category axis: long names are cut, the tooltip has the whole name. */
const categoryAxis = (names: string[]) => ({
  type: 'category' as const,
  data: names,
  axisLabel: {
    color: MUTED,
    interval: 0,
    rotate: names.length > 4 ? 30 : 0,
    width: 96,
    overflow: 'truncate' as const,
  },
});

const percentAxis = {
  type: 'value' as const,
  min: 0,
  max: 100,
  axisLabel: { formatter: '{value}%', color: MUTED },
};

const pct = (r: number | null | undefined) =>
  r === null || r === undefined ? null : Math.round(r * 1000) / 10;

/** The rows a by-unit chart shows: each unit, then 全部承办单位 for a unit account. */
function units(groups: StatRow[], benchmark: StatRow | null | undefined): StatRow[] {
  return benchmark ? [...groups, { ...benchmark, label: t('全部承办单位', 'All units') }] : groups;
}

/** 按时办复率 by unit (replies within the deadline, of the replies due or given). */
export function onTimeChart(groups: StatRow[], benchmark?: StatRow | null): Chart {
  const rows = units(groups, benchmark).filter((r) => r.onTimeRate.rate !== null);
  if (!rows.length) return { option: null, summary: '' };
  return {
    summary: rows.map((r) => `${r.label} ${percent(r.onTimeRate.rate)}`).join('；'),
    option: {
      ...base(),
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => `${String(v)}%` },
      xAxis: categoryAxis(rows.map((r) => r.label)),
      yAxis: percentAxis,
      series: [
        {
          type: 'bar',
          name: t('按时办复率', 'on-time replies'),
          data: rows.map((r) => pct(r.onTimeRate.rate)),
          itemStyle: { color: BLUE },
          barMaxWidth: 36,
          label: { show: true, position: 'top', formatter: '{c}%', color: INK },
        },
      ],
    },
  };
}

/** 满意率 by unit: satisfied and basically satisfied, stacked (final ratings). */
export function satisfactionChart(groups: StatRow[], benchmark?: StatRow | null): Chart {
  const rows = units(groups, benchmark).filter((r) => r.satisfactionFinal.rated > 0);
  if (!rows.length) return { option: null, summary: '' };
  const satisfied = t('满意', 'satisfied');
  const basically = t('基本满意', 'basically satisfied');
  return {
    summary: rows
      .map(
        (r) =>
          `${r.label} ${percent(satisfiedRate(r).rate)}（${satisfied} ${percent(r.satisfactionFinal.satisfied.rate)}，` +
          `${basically} ${percent(r.satisfactionFinal.basicallySatisfied.rate)}）`,
      )
      .join('；'),
    option: {
      ...base(),
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => `${String(v)}%` },
      legend: { top: 0, textStyle: { color: INK } },
      xAxis: categoryAxis(rows.map((r) => r.label)),
      yAxis: percentAxis,
      series: [
        {
          type: 'bar',
          name: satisfied,
          stack: 'satisfaction',
          data: rows.map((r) => pct(r.satisfactionFinal.satisfied.rate)),
          itemStyle: { color: GREEN },
          barMaxWidth: 36,
        },
        {
          type: 'bar',
          name: basically,
          stack: 'satisfaction',
          data: rows.map((r) => pct(r.satisfactionFinal.basicallySatisfied.rate)),
          itemStyle: { color: LIGHT_GREEN },
          barMaxWidth: 36,
        },
      ],
    },
  };
}

/** 逾期 by the unit's stage (overdue duties). */
export function stageChart(
  report: OverdueReport,
  label: (s: { stage: string; label: string }) => string,
): Chart {
  const rows = report.byStage.filter((s) => s.count > 0);
  if (!rows.length) return { option: null, summary: '' };
  return {
    summary: rows.map((s) => `${label(s)} ${s.count}`).join('；'),
    option: {
      ...base(),
      xAxis: categoryAxis(rows.map(label)),
      yAxis: { type: 'value', minInterval: 1, axisLabel: { color: MUTED } },
      series: [
        {
          type: 'bar',
          name: t('逾期事项', 'overdue'),
          data: rows.map((s) => s.count),
          itemStyle: { color: RED },
          barMaxWidth: 36,
          label: { show: true, position: 'top', color: INK },
        },
      ],
    },
  };
}

/** The twelve months up to the one of `at` (Beijing time): 2025-08 … 2026-07. */
export function lastTwelveMonths(at: string | Date): string[] {
  const d = new Date(new Date(at).getTime() + 8 * 3_600_000);
  let y = d.getUTCFullYear();
  let m = d.getUTCMonth() + 1;
  const out: string[] = [];
  for (let i = 0; i < 12; i++) {
    out.unshift(`${y}-${String(m).padStart(2, '0')}`);
    m -= 1;
    if (m === 0) {
      m = 12;
      y -= 1;
    }
  }
  return out;
}

/** Replies per month (first replies), and the late ones among them. */
export function monthlyChart(d: Dashboard): Chart {
  if (!d.monthly.some((m) => m.replied > 0)) return { option: null, summary: '' };
  const months = lastTwelveMonths(d.generatedAt);
  const by = new Map(d.monthly.map((m) => [m.month, m]));
  const monthName = (m: string) => t(`${Number(m.slice(0, 4))}年${Number(m.slice(5))}月`, m);
  const replied = t('答复', 'replies');
  const late = t('逾期答复', 'late replies');
  return {
    summary: d.monthly
      .filter((m) => m.replied > 0)
      .map((m) => `${monthName(m.month)} ${replied} ${m.replied}，${late} ${m.late}`)
      .join('；'),
    option: {
      ...base(),
      legend: { top: 0, textStyle: { color: INK } },
      xAxis: { ...categoryAxis(months.map(monthName)), axisLabel: { color: MUTED, rotate: 30, interval: 0 } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { color: MUTED } },
      series: [
        {
          type: 'bar',
          name: replied,
          data: months.map((m) => by.get(m)?.replied ?? 0),
          itemStyle: { color: BLUE },
          barMaxWidth: 28,
        },
        {
          type: 'line',
          name: late,
          data: months.map((m) => by.get(m)?.late ?? 0),
          itemStyle: { color: RED },
          lineStyle: { color: RED },
        },
      ],
    },
  };
}
