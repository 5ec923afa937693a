import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  ACTOR_ROLES,
  ASSIGNMENT_MODES,
  CASE_STAGES,
  CHANNELS,
  CLOCK_IDS,
  CLOCK_KINDS,
  DEADLINE_ROW_STATUSES,
  PARTY_KINDS,
  RATINGS,
  UNIT_DISPLAY_STAGES,
  UNIT_ROLES,
  type Channel,
  type PartyKind,
  type RecordedRating,
} from '@banli/domain';
import { NotBlank } from '../common/validation';
import { ComputedDeadlineDto } from '../policies/policies.dto';

/** A rating as recorded: the proposer's own, or noAnswer when the feedback window closed without one. */
export const RECORDED_RATINGS = [...RATINGS, 'noAnswer'] as const satisfies readonly RecordedRating[];

export class ProposerDto {
  @ApiProperty({ example: '九三学社辽源市委员会', description: '提出人姓名或团体名称' })
  @IsString()
  @NotBlank()
  @MaxLength(200)
  name: string;

  @ApiProperty({
    enum: PARTY_KINDS,
    example: 'group',
    description: 'deputy 代表 / member 委员 / group 党派团体 / …',
  })
  @IsIn(PARTY_KINDS)
  kind: PartyKind;

  @ApiPropertyOptional({ example: 'jiusan@example.cn' })
  @IsOptional()
  @IsEmail()
  email?: string;

  @ApiPropertyOptional({ example: '0437-3222222' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  phone?: string;
}

/** The session a proposal belongs to: jurisdiction, channel, 届 and 次. */
export class ProposalSessionDto {
  @ApiProperty({
    example: 'cn-national',
    description:
      '辖区编号 (jurisdiction id, see GET /jurisdictions)；渠道须为该辖区所办理的，件按其当前政策版本办理',
  })
  @IsString()
  @Matches(/^[a-z0-9-]{2,64}$/, { message: 'jurisdiction must be a jurisdiction id such as cn-national' })
  jurisdiction: string;

  @ApiProperty({ enum: CHANNELS, description: 'npc 人大代表建议 / cppcc 政协提案' })
  @IsIn(CHANNELS)
  channel: Channel;

  @ApiProperty({ example: 8, description: '届' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  term: number;

  @ApiProperty({ example: 6, description: '次 (session within the term)' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  session: number;
}

export class RegisterProposalDto extends ProposalSessionDto {
  @ApiProperty({ example: '006', description: '本次会议编号，如 006 或 建9' })
  @IsString()
  @Matches(/^[\p{L}\p{N}-]{1,32}$/u, { message: 'number must be 1-32 letters or digits, e.g. 006 or 建9' })
  number: string;

  @ApiPropertyOptional({ default: true, description: 'true 会间 / false 闭会期间' })
  @IsOptional()
  @IsBoolean()
  duringSession?: boolean;

  @ApiPropertyOptional({
    example: '2020-03-10T02:00:00Z',
    description:
      '补录往年案件时的登记时间（不晚于现在）；省略为现在。其后的办理事项用 POST /proposals/{id}/past-actions 补录',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  registeredAt?: string;

  @ApiProperty({ example: '关于完善治理格局 健全服务体系在创新中提升我市社区建设水平的建议' })
  @IsString()
  @NotBlank()
  @MaxLength(500)
  title: string;

  @ApiPropertyOptional({ description: '正文' })
  @IsOptional()
  @IsString()
  @MaxLength(100000)
  content?: string;

  @ApiPropertyOptional({ example: '社会建设' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  category?: string;

  @ApiProperty({ type: [ProposerDto], description: '提出人，第一位为领衔人/第一提案人' })
  @ValidateNested({ each: true })
  @Type(() => ProposerDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  proposers: ProposerDto[];
}

export class RegisteredDto {
  @ApiProperty() id: string;
  @ApiProperty() workflowId: string;
  @ApiProperty() stage: string;
}

// -- the case view (GET /proposals/{id}) ---------------------------------------------------------

export class CaseProposerDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: PARTY_KINDS, description: '提出人类别 (party kind)' }) kind: string;
  @ApiProperty({ description: '0 为领衔人/第一提案人' }) position: number;
}

export class CaseAssignmentDto {
  @ApiProperty() id: string;
  @ApiProperty() proposalId: string;
  @ApiProperty() unitId: string;
  @ApiProperty({ nullable: true, type: String, description: '承办单位名称' }) unitName: string | null;
  @ApiProperty({ enum: ASSIGNMENT_MODES }) mode: string;
  @ApiProperty({ enum: UNIT_ROLES }) role: string;
  @ApiProperty({ enum: UNIT_DISPLAY_STAGES }) stage: string;
  @ApiProperty({ description: 'false：已被调整或撤销' }) active: boolean;
  @ApiProperty() assignedAt: Date;
  @ApiProperty({ nullable: true, type: Date }) receivedAt: Date | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class CaseDeadlineDto {
  @ApiProperty() id: string;
  @ApiProperty() proposalId: string;
  @ApiProperty({ description: "'case' 或承办单位 id" }) scope: string;
  @ApiProperty({ enum: CLOCK_IDS }) clock: string;
  @ApiProperty({ enum: CLOCK_KINDS }) kind: string;
  @ApiProperty({ description: '最后一日 24 时' }) dueAt: Date;
  @ApiProperty({ example: '3个月，自交办 2026-03-31 起 → 2026-06-30' }) summary: string;
  @ApiProperty({
    type: ComputedDeadlineDto,
    nullable: true,
    description: '计算说明（代表委员不显示）',
  })
  explanation: ComputedDeadlineDto | null;
  @ApiProperty({ enum: DEADLINE_ROW_STATUSES }) status: string;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class CaseReplyDto {
  @ApiProperty() id: string;
  @ApiProperty() proposalId: string;
  @ApiProperty() unitId: string;
  @ApiProperty({ enum: ['reply', 'opinion'], description: 'reply 答复 / opinion 会办意见' }) kind: string;
  @ApiProperty() round: number;
  @ApiProperty({ nullable: true, type: String, example: 'A' }) replyClass: string | null;
  @ApiProperty({ nullable: true, type: String }) docNumber: string | null;
  @ApiProperty() text: string;
  @ApiProperty({ nullable: true, type: String }) contactPerson: string | null;
  @ApiProperty({ nullable: true, type: String }) contactPhone: string | null;
  @ApiProperty({ nullable: true, type: String }) signedBy: string | null;
  @ApiProperty({ description: '逾期答复' }) late: boolean;
  @ApiProperty() repliedAt: Date;
  @ApiProperty() createdAt: Date;
}

export class CaseFeedbackDto {
  @ApiProperty() id: string;
  @ApiProperty() proposalId: string;
  @ApiProperty() unitId: string;
  @ApiProperty() partyId: string;
  @ApiProperty() round: number;
  @ApiProperty({ enum: RECORDED_RATINGS }) rating: string;
  @ApiProperty({ nullable: true, type: String }) comment: string | null;
  @ApiProperty() ratedAt: Date;
  @ApiProperty() createdAt: Date;
}

export class CaseAuditDto {
  @ApiProperty() seq: number;
  @ApiProperty({ description: "账号 id；'link:<unitId>' 为邮件链接，'system' 为系统" }) actorId: string;
  @ApiProperty({ enum: ACTOR_ROLES }) actorRole: string;
  @ApiProperty({ nullable: true, type: String }) actorName: string | null;
  @ApiProperty({ nullable: true, type: String }) actorUnitId: string | null;
  @ApiProperty({ nullable: true, type: String }) actorUnitName: string | null;
  @ApiProperty({ example: 'signFor' }) action: string;
  @ApiProperty({ nullable: true, type: String }) fromStage: string | null;
  @ApiProperty({ nullable: true, type: String }) toStage: string | null;
  @ApiProperty() at: Date;
  @ApiProperty({ nullable: true, type: 'object', additionalProperties: true }) detail: unknown;
}

/** The full case view from the read model. */
export class CaseViewDto {
  @ApiProperty() id: string;
  @ApiProperty() workflowId: string;
  @ApiProperty() jurisdiction: string;
  @ApiProperty({ enum: CHANNELS }) channel: Channel;
  @ApiProperty({ description: '届' }) term: number;
  @ApiProperty({ description: '次' }) session: number;
  @ApiProperty({ example: '006' }) number: string;
  @ApiProperty({ description: 'true 会间 / false 闭会期间' }) duringSession: boolean;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) content: string | null;
  @ApiProperty({ nullable: true, type: String }) category: string | null;
  @ApiProperty() keyCase: boolean;
  @ApiProperty({ enum: CASE_STAGES }) stage: string;
  @ApiProperty() policyId: string;
  @ApiProperty() policyVersion: number;
  @ApiProperty() registeredAt: Date;
  @ApiProperty({ nullable: true, type: Date }) closedAt: Date | null;
  @ApiProperty({ nullable: true, type: Date, description: '下一个时限（列表用）' }) nextDueAt: Date | null;
  @ApiProperty() lastSeq: number;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
  @ApiProperty({ type: [CaseProposerDto] }) proposers: CaseProposerDto[];
  @ApiProperty({ type: [CaseAssignmentDto] }) assignments: CaseAssignmentDto[];
  @ApiProperty({ type: [CaseDeadlineDto] }) deadlines: CaseDeadlineDto[];
  @ApiProperty({ type: [CaseReplyDto], description: '答复和会办意见（代表委员只见答复）' })
  replies: CaseReplyDto[];
  @ApiProperty({ type: [CaseFeedbackDto] }) feedback: CaseFeedbackDto[];
  @ApiProperty({ type: [CaseAuditDto], description: '办理记录（代表委员为空）' }) audit: CaseAuditDto[];
}
