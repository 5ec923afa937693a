import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  CHANNELS,
  ESCALATION_TARGETS,
  JURISDICTION_LEVELS,
  type Channel,
  type EscalationTarget,
  type JurisdictionLevel,
} from '@banli/domain';
import { PolicySourceDto, ReplyClassDto } from '../policies/policies.dto';

// Shapes are checked here (400 VALIDATION_FAILED); what the values mean — id format, real dates,
// patterns, channels the policy covers — by the domain (422 JURISDICTION_INVALID with problems).

export class JurisdictionCalendarOverrideDto {
  @ApiProperty({ example: '2026-06-01', description: '日期 YYYY-MM-DD' })
  @IsString()
  @MaxLength(10)
  date: string;

  @ApiProperty({ enum: ['holiday', 'workday'], description: 'holiday 本地放假 / workday 本地上班' })
  @IsIn(['holiday', 'workday'])
  kind: 'holiday' | 'workday';

  @ApiPropertyOptional({ example: '本市解放纪念日' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  note?: string;
}

export class EscalationContactDto {
  @ApiProperty({
    enum: ESCALATION_TARGETS,
    description: 'unitLeader 单位领导 / office 交办机关 / supervisor 督办',
  })
  @IsIn(ESCALATION_TARGETS)
  target: EscalationTarget;

  @ApiProperty({ example: '市政府督查室' })
  @IsString()
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({ example: 'dcs@example.gov.cn' })
  @IsOptional()
  @IsString()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ example: '0437-3222222' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  phone?: string;
}

/** POST /jurisdictions. */
export class CreateJurisdictionDto {
  @ApiProperty({
    example: 'liaoyuan-cppcc',
    description: '辖区编号：小写字母、数字、连字符，2–64 个字符；登记后不可改',
  })
  @IsString()
  @MaxLength(64)
  id: string;

  @ApiProperty({ example: '辽源市政协' })
  @IsString()
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({ example: 'Liaoyuan CPPCC', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  nameEn?: string | null;

  @ApiProperty({
    enum: JURISDICTION_LEVELS,
    description: 'national 全国 / province 省级 / city 市级 / county 县级',
  })
  @IsIn(JURISDICTION_LEVELS)
  level: JurisdictionLevel;

  @ApiProperty({ enum: CHANNELS, isArray: true, description: '办理的渠道，须为政策版本所覆盖' })
  @IsArray()
  @ArrayMaxSize(CHANNELS.length)
  @IsIn(CHANNELS, { each: true })
  channels: Channel[];

  @ApiProperty({ example: 'guangzhou', description: '时限政策编号 (GET /policies)' })
  @IsString()
  @MaxLength(64)
  policyId: string;

  @ApiPropertyOptional({ example: 1, description: '新登记的件适用的政策版本；默认为最新版本' })
  @IsOptional()
  @IsInt()
  @Min(1)
  policyVersion?: number;

  @ApiPropertyOptional({
    type: [JurisdictionCalendarOverrideDto],
    description: '本地节假日与调休（叠加在全国日历之上）',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(366)
  @ValidateNested({ each: true })
  @Type(() => JurisdictionCalendarOverrideDto)
  calendarOverrides?: JurisdictionCalendarOverrideDto[];

  @ApiPropertyOptional({
    example: '{unit}函〔{year}〕{seq}号',
    nullable: true,
    type: String,
    description: '文号格式',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  docNumberPattern?: string | null;

  @ApiPropertyOptional({
    example: '{org}-{year}-{seq:5}',
    nullable: true,
    type: String,
    description: '索引号格式',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  indexNumberPattern?: string | null;

  @ApiPropertyOptional({ type: [EscalationContactDto], description: '逾期督办的联系人' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => EscalationContactDto)
  escalationContacts?: EscalationContactDto[];
}

/**
 * PATCH /jurisdictions/:id: the fields given are replaced (lists as a whole); null clears nameEn
 * and the patterns. A new policyVersion applies to cases registered from then on.
 */
export class UpdateJurisdictionDto extends PartialType(
  OmitType(CreateJurisdictionDto, ['id', 'policyId'] as const),
) {}

/** A jurisdiction as the API answers it. */
export class JurisdictionDto {
  @ApiProperty({ example: 'liaoyuan-cppcc' }) id: string;
  @ApiProperty({ example: '辽源市政协' }) name: string;
  @ApiPropertyOptional() nameEn?: string;
  @ApiProperty({ enum: JURISDICTION_LEVELS }) level: JurisdictionLevel;
  @ApiProperty({ enum: CHANNELS, isArray: true }) channels: Channel[];
  @ApiProperty({ example: 'guangzhou' }) policyId: string;
  @ApiProperty({ example: 1, description: '新登记的件适用的政策版本' }) policyVersion: number;
  @ApiProperty({ type: [JurisdictionCalendarOverrideDto] })
  calendarOverrides: JurisdictionCalendarOverrideDto[];
  @ApiPropertyOptional() docNumberPattern?: string;
  @ApiPropertyOptional() indexNumberPattern?: string;
  @ApiProperty({ type: [EscalationContactDto] }) escalationContacts: EscalationContactDto[];
  @ApiProperty({ description: 'true = 系统内置（只读）' }) shipped: boolean;
}

/** The policy version a jurisdiction's new cases start under, as its screens need it. */
export class JurisdictionPolicyDto {
  @ApiProperty({ example: 'guangzhou' }) id: string;
  @ApiProperty() version: number;
  @ApiProperty({ description: '该政策的最新版本' }) latestVersion: number;
  @ApiProperty() name: string;
  @ApiProperty() nameEn: string;
  @ApiProperty({ enum: CHANNELS, isArray: true }) channels: Channel[];
  @ApiProperty({ type: [ReplyClassDto] }) replyClasses: ReplyClassDto[];
  @ApiProperty({ type: [PolicySourceDto] }) sources: PolicySourceDto[];
  @ApiProperty() shipped: boolean;
}

export class JurisdictionDetailDto extends JurisdictionDto {
  @ApiProperty({ type: JurisdictionPolicyDto }) policy: JurisdictionPolicyDto;
}
