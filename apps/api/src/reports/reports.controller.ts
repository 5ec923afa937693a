import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import {
  DashboardDto,
  DashboardQuery,
  OverdueReportDto,
  OverdueReportQuery,
  ScoresDto,
  ScoresQuery,
  StatisticsDto,
  StatisticsQuery,
} from './reports.dto';
import { ReportsService } from './reports.service';

/** Who reads reports: the office, supervisors and administrators (every unit), units (their own). */
const READERS = ['office', 'admin', 'supervisor', 'unitStaff', 'unitLeader'] as const;
const SCOPE =
  '范围：交办机关、督办、管理员看全部承办单位；承办单位账号只看本单位的事项和数字；代表委员无权查看。' +
  " Scope: office/supervisor/admin every unit; unit accounts their own unit's rows and figures; proposers none.";
const FILES = [
  'application/json',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'text/csv',
];

@ApiTags('reports 报表')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('overdue')
  @Roles(...READERS)
  @ApiOperation({
    summary: '逾期事项报表：每个逾期的单位时限一行，按单位、阶段汇总 (overdue report)',
    description:
      '逾期的唯一定义：未完成的办理时限已过到期时刻，暂停计时的案件不算逾期。重点督办件在前，再按逾期最久。' +
      `format=xlsx 或 csv 导出全部行（最多 50000 行）。${SCOPE}`,
  })
  @ApiProduces(...FILES)
  @ApiOkResponse({ type: OverdueReportDto })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED' })
  overdue(@CurrentUser() p: Principal, @Query() q: OverdueReportQuery) {
    return this.reports.overdue(p, q);
  }

  @Get('statistics')
  @Roles(...READERS)
  @ApiOperation({
    summary: '办理情况统计：办复率、按时办复率、满意率、面商率… (handling statistics)',
    description:
      `每个比率带分子和分母；公式见 README「报表口径」。按交办日期筛选（北京时间，含首尾）。${SCOPE}` +
      '承办单位账号另得 benchmark：同样筛选下全部承办单位的合计。',
  })
  @ApiProduces(...FILES)
  @ApiOkResponse({ type: StatisticsDto })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED; INVALID_RANGE (from after to)' })
  statistics(@CurrentUser() p: Principal, @Query() q: StatisticsQuery) {
    return this.reports.statistics(p, q);
  }

  @Get('scores')
  @Roles(...READERS)
  @ApiOperation({
    summary: '承办单位考核评分与排名（辖区配置了评分办法时） (unit scoring and ranking)',
    description:
      '按辖区的评分办法（各项分值、目标值、扣分项）为每个承办单位打分并排名，列出每项失分和扣分的原因。' +
      '未配置评分办法的辖区答 404 SCORING_NOT_CONFIGURED。承办单位账号只得到本单位一行及其名次。',
  })
  @ApiProduces(...FILES)
  @ApiOkResponse({ type: ScoresDto })
  @ApiResponse({ status: 404, description: 'SCORING_NOT_CONFIGURED' })
  scores(@CurrentUser() p: Principal, @Query() q: ScoresQuery) {
    return this.reports.scores(p, q);
  }

  @Get('dashboard')
  @Roles(...READERS)
  @ApiOperation({
    summary: '督办看板的计数与近 12 个月答复趋势 (dashboard counts and monthly replies)',
    description: `在办、逾期、7 日内到期、重点督办件的案件数。${SCOPE}`,
  })
  @ApiOkResponse({ type: DashboardDto })
  dashboard(@CurrentUser() p: Principal, @Query() q: DashboardQuery) {
    return this.reports.dashboard(p, q);
  }
}
