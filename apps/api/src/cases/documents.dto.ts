import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { PUBLICITIES, type Publicity } from '@banli/domain';
import { NotBlank } from '../common/validation';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Fields a co-handling opinion (会办意见) carries as a document. */
export class OpinionDocDto {
  @ApiPropertyOptional({ description: '标题（默认按“…关于…的会办意见”生成）' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({ example: '杭民提函〔2026〕3号', description: '文号（会办意见序列）' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  docNumber?: string;

  @ApiPropertyOptional({ example: '2026-04-20', description: '成文日期（不晚于今天、不早于交办）' })
  @IsOptional()
  @Matches(DATE, { message: 'letterDate 须为日期 YYYY-MM-DD' })
  letterDate?: string;

  @ApiPropertyOptional({ example: '王强', description: '签发人' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  signerName?: string;
}

/** The letter fields of a reply draft (domain.md §4). */
export class LetterFieldsDto extends OpinionDocDto {
  @ApiPropertyOptional({ example: '局长', description: '签发人职务' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  signerTitle?: string;

  @ApiPropertyOptional({ type: [String], example: ['市人大常委会代表工作委员会'], description: '抄送' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  copies?: string[];

  @ApiPropertyOptional({
    enum: PUBLICITIES,
    description: '公开属性：active 主动公开 / onRequest 依申请公开 / none 不予公开（须说明理由）',
  })
  @IsOptional()
  @IsIn(PUBLICITIES)
  publicity?: Publicity;

  @ApiPropertyOptional({ description: '不予公开理由' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  publicityReason?: string;

  @ApiPropertyOptional({ description: '代表委员是否同意公开' })
  @IsOptional()
  @IsBoolean()
  proposerAgreesToPublish?: boolean;
}

export class OfficeOpinionDto extends OpinionDocDto {
  @ApiProperty({ description: '会办意见（交办机关代无账号的单位登记，如电话征求的意见）' })
  @IsString()
  @NotBlank()
  @MaxLength(100000)
  text: string;

  @ApiPropertyOptional({ example: '张丽' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  contactPerson?: string;

  @ApiPropertyOptional({ example: '0571-88000000' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  contactPhone?: string;
}

export class JointReplyDto {
  @ApiProperty({ description: '是否联合行文（主办单位答复稿经会办单位会签，联合署名）' })
  @IsBoolean()
  jointReply: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class CountersignDto {
  @ApiProperty({ description: '同意（true）或提出修改意见（false，须写明意见）' })
  @IsBoolean()
  agree: boolean;

  @ApiPropertyOptional({ description: '会签意见' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  comment?: string;
}

export class ReviewDto {
  @ApiProperty({ description: '审核通过（true）或退回（false，须写明理由）' })
  @IsBoolean()
  accept: boolean;

  @ApiPropertyOptional({ description: '退回理由或审核意见' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;

  @ApiPropertyOptional({ example: 'B', description: '更正后的答复类别（审核通过时）' })
  @IsOptional()
  @IsString()
  @MaxLength(16)
  class?: string;
}

export class PublishDto {
  @ApiPropertyOptional({ description: '第几轮答复；默认最近一次' })
  @IsOptional()
  @IsInt()
  @Min(1)
  round?: number;

  @ApiPropertyOptional({ example: '002489524/2026-00012', description: '索引号；省略时按辖区格式生成' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  indexNo?: string;

  @ApiPropertyOptional({ example: '市民政局', description: '发布机构；默认答复单位' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  publisher?: string;

  @ApiPropertyOptional({ example: '主动公开', description: '公开方式' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  method?: string;

  @ApiPropertyOptional({ example: '有效', description: '时效性' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  validity?: string;

  @ApiPropertyOptional({ example: '2026-05-10T02:00:00Z', description: '发布日期；默认现在' })
  @IsOptional()
  @IsISO8601({ strict: true })
  publishedAt?: string;
}

export class DeclinePublicationDto {
  @ApiPropertyOptional({ description: '第几轮答复；默认最近一次' })
  @IsOptional()
  @IsInt()
  @Min(1)
  round?: number;

  @ApiProperty({ description: '不公开的理由' })
  @IsString()
  @NotBlank()
  @MaxLength(500)
  reason: string;
}

export class PastActionsDto {
  @ApiProperty({
    description:
      '补录的办理事项，按发生先后：每项 { type, occurredAt, …该操作的字段 }。type 可为 file、assign、addUnit、' +
      'recordDelivery、signFor、sendOpinion、recordContact、draftReply、countersign、signOffReply、reviewReply、' +
      'reply（可带 signingUnits）、requestExtension、decideExtension、giveFeedback、reportTracking、closeUnit、' +
      'publishReply、declinePublication。全部成功或全部不生效。',
    type: 'array',
    items: { type: 'object', additionalProperties: true },
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsObject({ each: true })
  @Type(() => Object)
  actions: Record<string, unknown>[];
}

export class NextDocNumberQuery {
  @ApiPropertyOptional({ enum: ['reply', 'opinion'], description: '答复或会办意见的文号序列' })
  @IsOptional()
  @IsIn(['reply', 'opinion'])
  kind?: 'reply' | 'opinion';
}

export class RoundQuery {
  @ApiPropertyOptional({ description: '第几轮答复；默认最近一次' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  round?: number;

  @ApiPropertyOptional({ format: 'uuid', description: '逐人答复时致哪位提出人；默认领衔人/第一提案人' })
  @IsOptional()
  @IsUUID()
  proposerId?: string;
}

export class NextDocNumberDto {
  @ApiProperty({ nullable: true, type: String, example: '杭民函〔2026〕66号' }) docNumber: string | null;
  @ApiProperty() seq: number;
  @ApiProperty() year: number;
  @ApiProperty({ nullable: true, type: String }) pattern: string | null;
}

class LetterSignerDto {
  @ApiProperty() name: string;
  @ApiPropertyOptional() title?: string;
}

class LetterContactDto {
  @ApiPropertyOptional() person?: string;
  @ApiPropertyOptional() phone?: string;
}

/** A reply letter or co-handling opinion as printed (LetterModel of libs/documents). */
export class LetterDto {
  @ApiProperty({ enum: ['reply', 'opinion'] }) kind: 'reply' | 'opinion';
  @ApiPropertyOptional({ description: '答复类别（首页右上角）' }) classMark?: string;
  @ApiPropertyOptional({ description: '文号' }) docNumber?: string;
  @ApiProperty({ description: '标题' }) title: string;
  @ApiProperty({ description: '称谓（不含冒号）' }) salutation: string;
  @ApiProperty({ description: '正文（段落以换行分隔）' }) body: string;
  @ApiProperty({ type: [String], description: '署名单位（联合行文时多个）' }) signingUnits: string[];
  @ApiProperty({ example: '2026-05-20', description: '成文日期' }) date: string;
  @ApiPropertyOptional({ type: LetterSignerDto }) signer?: LetterSignerDto;
  @ApiPropertyOptional({ type: LetterContactDto }) contact?: LetterContactDto;
  @ApiPropertyOptional({ type: [String], description: '抄送' }) copies?: string[];
  @ApiPropertyOptional({ description: '公开属性' }) publicity?: string;
}

class PublicationViewDto {
  @ApiPropertyOptional() publishedAt?: string;
  @ApiPropertyOptional() indexNo?: string;
  @ApiPropertyOptional() publisher?: string;
  @ApiPropertyOptional() method?: string;
  @ApiPropertyOptional() validity?: string;
  @ApiPropertyOptional() declinedAt?: string;
  @ApiPropertyOptional() declinedReason?: string;
}

class LetterRecipientDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: '王征代表' }) salutation: string;
}

export class LetterViewDto {
  @ApiProperty({ type: LetterDto }) letter: LetterDto;
  @ApiPropertyOptional({ description: '第几轮答复' }) round?: number;
  @ApiPropertyOptional({ type: PublicationViewDto }) publication?: PublicationViewDto;
  @ApiPropertyOptional({
    type: [LetterRecipientDto],
    description: '逐人答复时的各位收件人（?proposerId= 取其中一位的函）；通过领衔人答复时只有领衔人',
  })
  recipients?: LetterRecipientDto[];
}
