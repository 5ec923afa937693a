import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  CHANNELS,
  CLOCK_IDS,
  ESCALATION_TARGETS,
  START_EVENTS,
  type Channel,
  type ClockId,
  type DeadlineRule,
  type EscalationTarget,
  type StartEvent,
} from '@banli/domain';

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
  @ApiPropertyOptional({
    example: 'cn-national',
    description: '政策编号；给出 policy（未发布的政策）或 jurisdiction 时可不填',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9-]{1,64}$/, { message: 'policyId must be a policy id such as cn-national' })
  policyId?: string;

  @ApiPropertyOptional({ description: '默认为最新版本' })
  @IsOptional()
  @IsInt()
  @Min(1)
  policyVersion?: number;

  @ApiProperty({ enum: CHANNELS })
  @IsIn(CHANNELS)
  channel: Channel;

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

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description:
      '未发布的政策（JurisdictionPolicy，不含 id/version），用于编辑时的实时试算；给出时不看 policyId (an unpublished policy body)',
  })
  @IsOptional()
  @IsObject()
  policy?: Record<string, unknown>;

  @ApiPropertyOptional({
    example: 'guangzhou',
    description: '辖区编号：叠加该辖区的本地节假日与调休；未给 policyId 和 policy 时用该辖区的政策版本',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9-]{1,64}$/, { message: 'jurisdiction must be a jurisdiction id such as guangzhou' })
  jurisdiction?: string;
}

// -- answers ------------------------------------------------------------------------------------

export class PolicySourceDto {
  @ApiProperty({ example: '全国人民代表大会代表建议、批评和意见处理办法' }) title: string;
  @ApiProperty() url: string;
  @ApiPropertyOptional({ example: '第十一条' }) article?: string;
}

export class ReplyClassDto {
  @ApiProperty({ example: 'A' }) code: string;
  @ApiProperty({ example: '所提问题已经解决或基本解决' }) label: string;
  @ApiPropertyOptional() labelEn?: string;
}

/** One jurisdiction policy version (JurisdictionPolicy of libs/domain). */
export class PolicyDto {
  @ApiProperty({ example: 'cn-national' }) id: string;
  @ApiProperty() version: number;
  @ApiProperty() name: string;
  @ApiProperty() nameEn: string;
  @ApiProperty({ type: [PolicySourceDto] }) sources: PolicySourceDto[];
  @ApiProperty({ enum: CHANNELS, isArray: true }) channels: Channel[];
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: '各时限的规则（ClockSpec，按时限编号）(clock specs by clock id)',
  })
  clocks: Record<string, unknown>;
  @ApiPropertyOptional({ description: '会同办理：主办单位等待会办意见（或其期限）后才能提交答复稿' })
  leadWaitsForCoOpinions?: boolean;
  @ApiPropertyOptional({ description: '批准延期后书面告知代表委员' })
  notifyProposerOfExtension?: boolean;
  @ApiPropertyOptional({ description: '会同办理时联合行文：主办单位答复稿经会办单位会签，联合署名' })
  jointReply?: boolean;
  @ApiPropertyOptional({ description: '答复送达代表委员前由交办机关审核（可更正答复类别）' })
  officeReview?: boolean;
  @ApiPropertyOptional({ description: '联名件逐人答复（false：通过领衔人答复）；默认逐人答复' })
  replyPerProposer?: boolean;
  @ApiPropertyOptional({ type: [String], description: '答复的抄送单位' })
  copies?: string[];
  @ApiProperty() contactRequiredBeforeReply: boolean;
  @ApiProperty({ type: [ReplyClassDto] }) replyClasses: ReplyClassDto[];
  @ApiProperty({ enum: ['recordedAsNoAnswer', 'deemedSatisfied'] })
  feedbackNoAnswer: 'recordedAsNoAnswer' | 'deemedSatisfied';
  @ApiProperty() rehandlingOnBasicallySatisfied: boolean;
  @ApiProperty({ type: [String], example: ['B', 'C'] }) trackingClasses: string[];
  @ApiPropertyOptional({ type: [String] }) notes?: string[];
}

/** A policy version by id and number. */
export class PolicyRefDto {
  @ApiProperty({ example: 'guangzhou' })
  @IsString()
  @Matches(/^[a-z0-9-]{1,64}$/, { message: 'id must be a policy id such as guangzhou' })
  id: string;

  @ApiProperty({ example: 1 })
  @IsInt()
  @Min(1)
  version: number;
}

/** A policy version as the API answers it: the rules, and where the version comes from. */
export class PolicyVersionDto extends PolicyDto {
  @ApiProperty({ description: 'true = 系统内置（只读）；false = 管理员发布' }) shipped: boolean;
  @ApiPropertyOptional({ format: 'date-time', description: '发布时间（管理员发布的版本）' })
  publishedAt?: string;
  @ApiPropertyOptional({ description: '发布人账号编号' }) publishedBy?: string;
  @ApiPropertyOptional({ type: PolicyRefDto, nullable: true, description: '复制或修改自哪个政策版本' })
  basedOn?: PolicyRefDto | null;
}

/** A policy in the list: its latest version, and every version there is. */
export class PolicySummaryDto extends PickType(PolicyDto, [
  'id',
  'name',
  'nameEn',
  'channels',
  'sources',
] as const) {
  @ApiProperty({ description: '最新版本' }) version: number;
  @ApiProperty({ type: [Number], description: '可用的全部版本' }) versions: number[];
  @ApiProperty({ description: 'true = 系统内置（只读，可复制）；false = 管理员发布' }) shipped: boolean;
}

const POLICY_BODY = {
  type: 'object',
  additionalProperties: true,
  description:
    '政策内容（JurisdictionPolicy，不含 id 与 version，由服务器设定）：name, nameEn, sources, channels, clocks, replyClasses …',
} as const;

/** POST /policies: version 1 of a new policy, usually a copy of another one. */
export class CreatePolicyDto {
  @ApiProperty({ example: 'liaoyuan', description: '新政策编号：小写字母、数字、连字符；不能与内置政策相同' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/, { message: 'id must be lower-case letters, digits and hyphens' })
  id: string;

  @ApiPropertyOptional({ type: PolicyRefDto, description: '复制自哪个政策版本' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PolicyRefDto)
  basedOn?: PolicyRefDto;

  @ApiProperty(POLICY_BODY)
  @IsObject()
  policy: Record<string, unknown>;
}

/** POST /policies/:id/versions: the next version of a stored policy. */
export class PublishPolicyVersionDto {
  @ApiProperty(POLICY_BODY)
  @IsObject()
  policy: Record<string, unknown>;

  @ApiPropertyOptional({ description: '在哪个版本的基础上修改（默认为当前最新版本）' })
  @IsOptional()
  @IsInt()
  @Min(1)
  basedOnVersion?: number;
}

/** POST /policies/validate: check a policy without storing it. */
export class ValidatePolicyDto {
  @ApiProperty(POLICY_BODY)
  @IsObject()
  policy: Record<string, unknown>;

  @ApiPropertyOptional({ example: 'liaoyuan', description: '拟用的政策编号（一并检查）' })
  @IsOptional()
  @IsString()
  id?: string;
}

/** One problem of a policy or jurisdiction: where, and what is wrong. */
export class ConfigProblemDto {
  @ApiProperty({ example: 'clocks.mainReply.rule.months' }) path: string;
  @ApiProperty({ example: 'must be a whole number of months ≥ 1' }) message: string;
}

export class PolicyValidationResultDto {
  @ApiProperty() ok: boolean;
  @ApiProperty({ type: [ConfigProblemDto] }) problems: ConfigProblemDto[];
}

export class CrossedDayDto {
  @ApiProperty({ example: '2026-02-15' }) date: string;
  @ApiProperty({ example: '春节' }) reason: string;
  @ApiProperty({ description: 'true 调休上班 / false 放假' }) working: boolean;
}

export class RolledDto {
  @ApiProperty({ example: '2026-08-01' }) from: string;
  @ApiProperty({ example: '2026-08-03' }) to: string;
  @ApiProperty({ example: '2026-08-01 为周六，顺延至下一个工作日 2026-08-03' }) reason: string;
}

export class DeadlineReferenceDto {
  @ApiProperty({ enum: CLOCK_IDS }) clock: ClockId;
  @ApiProperty() dueDate: string;
}

export class ReminderDateDto {
  @ApiProperty() daysBefore: number;
  @ApiProperty() date: string;
}

/** A due date with everything needed to explain it (ComputedDeadline of libs/domain). */
export class ComputedDeadlineDto {
  @ApiProperty({ enum: CLOCK_IDS }) clock: ClockId;
  @ApiProperty({ example: '2026-06-30', description: '最后一日（北京时间）' }) dueDate: string;
  @ApiProperty({ example: '2026-06-30T16:00:00.000Z', description: '最后一日 24 时' }) dueAt: string;
  @ApiProperty({ enum: START_EVENTS }) startEvent: StartEvent;
  @ApiProperty() startAt: string;
  @ApiProperty({ description: '起算日（不计入）' }) startDate: string;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'DeadlineRule' })
  rule: DeadlineRule;
  @ApiProperty({ example: '交办之日起3个月' }) ruleText: string;
  @ApiProperty() ruleTextEn: string;
  @ApiProperty() policyId: string;
  @ApiProperty() policyVersion: number;
  @ApiPropertyOptional({ enum: CHANNELS }) channel?: Channel;
  @ApiPropertyOptional() complex?: boolean;
  @ApiProperty({ type: [CrossedDayDto], description: '期间跨越的节假日和调休上班日' })
  crossed: CrossedDayDto[];
  @ApiProperty({ type: RolledDto, nullable: true, description: '最后一日逢休息日顺延' })
  rolled: RolledDto | null;
  @ApiProperty({ type: [String] }) warnings: string[];
  @ApiProperty({ example: '3个月，自交办 2026-03-31 起 → 2026-06-30' }) summary: string;
  @ApiPropertyOptional({ type: DeadlineReferenceDto }) reference?: DeadlineReferenceDto;
  @ApiProperty({ type: [ReminderDateDto] }) reminders: ReminderDateDto[];
  @ApiProperty({ enum: ESCALATION_TARGETS, isArray: true }) escalateTo: EscalationTarget[];
  @ApiPropertyOptional({ example: '默认值：来源未规定' }) note?: string;
}

export class PreviewPolicyDto extends PickType(PolicyDto, ['id', 'version', 'name'] as const) {}

export class DeadlinePreviewResultDto {
  @ApiProperty({ type: PreviewPolicyDto }) policy: PreviewPolicyDto;
  @ApiProperty({ type: [ComputedDeadlineDto] }) deadlines: ComputedDeadlineDto[];
}
