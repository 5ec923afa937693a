import { ApiProperty, ApiPropertyOptional, IntersectionType, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { CLOCK_IDS, CONTACT_METHODS, UNIT_DISPLAY_STAGES, UNIT_ROLES } from '@banli/domain';
import { ListProposalsQuery } from '../cases/case-list.dto';
import { GROUP_BYS, type GroupBy } from './report-queries';

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

/** Filters every report shares with the case list (jurisdiction, channel, 届/次, unit, key case). */
export class ReportFiltersQuery extends PickType(ListProposalsQuery, [
  'jurisdiction',
  'channel',
  'term',
  'session',
  'unitId',
  'keyCase',
  'format',
] as const) {}

/** The overdue report pages like the case list (its page size may be larger). */
export class OverdueReportQuery extends IntersectionType(
  ReportFiltersQuery,
  PickType(ListProposalsQuery, ['page'] as const),
) {
  @ApiPropertyOptional({ description: '至少逾期 N 个自然日', minimum: 1, maximum: 3650 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  minDaysLate?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 200, description: '导出时不分页' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  pageSize?: number;
}

export class StatisticsQuery extends ReportFiltersQuery {
  @ApiPropertyOptional({ enum: GROUP_BYS, default: 'unit', description: '按单位 / 会次 / 辖区 / 交办月份' })
  @IsOptional()
  @IsIn(GROUP_BYS)
  groupBy?: GroupBy;

  @ApiPropertyOptional({ example: '2026-01-01', description: '交办日期起（北京时间，含）' })
  @IsOptional()
  @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: '交办日期止（北京时间，含）' })
  @IsOptional()
  @Matches(DATE, { message: 'to must be a date YYYY-MM-DD' })
  to?: string;
}

export class ScoresQuery extends StatisticsQuery {
  @ApiProperty({ example: 'fengyang', description: '辖区（须配置了考核评分办法）' })
  @Matches(/^[a-z0-9-]{2,64}$/, { message: 'jurisdiction must be a policy id such as fengyang' })
  override jurisdiction: string;
}

export class DashboardQuery extends PickType(ReportFiltersQuery, [
  'jurisdiction',
  'channel',
  'term',
  'session',
  'unitId',
  'keyCase',
] as const) {}

// ---------------------------------------------------------------------------------------------
// Answers

export class OverdueRowDto {
  @ApiProperty({ format: 'uuid' }) caseId: string;
  @ApiProperty({ example: '人大十四届三次会议第006号' }) citation: string;
  @ApiProperty() jurisdiction: string;
  @ApiProperty() channel: string;
  @ApiProperty() term: number;
  @ApiProperty() session: number;
  @ApiProperty() number: string;
  @ApiProperty({ description: 'false 会后/闭会期间' }) duringSession: boolean;
  @ApiProperty() title: string;
  @ApiProperty() keyCase: boolean;
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty({ nullable: true, type: String }) unitName: string | null;
  @ApiProperty({ enum: UNIT_ROLES }) unitRole: string;
  @ApiProperty({ example: '主办' }) unitRoleLabel: string;
  @ApiProperty({ enum: UNIT_DISPLAY_STAGES }) unitStage: string;
  @ApiProperty() unitStageLabel: string;
  @ApiProperty({ enum: CLOCK_IDS }) clock: string;
  @ApiProperty() clockLabel: string;
  @ApiProperty({ description: '到期时刻（最后一日 24 时）' }) dueAt: Date;
  @ApiProperty({ example: '2026-06-30', description: '最后一日' }) dueDate: string;
  @ApiProperty({ description: '逾期自然日' }) daysLateCalendar: number;
  @ApiProperty({ description: '逾期工作日（按节假日安排）' }) daysLateWorking: number;
  @ApiProperty({ description: '催办次数（对本单位或全案）' }) urgeCount: number;
  @ApiProperty({ nullable: true, type: Date }) lastUrgedAt: Date | null;
}

export class OverdueByUnitDto {
  @ApiProperty() unitId: string;
  @ApiProperty({ nullable: true, type: String }) unitName: string | null;
  @ApiProperty() count: number;
  @ApiProperty({ description: '其中重点督办件' }) keyCases: number;
}

export class OverdueByStageDto {
  @ApiProperty({ enum: UNIT_DISPLAY_STAGES }) stage: string;
  @ApiProperty() label: string;
  @ApiProperty() count: number;
}

export class OverdueReportDto {
  @ApiProperty() generatedAt: Date;
  @ApiProperty({ description: '逾期事项总数（单位 × 时限）' }) total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty({ type: [OverdueRowDto], description: '重点督办件在前，再按逾期最久' }) rows: OverdueRowDto[];
  @ApiProperty({ type: [OverdueByUnitDto] }) byUnit: OverdueByUnitDto[];
  @ApiProperty({ type: [OverdueByStageDto] }) byStage: OverdueByStageDto[];
}

export class RateDto {
  @ApiProperty() numerator: number;
  @ApiProperty() denominator: number;
  @ApiProperty({ nullable: true, type: Number, description: '0–1，分母为 0 时为空' }) rate: number | null;
}

export class SatisfactionDto {
  @ApiProperty({ description: '已评价（不含未回复）' }) rated: number;
  @ApiProperty({ description: '未回复' }) noAnswer: number;
  @ApiProperty({ type: RateDto }) satisfied: RateDto;
  @ApiProperty({ type: RateDto }) basicallySatisfied: RateDto;
  @ApiProperty({ type: RateDto }) dissatisfied: RateDto;
  @ApiProperty({ type: RateDto, description: '满意及基本满意' }) satisfiedOrBasically: RateDto;
}

export class DaysFigureDto {
  @ApiProperty() count: number;
  @ApiProperty({ nullable: true, type: Number }) average: number | null;
  @ApiProperty({ nullable: true, type: Number }) median: number | null;
}

export class ClassShareDto {
  @ApiProperty({ example: 'A' }) code: string;
  @ApiProperty() label: string;
  @ApiProperty({ type: RateDto }) share: RateDto;
}

export class ContactByMethodDto {
  @ApiProperty() faceToFace: number;
  @ApiProperty() phone: number;
  @ApiProperty() visit: number;
  @ApiProperty() letter: number;
  @ApiProperty() online: number;
}

export class StatRowDto {
  @ApiProperty() key: string;
  @ApiProperty() label: string;
  @ApiProperty({ description: '交办件次（主办、单独、分办单位）' }) assigned: number;
  @ApiProperty() replied: number;
  @ApiProperty() closed: number;
  @ApiProperty() rehandled: number;
  @ApiProperty({ description: '当前逾期事项（含会办）' }) overdueNow: number;
  @ApiProperty({ type: RateDto, description: '办复率' }) replyRate: RateDto;
  @ApiProperty({ type: RateDto, description: '办结率' }) closeRate: RateDto;
  @ApiProperty({ type: RateDto, description: '按时办复率' }) onTimeRate: RateDto;
  @ApiProperty({ type: SatisfactionDto, description: '初次答复满意度' }) satisfactionFirst: SatisfactionDto;
  @ApiProperty({ type: SatisfactionDto, description: '最终满意度（重新办理后）' })
  satisfactionFinal: SatisfactionDto;
  @ApiProperty({ type: RateDto, description: '沟通率' }) contactRate: RateDto;
  @ApiProperty({ type: RateDto, description: '面商率' }) faceToFaceRate: RateDto;
  @ApiProperty({ type: ContactByMethodDto, description: `按沟通方式 (${CONTACT_METHODS.join(', ')})` })
  contactByMethod: ContactByMethodDto;
  @ApiProperty({ type: [ClassShareDto], description: '答复类别占比（初次答复）' }) classes: ClassShareDto[];
  @ApiProperty({ type: DaysFigureDto, description: '签收用时（工作日）' }) signForDays: DaysFigureDto;
  @ApiProperty({ type: DaysFigureDto, description: '答复用时（工作日）' }) replyDays: DaysFigureDto;
  @ApiProperty({
    type: RateDto,
    nullable: true,
    description:
      '上网率：已公开的初次答复 ÷ 应公开的初次答复（公开属性为主动公开，或已公开的）；会办意见不计；' +
      '没有应公开的答复时为空 (published replies ÷ replies due to be published; null when none is due)',
  })
  publishedRate: RateDto | null;
}

export class StatisticsDto {
  @ApiProperty({ enum: GROUP_BYS }) groupBy: string;
  @ApiProperty() generatedAt: Date;
  @ApiProperty({ type: [StatRowDto] }) groups: StatRowDto[];
  @ApiProperty({ type: StatRowDto }) total: StatRowDto;
  @ApiProperty({
    type: StatRowDto,
    nullable: true,
    description: '承办单位账号：同样筛选条件下全部承办单位的合计，供对照',
  })
  benchmark: StatRowDto | null;
}

export class DashboardCountsDto {
  @ApiProperty({ description: '在办案件' }) open: number;
  @ApiProperty({ description: '逾期案件' }) overdue: number;
  @ApiProperty({ description: '7 日内到期' }) dueWithin7Days: number;
  @ApiProperty({ description: '在办重点督办件' }) keyCases: number;
}

export class MonthlyRepliesDto {
  @ApiProperty({ example: '2026-06' }) month: string;
  @ApiProperty() replied: number;
  @ApiProperty({ description: '其中逾期答复' }) late: number;
}

export class DashboardDto {
  @ApiProperty() generatedAt: Date;
  @ApiProperty({ type: DashboardCountsDto }) counts: DashboardCountsDto;
  @ApiProperty({ type: [MonthlyRepliesDto], description: '近 12 个月首次答复' }) monthly: MonthlyRepliesDto[];
}

export class ScoredItemDto {
  @ApiProperty({ example: '面商率' }) label: string;
  @ApiProperty() points: number;
  @ApiProperty() earned: number;
  @ApiProperty({ description: '失分原因（满分时为空）' }) reason: string;
}

export class ScoredDeductionDto {
  @ApiProperty({ example: '当前逾期事项' }) label: string;
  @ApiProperty() count: number;
  @ApiProperty() points: number;
  @ApiProperty() reason: string;
}

export class UnitScoreDto {
  @ApiProperty({ description: '名次（同分同名次）' }) rank: number;
  @ApiProperty() unitId: string;
  @ApiProperty() unitName: string;
  @ApiProperty() score: number;
  @ApiProperty({ type: [ScoredItemDto] }) items: ScoredItemDto[];
  @ApiProperty({ type: [ScoredDeductionDto] }) deductions: ScoredDeductionDto[];
}

export class ScoringSchemeInfoDto {
  @ApiProperty() policyId: string;
  @ApiProperty() version: number;
  @ApiProperty() name: string;
  @ApiProperty() fullMarks: number;
  @ApiProperty({ type: [String] }) notes: string[];
}

export class ScoresDto {
  @ApiProperty() generatedAt: Date;
  @ApiProperty({ type: ScoringSchemeInfoDto }) scheme: ScoringSchemeInfoDto;
  @ApiProperty({ description: '参与排名的单位数' }) rankedUnits: number;
  @ApiProperty({
    type: [UnitScoreDto],
    description: '承办单位账号只得到本单位一行（名次为在全部单位中的名次）',
  })
  units: UnitScoreDto[];
}
