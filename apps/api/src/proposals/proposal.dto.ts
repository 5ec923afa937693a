import { NotBlank } from '../common/validation';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

export const PARTY_KINDS = ['deputy', 'member', 'group', 'organisation', 'committee', 'delegation'] as const;

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
  kind: (typeof PARTY_KINDS)[number];

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
    description: '辖区/政策编号 (jurisdiction policy id, see GET /policies)',
  })
  @IsString()
  @Matches(/^[a-z0-9-]{2,64}$/, { message: 'jurisdiction must be a policy id such as cn-national' })
  jurisdiction: string;

  @ApiProperty({ enum: ['npc', 'cppcc'], description: 'npc 人大代表建议 / cppcc 政协提案' })
  @IsIn(['npc', 'cppcc'])
  channel: 'npc' | 'cppcc';

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
