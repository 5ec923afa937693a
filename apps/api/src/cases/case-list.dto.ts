import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { CASE_STAGES, CHANNELS, UNIT_DISPLAY_STAGES, type Channel } from '@banli/domain';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { CaseAssignmentDto, RECORDED_RATINGS } from '../proposals/proposal.dto';

const bool = ({ value }: { value: unknown }) =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

export const SORT_FIELDS = ['registeredAt', 'nextDueAt', 'number'] as const;

export const EXPORT_FORMATS = ['json', 'xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * Highest page number a list takes (with at most 1000 rows a page, beyond any real data): a larger
 * one, like `1e300`, would reach SQL as an OFFSET it cannot parse.
 */
export const PAGE_MAX = 100_000;

export class ListProposalsQuery {
  @ApiPropertyOptional({ enum: CHANNELS })
  @IsOptional()
  @IsIn(CHANNELS)
  channel?: Channel;

  @ApiPropertyOptional({ example: 'cn-national' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{2,64}$/)
  jurisdiction?: string;

  @ApiPropertyOptional({ description: '届' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  term?: number;

  @ApiPropertyOptional({ description: '次' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  session?: number;

  @ApiPropertyOptional({ enum: CASE_STAGES, description: '案件阶段' })
  @IsOptional()
  @IsIn(CASE_STAGES)
  stage?: (typeof CASE_STAGES)[number];

  @ApiPropertyOptional({
    enum: UNIT_DISPLAY_STAGES,
    description: '承办单位阶段：unitId 给出时为该单位，承办单位账号为本单位，否则任一在办单位',
  })
  @IsOptional()
  @IsIn(UNIT_DISPLAY_STAGES)
  unitStage?: (typeof UNIT_DISPLAY_STAGES)[number];

  @ApiPropertyOptional({ format: 'uuid', description: '由该单位承办（在办）的案件' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({ description: 'true 有已超期的未完成事项（暂停中的案件除外） / false 没有' })
  @IsOptional()
  @Transform(bool)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ description: '下一个时限在 N 天内（含已超期）', minimum: 0, maximum: 366 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(366)
  dueWithinDays?: number;

  @ApiPropertyOptional({ description: '重点督办件' })
  @IsOptional()
  @Transform(bool)
  @IsBoolean()
  keyCase?: boolean;

  @ApiPropertyOptional({ example: 'A', description: '答复类别' })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  replyClass?: string;

  @ApiPropertyOptional({ enum: RECORDED_RATINGS, description: '满意度评价' })
  @IsOptional()
  @IsIn(RECORDED_RATINGS)
  rating?: (typeof RECORDED_RATINGS)[number];

  @ApiPropertyOptional({ description: '标题或编号包含' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: PAGE_MAX })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(PAGE_MAX)
  page?: number;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;

  @ApiPropertyOptional({ enum: SORT_FIELDS, default: 'registeredAt' })
  @IsOptional()
  @IsIn(SORT_FIELDS)
  sort?: (typeof SORT_FIELDS)[number];

  @ApiPropertyOptional({ enum: ['asc', 'desc'], default: 'desc' })
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';

  @ApiPropertyOptional({
    enum: EXPORT_FORMATS,
    description: 'json（默认）/ xlsx / csv（UTF-8 带 BOM）：文件含全部符合条件的行（最多 10000 行），不分页',
  })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format?: ExportFormat;
}

export class CaseListUnitDto extends PickType(CaseAssignmentDto, [
  'unitId',
  'unitName',
  'role',
  'stage',
  'active',
] as const) {}

export class CaseListItemDto {
  @ApiProperty() id: string;
  @ApiProperty() workflowId: string;
  @ApiProperty() jurisdiction: string;
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty() term: number;
  @ApiProperty() session: number;
  @ApiProperty() number: string;
  @ApiProperty({ description: 'true 会间 / false 闭会期间（会后）' }) duringSession: boolean;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) category: string | null;
  @ApiProperty() stage: string;
  @ApiProperty() keyCase: boolean;
  @ApiProperty() overdue: boolean;
  @ApiProperty({ nullable: true, type: Date }) nextDueAt: Date | null;
  @ApiProperty() registeredAt: Date;
  @ApiProperty({ nullable: true, type: Date }) closedAt: Date | null;
  @ApiProperty({ type: [CaseListUnitDto] }) units: CaseListUnitDto[];
}

export class CaseListDto {
  @ApiProperty({ type: [CaseListItemDto] }) items: CaseListItemDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
}
