import { NotBlank } from '../common/validation';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsEmail,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

export class UnitContactDto {
  @ApiProperty({ example: '李明', description: '联络员姓名' })
  @IsString()
  @NotBlank()
  @MaxLength(64)
  name: string;

  @ApiPropertyOptional({ example: '办公室副主任' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  title?: string;

  @ApiPropertyOptional({ example: '0571-87000000' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  phone?: string;

  @ApiPropertyOptional({ example: 'liming@jyt.example.gov.cn' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({
    default: true,
    description: '是否接收任务邮件 (task mail goes to this address too)',
  })
  @IsOptional()
  @IsBoolean()
  receivesTasks?: boolean;
}

/** Optional texts may be sent as null (or empty): editing clears them that way. */
export class CreateUnitDto {
  @ApiProperty({ example: 'jyt', description: '单位代码（唯一）' })
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'code must be 1-64 letters, digits or . _ -' })
  code: string;

  @ApiProperty({ example: '浙江省教育厅' })
  @IsString()
  @NotBlank()
  @MaxLength(200)
  name: string;

  @ApiPropertyOptional({ example: '省教育厅', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  shortName?: string | null;

  @ApiPropertyOptional({ example: '王强', description: '单位负责人（签发人）', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  leaderName?: string | null;

  @ApiPropertyOptional({ example: 'leader@jyt.example.gov.cn', nullable: true, type: String })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  leaderEmail?: string | null;

  @ApiPropertyOptional({ example: '张丽', description: '主要联系人', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  contactName?: string | null;

  @ApiPropertyOptional({ example: '0571-88000000', nullable: true, type: String })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  contactPhone?: string | null;

  @ApiPropertyOptional({
    example: 'banli@jyt.example.gov.cn',
    description: '主要联系人邮箱（任务邮件收件人）',
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  contactEmail?: string | null;

  @ApiPropertyOptional({
    example: '杭民函〔{year}〕{seq}号',
    description: '答复文号格式：占位符 {year} {seq} {seq:位数} {unit} {org}',
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  docNumberPattern?: string | null;

  @ApiPropertyOptional({
    example: '杭民提函〔{year}〕{seq}号',
    description: '会办意见文号格式（另一序列）',
    nullable: true,
    type: String,
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  opinionNumberPattern?: string | null;

  @ApiPropertyOptional({ type: [UnitContactDto], description: '其他联络员；修改时整体替换' })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => UnitContactDto)
  @ArrayMaxSize(50)
  contacts?: UnitContactDto[];
}

/**
 * PATCH /units/:id: the fields given are replaced. Leaving a field out keeps it; null clears the
 * optional ones, and is refused (400) for the code and name a unit must have.
 */
export class UpdateUnitDto extends PartialType(CreateUnitDto, { skipNullProperties: false }) {}

export class UnitContactViewDto {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) title: string | null;
  @ApiProperty({ nullable: true, type: String }) phone: string | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty() receivesTasks: boolean;
}

export class UnitDto {
  @ApiProperty() id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) shortName: string | null;
  @ApiProperty({ nullable: true, type: String }) leaderName: string | null;
  @ApiProperty({ nullable: true, type: String }) leaderEmail: string | null;
  @ApiProperty({ nullable: true, type: String }) contactName: string | null;
  @ApiProperty({ nullable: true, type: String }) contactPhone: string | null;
  @ApiProperty({ nullable: true, type: String }) contactEmail: string | null;
  @ApiProperty({ nullable: true, type: String }) docNumberPattern: string | null;
  @ApiProperty({ nullable: true, type: String }) opinionNumberPattern: string | null;
  @ApiProperty({ type: [UnitContactViewDto] }) contacts: UnitContactViewDto[];
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}
