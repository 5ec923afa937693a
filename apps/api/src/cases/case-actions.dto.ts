import { NotBlank } from '../common/validation';
import { LetterFieldsDto, OfficeOpinionDto } from './documents.dto';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  ASSIGNMENT_MODES,
  CASE_STAGES,
  CLOCK_IDS,
  CONTACT_METHODS,
  RATINGS,
  UNIT_DISPLAY_STAGES,
  UNIT_ROLES,
  type AssignmentMode,
  type CaseStage,
  type ContactMethod,
  type Rating,
  type UnitDisplayStage,
  type UnitRole,
} from '@banli/domain';
import { REPLY_TEXT_MAX } from '../common/body-limit';

const REASON = { example: '职能调整，建议由市住建局主办', description: '理由' };

export class ReasonDto {
  @ApiProperty(REASON)
  @IsString()
  @NotBlank()
  @MaxLength(2000)
  reason: string;
}

export class FileDto {
  @ApiProperty({ example: '0123', description: '立案号' })
  @IsString()
  @NotBlank()
  @MaxLength(32)
  number: string;

  @ApiProperty({ example: '社会建设', description: '类别' })
  @IsString()
  @NotBlank()
  @MaxLength(100)
  category: string;

  @ApiPropertyOptional({ description: '重点督办件' })
  @IsOptional()
  @IsBoolean()
  keyCase?: boolean;

  @ApiPropertyOptional({ description: '时效性快速通道' })
  @IsOptional()
  @IsBoolean()
  fastTrack?: boolean;

  @ApiPropertyOptional({ description: '内容复杂、涉及面广（适用较长答复期限）' })
  @IsOptional()
  @IsBoolean()
  complex?: boolean;
}

export class NotFileDto extends ReasonDto {
  @ApiProperty({ example: '社情民意', description: '转化方式：社情民意、委员来信、信息专报件……' })
  @IsString()
  @NotBlank()
  @MaxLength(100)
  convertedTo: string;
}

export class MergeDto {
  @ApiProperty({ format: 'uuid', description: '并入的案件 id' })
  @IsUUID()
  parentCaseId: string;

  @ApiPropertyOptional({ example: '内容相近，并案办理' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class UnitAssignmentDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  unitId: string;

  @ApiPropertyOptional({ enum: ['lead', 'co'], description: '会同办理时：lead 主办 / co 会办' })
  @IsOptional()
  @IsIn(['lead', 'co'])
  role?: 'lead' | 'co';
}

export class AssignDto {
  @ApiProperty({
    enum: ASSIGNMENT_MODES,
    description: 'sole 单独办理 / separate 分别办理 / joint 会同办理',
  })
  @IsIn(ASSIGNMENT_MODES)
  mode: AssignmentMode;

  @ApiProperty({ type: [UnitAssignmentDto] })
  @ValidateNested({ each: true })
  @Type(() => UnitAssignmentDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  units: UnitAssignmentDto[];
}

export class AddUnitDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  unitId: string;

  @ApiProperty({ enum: ['co', 'separate'], description: 'co 增加会办单位 / separate 增加分办单位' })
  @IsIn(['co', 'separate'])
  role: 'co' | 'separate';
}

export class ReplaceUnitDto extends ReasonDto {
  @ApiProperty({ format: 'uuid', description: '新的承办单位' })
  @IsUUID()
  newUnitId: string;
}

export class DeliveryDto {
  @ApiProperty({
    example: '2026-04-02T09:30:00+08:00',
    description: '交办件实际送达该单位的时间（不早于交办，不晚于现在）',
  })
  @IsISO8601({ strict: true })
  deliveredAt: string;

  @ApiPropertyOptional({ example: '纸质件经机要交换送达', description: '说明' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

export class AdjustmentRequestDto extends ReasonDto {
  @ApiPropertyOptional({ format: 'uuid', description: '建议改由哪个单位承办' })
  @IsOptional()
  @IsUUID()
  proposedUnitId?: string;
}

export class AdjustmentDecisionDto {
  @ApiProperty({ format: 'uuid', description: '申请调整的单位' })
  @IsUUID()
  unitId: string;

  @ApiProperty({ description: 'true 同意调整 / false 不同意' })
  @IsBoolean()
  approve: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;

  @ApiPropertyOptional({ format: 'uuid', description: '同意时的新承办单位，默认为申请中建议的单位' })
  @IsOptional()
  @IsUUID()
  newUnitId?: string;
}

/** A co-handler's opinion (会办意见) with its document fields. */
export class OpinionDto extends OfficeOpinionDto {}

export class ContactDto {
  @ApiProperty({
    enum: CONTACT_METHODS,
    description: 'faceToFace 面商 / phone 电话 / visit 走访 / letter 书面 / online 网上',
  })
  @IsIn(CONTACT_METHODS)
  method: ContactMethod;

  @ApiProperty({ example: '2026-04-15T02:00:00Z', description: '沟通时间' })
  @IsISO8601({ strict: true })
  date: string;

  @ApiProperty({ example: '张丽', description: '沟通人' })
  @IsString()
  @NotBlank()
  @MaxLength(64)
  by: string;

  @ApiPropertyOptional({ example: '代表对办理方案表示认可' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class DraftReplyDto extends LetterFieldsDto {
  @ApiProperty({ example: 'A', description: '答复类别（按政策，如 A/B/C/D）' })
  @IsString()
  @NotBlank()
  @MaxLength(16)
  class: string;

  @ApiProperty({ description: '答复正文' })
  @IsString()
  @NotBlank()
  @MaxLength(REPLY_TEXT_MAX)
  text: string;

  @ApiProperty({ example: '张丽' })
  @IsString()
  @NotBlank()
  @MaxLength(64)
  contactPerson: string;

  @ApiProperty({ example: '0571-88000000' })
  @IsString()
  @NotBlank()
  @MaxLength(64)
  contactPhone: string;
}

export class ReplyDto {
  @ApiPropertyOptional({ description: '省略时用已签发稿；给出时须与签发稿一致' })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  class?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(REPLY_TEXT_MAX)
  text?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  contactPerson?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  contactPhone?: string;
}

export class ExtensionRequestDto extends ReasonDto {
  @ApiPropertyOptional({ example: '2026-08-31T15:59:59Z', description: '申请延至' })
  @IsOptional()
  @IsISO8601({ strict: true })
  requestedDueAt?: string;
}

export class ExtensionDecisionDto {
  @ApiProperty({ format: 'uuid', description: '申请延期的单位' })
  @IsUUID()
  unitId: string;

  @ApiProperty()
  @IsBoolean()
  approve: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;

  @ApiPropertyOptional({ description: '批准后的期限，默认为申请的期限；不得超过政策允许的最长期限' })
  @IsOptional()
  @IsISO8601({ strict: true })
  newDueAt?: string;
}

export class FeedbackDto {
  @ApiProperty({
    enum: RATINGS,
    description: 'satisfied 满意 / basicallySatisfied 基本满意 / dissatisfied 不满意',
  })
  @IsIn(RATINGS)
  rating: Rating;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;

  @ApiPropertyOptional({ format: 'uuid', description: '评价哪个单位的答复；只有一个单位在征询意见时可省略' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: '仅交办机关代录时填写：提出人 id（代表委员本人评价时取自登录身份）',
  })
  @IsOptional()
  @IsUUID()
  proposerId?: string;
}

export class TrackingReportDto {
  @ApiProperty({ description: '跟踪办理情况' })
  @IsString()
  @NotBlank()
  @MaxLength(100000)
  text: string;

  @ApiProperty({ description: 'true 已解决 / false 作出说明' })
  @IsBoolean()
  resolved: boolean;
}

export class UrgeDto {
  @ApiPropertyOptional({ format: 'uuid', description: '催办哪个单位；省略则催办全案' })
  @IsOptional()
  @IsUUID()
  unitId?: string;

  @ApiProperty({ example: '请加快办理，月底前答复' })
  @IsString()
  @NotBlank()
  @MaxLength(2000)
  note: string;
}

export class KeyCaseDto {
  @ApiProperty({ description: 'true 列为重点督办件 / false 取消' })
  @IsBoolean()
  keyCase: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class ReapplyPolicyDto extends ReasonDto {
  @ApiPropertyOptional({ example: 2, description: '改用本政策的哪个版本；省略则按现行版本与日历重新计算' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  policyVersion?: number;
}

export class SummaryUnitDto {
  @ApiProperty() unitId: string;
  @ApiProperty({ enum: UNIT_ROLES }) role: UnitRole;
  @ApiProperty({ enum: UNIT_DISPLAY_STAGES, description: '单位阶段（已签发的答复稿为 SIGNED_OFF）' })
  stage: UnitDisplayStage;
  @ApiProperty({ description: '办理轮次（重新办理后加一）' }) round: number;
  @ApiProperty({ description: '逾期答复次数' }) lateReplies: number;
}

export class NextDueDto {
  @ApiProperty() unitId: string;
  @ApiProperty({ enum: CLOCK_IDS }) clock: string;
  @ApiProperty({ format: 'date-time', description: '最后一日 24 时' }) dueAt: string;
  @ApiProperty() summary: string;
}

/** What lists show of a case at a moment (CaseSummary of libs/domain). */
export class CaseSummaryDto {
  @ApiProperty() caseId: string;
  @ApiProperty() seq: number;
  @ApiProperty({
    enum: [...new Set([...CASE_STAGES, ...UNIT_DISPLAY_STAGES])],
    description: '显示阶段（案件阶段或最慢答复单位的阶段）',
  })
  stage: CaseStage | UnitDisplayStage;
  @ApiProperty({ enum: CASE_STAGES }) caseStage: CaseStage;
  @ApiPropertyOptional({ enum: ASSIGNMENT_MODES }) mode?: AssignmentMode;
  @ApiPropertyOptional() leadUnitId?: string;
  @ApiProperty({ type: [SummaryUnitDto], description: '在办单位' }) units: SummaryUnitDto[];
  @ApiProperty({
    type: NextDueDto,
    nullable: true,
    description: '下一个时限：最早的未完成办理时限（暂停或结束时为空）',
  })
  nextDue: NextDueDto | null;
  @ApiProperty({ description: '有已超期的未完成办理时限' }) overdue: boolean;
  @ApiProperty() keyCase: boolean;
  @ApiProperty() onHold: boolean;
  @ApiPropertyOptional({ format: 'date-time' }) closedAt?: string;
}

export class ActionResultDto {
  @ApiProperty({ description: '案件状态序号（每次操作加一）' }) seq: number;
  @ApiProperty({ type: CaseSummaryDto }) summary: CaseSummaryDto;
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: '本次操作产生的事件' })
  events: object[];
}

export class DraftPrerequisitesDto {
  @ApiProperty({ description: '政策要求答复前沟通联系，而本轮尚未登记沟通' }) contact: boolean;
  @ApiProperty({
    type: [String],
    description: '会同办理：会办意见尚未送达且会办期限未到的会办单位',
  })
  coOpinions: string[];
}

/** GET /proposals/{id}/state: the live state from the workflow. */
export class CaseStateAnswerDto {
  @ApiProperty({ type: CaseSummaryDto }) summary: CaseSummaryDto;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      '实时案件状态（libs/domain 的 CaseState）；代表委员看到的不含单位内部记录 (the CaseState of libs/domain)',
  })
  state: Record<string, unknown>;
  @ApiPropertyOptional({
    type: DraftPrerequisitesDto,
    description: '承办单位账号：本单位起草答复前尚缺什么',
  })
  draftPrerequisites?: DraftPrerequisitesDto;
}
