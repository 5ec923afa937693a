import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { CHANNELS, type Channel } from '@banli/domain';

/** Highest page of the public list (with at most 100 replies a page). */
export const PUBLIC_PAGE_MAX = 10_000;
/** Most replies one page of the public list holds. */
export const PUBLIC_SIZE_MAX = 100;
/** Longest search text. */
export const PUBLIC_Q_MAX = 100;
/** Entries of the Atom feed. */
export const FEED_ENTRIES = 50;

export class PublicJurisdictionQuery {
  @ApiPropertyOptional({ example: 'hangzhou', description: '辖区' })
  @IsOptional()
  @Matches(/^[a-z0-9-]{2,64}$/)
  jurisdiction?: string;
}

export class PublicListQuery extends PublicJurisdictionQuery {
  @ApiPropertyOptional({
    maxLength: PUBLIC_Q_MAX,
    description: '标题、建议提案标题、文号、索引号或承办单位名称包含',
  })
  @IsOptional()
  @IsString()
  @MaxLength(PUBLIC_Q_MAX)
  q?: string;

  @ApiPropertyOptional({ enum: CHANNELS, description: 'npc 人大代表建议 / cppcc 政协提案' })
  @IsOptional()
  @IsIn(CHANNELS)
  channel?: Channel;

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

  @ApiPropertyOptional({ default: 1, minimum: 1, maximum: PUBLIC_PAGE_MAX })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(PUBLIC_PAGE_MAX)
  page?: number;

  @ApiPropertyOptional({ default: 20, minimum: 1, maximum: PUBLIC_SIZE_MAX })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(PUBLIC_SIZE_MAX)
  size?: number;
}

export class PublicJurisdictionDto {
  @ApiProperty({ example: 'hangzhou' }) id: string;
  @ApiProperty({ example: '杭州市人大常委会' }) name: string;
}

/** A published reply as the public page lists it: the letter's disclosure metadata, no contact data. */
export class PublicReplyDto {
  @ApiProperty({ format: 'uuid', description: '答复编号' }) id: string;
  @ApiProperty({ example: '人大十四届三次会议第006号', description: '建议提案编号' }) caseRef: string;
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty({ type: PublicJurisdictionDto }) jurisdiction: PublicJurisdictionDto;
  @ApiProperty({ description: '届' }) term: number;
  @ApiProperty({ description: '次' }) session: number;
  @ApiProperty({ example: '006' }) number: string;
  @ApiProperty({ description: '建议提案标题' }) proposalTitle: string;
  @ApiProperty({ description: '答复标题（未填写时为建议提案标题加“的答复”）' }) title: string;
  @ApiProperty({ nullable: true, type: String, description: '文号' }) docNumber: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date', description: '成文日期（答复日期）' })
  letterDate: string | null;
  @ApiProperty({ type: [String], description: '答复单位（联合答复时主办单位在前）' })
  signingUnits: string[];
  @ApiProperty({ nullable: true, type: String, description: '索引号' }) indexNo: string | null;
  @ApiProperty({ nullable: true, type: String, description: '发布机构' }) publisher: string | null;
  @ApiProperty({ description: '发布日期' }) publishedAt: Date;
  @ApiProperty({ nullable: true, type: String, description: '公开方式' })
  publicationMethod: string | null;
  @ApiProperty({ nullable: true, type: String, description: '时效性' }) validity: string | null;
}

export class PublicReplyDetailDto extends PublicReplyDto {
  @ApiProperty({ description: '答复正文（电话号码已隐去）' }) text: string;
}

export class PublicSessionDto {
  @ApiProperty({ type: PublicJurisdictionDto }) jurisdiction: PublicJurisdictionDto;
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty() term: number;
  @ApiProperty() session: number;
  @ApiProperty({ example: '人大十四届三次会议' }) label: string;
  @ApiProperty({ description: '已公开的答复件数' }) count: number;
}

export class PublicReplyListDto {
  @ApiProperty({ type: [PublicReplyDto] }) items: PublicReplyDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() size: number;
  @ApiProperty({
    type: [PublicSessionDto],
    description: '有已公开答复的届次（按辖区和类别筛选后），供届次筛选',
  })
  sessions: PublicSessionDto[];
}
