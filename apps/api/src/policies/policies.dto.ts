import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import { CLOCK_IDS } from '@banli/domain';

export class PreviewEventsDto {
  @ApiPropertyOptional({ example: '2026-03-31T02:00:00Z', description: '交办时刻' })
  @IsOptional()
  @IsISO8601({ strict: true })
  assigned?: string;

  @ApiPropertyOptional({ description: '签收/收到时刻' })
  @IsOptional()
  @IsISO8601({ strict: true })
  received?: string;

  @ApiPropertyOptional({ description: '大会闭幕时刻' })
  @IsOptional()
  @IsISO8601({ strict: true })
  sessionClosed?: string;

  @ApiPropertyOptional({ description: '申请调整时刻' })
  @IsOptional()
  @IsISO8601({ strict: true })
  adjustmentRequested?: string;

  @ApiPropertyOptional({ description: '答复时刻' })
  @IsOptional()
  @IsISO8601({ strict: true })
  replied?: string;

  @ApiPropertyOptional({ description: '重新交办时刻' })
  @IsOptional()
  @IsISO8601({ strict: true })
  rehandlingStarted?: string;

  @ApiPropertyOptional({ description: '收到反馈时刻' })
  @IsOptional()
  @IsISO8601({ strict: true })
  feedbackReceived?: string;

  @ApiPropertyOptional({ description: '约见时刻' })
  @IsOptional()
  @IsISO8601({ strict: true })
  summoned?: string;
}

export class DeadlinePreviewDto {
  @ApiProperty({ example: 'cn-national' })
  @IsString()
  @Matches(/^[a-z0-9-]{2,64}$/, { message: 'policyId must be a policy id such as cn-national' })
  policyId: string;

  @ApiPropertyOptional({ description: '默认为最新版本' })
  @IsOptional()
  @IsInt()
  @Min(1)
  policyVersion?: number;

  @ApiProperty({ enum: ['npc', 'cppcc'] })
  @IsIn(['npc', 'cppcc'])
  channel: 'npc' | 'cppcc';

  @ApiPropertyOptional({ description: '内容复杂、涉及面广的件 (complex item)' })
  @IsOptional()
  @IsBoolean()
  complex?: boolean;

  @ApiPropertyOptional({ description: 'false = 闭会期间提出的件' })
  @IsOptional()
  @IsBoolean()
  duringSession?: boolean;

  @ApiProperty({ type: PreviewEventsDto })
  @ValidateNested()
  @Type(() => PreviewEventsDto)
  events: PreviewEventsDto;

  @ApiPropertyOptional({ enum: CLOCK_IDS, isArray: true, description: '只计算这些时限' })
  @IsOptional()
  @IsArray()
  @IsIn([...CLOCK_IDS], { each: true })
  clocks?: string[];
}
