import { NotBlank } from '../common/validation';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class WorkingDaysQuery {
  @ApiProperty({ example: '2026-09-28', description: '起算日（不计入）' })
  @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' })
  from: string;

  @ApiProperty({ example: 5, description: '工作日数 (1-1000)' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  n: number;
}

export class NoticeSourceDto {
  @ApiProperty({ example: '国务院办公厅关于2027年部分节假日安排的通知' })
  @IsString()
  @NotBlank()
  @MaxLength(300)
  title: string;

  @ApiPropertyOptional({ example: '国办发明电〔2026〕1号' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  number?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(500)
  url?: string;
}

export class CalendarDayDto {
  @ApiProperty({ example: '2027-02-06' })
  @Matches(DATE, { message: 'date must be YYYY-MM-DD' })
  date: string;

  @ApiProperty({ description: 'true 调休上班 / false 放假' })
  @IsBoolean()
  working: boolean;

  @ApiProperty({ example: '春节' })
  @IsString()
  @NotBlank()
  @MaxLength(50)
  name: string;

  @ApiPropertyOptional({ enum: ['holiday', 'inLieu', 'makeUpWorkday'] })
  @IsOptional()
  @IsString()
  kind?: 'holiday' | 'inLieu' | 'makeUpWorkday';
}

export class CalendarYearDto {
  @ApiProperty({ example: 2027 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @ApiProperty({ type: NoticeSourceDto })
  @ValidateNested()
  @Type(() => NoticeSourceDto)
  source: NoticeSourceDto;

  @ApiPropertyOptional({ type: [NoticeSourceDto] })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => NoticeSourceDto)
  amendments?: NoticeSourceDto[];

  @ApiProperty({ type: [CalendarDayDto] })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CalendarDayDto)
  days: CalendarDayDto[];
}

export class CalendarOverrideDto {
  @ApiProperty({ example: '2026-12-31' })
  @Matches(DATE, { message: 'date must be YYYY-MM-DD' })
  date: string;

  @ApiProperty()
  @IsBoolean()
  working: boolean;

  @ApiProperty({ example: '本市防汛放假一天' })
  @IsString()
  @NotBlank()
  @MaxLength(200)
  reason: string;

  @ApiPropertyOptional({ type: NoticeSourceDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => NoticeSourceDto)
  source?: NoticeSourceDto;
}

/** A loaded year as GET /calendar/years lists it. */
export class CalendarYearSummaryDto {
  @ApiProperty({ example: 2027 }) year: number;
  @ApiProperty({ enum: ['shipped', 'loaded'], description: 'shipped 随系统发布 / loaded 管理员载入' })
  origin: 'shipped' | 'loaded';
  @ApiProperty({ type: NoticeSourceDto }) source: NoticeSourceDto;
  @ApiProperty({ type: [NoticeSourceDto] }) amendments: NoticeSourceDto[];
  @ApiProperty({ description: '节假日与调休上班的天数' }) days: number;
  @ApiProperty({ nullable: true, type: String }) loadedBy: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) loadedAt: string | null;
}
