import { NotBlank } from '../common/validation';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';
import { PARTY_KINDS, type PartyKind } from '@banli/domain';
import { USER_ROLES, type UserRole } from '@banli/persistence';

export class CreateUserDto {
  @ApiProperty({ example: 'jyt.zhangli', description: '登录名：3-64 位字母、数字或 . _ @ -' })
  @IsString()
  @Matches(/^[A-Za-z0-9._@-]{3,64}$/, { message: 'username must be 3-64 letters, digits or . _ @ -' })
  username: string;

  @ApiProperty({ example: '张丽' })
  @IsString()
  @NotBlank()
  @MaxLength(100)
  displayName: string;

  @ApiProperty({ format: 'password', minLength: 8 })
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  password: string;

  @ApiProperty({
    enum: USER_ROLES,
    description:
      'office 交办机关 / unitStaff 承办单位经办人 / unitLeader 单位负责人 / supervisor 督办 / proposer 代表委员 / admin 管理员',
  })
  @IsIn(USER_ROLES)
  role: UserRole;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'unitStaff、unitLeader 必填：所属承办单位',
  })
  @ValidateIf((o) => o.unitId !== undefined && o.unitId !== null)
  @IsUUID()
  unitId?: string | null;

  @ApiPropertyOptional({
    format: 'uuid',
    nullable: true,
    type: String,
    description: 'proposer 必填：所代表的提出人（见 GET /parties）',
  })
  @ValidateIf((o) => o.partyId !== undefined && o.partyId !== null)
  @IsUUID()
  partyId?: string | null;

  @ApiPropertyOptional({ example: 'zhangli@jyt.example.gov.cn' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @NotBlank()
  @MaxLength(100)
  displayName?: string;

  @ApiPropertyOptional({ format: 'password', minLength: 8, description: '重设密码' })
  // absent keeps the password; null is no password (400), not "keep" (it would reach the hash)
  @ValidateIf((o) => o.password !== undefined)
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  password?: string;

  @ApiPropertyOptional({ enum: USER_ROLES })
  @IsOptional()
  @IsIn(USER_ROLES)
  role?: UserRole;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @ValidateIf((o) => o.unitId !== undefined && o.unitId !== null)
  @IsUUID()
  unitId?: string | null;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String })
  @ValidateIf((o) => o.partyId !== undefined && o.partyId !== null)
  @IsUUID()
  partyId?: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  @ValidateIf((o) => o.email !== undefined && o.email !== null)
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ description: 'false 停用账号（其令牌立即失效）' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class ListUsersQuery {
  @ApiPropertyOptional({ enum: USER_ROLES })
  @IsOptional()
  @IsIn(USER_ROLES)
  role?: UserRole;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  unitId?: string;
}

export class UserDto {
  @ApiProperty() id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: USER_ROLES }) role: UserRole;
  @ApiProperty({ nullable: true, type: String }) unitId: string | null;
  @ApiProperty({ nullable: true, type: String }) partyId: string | null;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
  @ApiProperty() active: boolean;
  @ApiProperty({ description: '当前是否因登录失败被锁定' }) locked: boolean;
  @ApiProperty({ nullable: true, type: Date }) lockedUntil: Date | null;
  @ApiProperty() failedLogins: number;
  @ApiProperty({ nullable: true, type: Date }) lastLoginAt: Date | null;
  @ApiProperty() createdAt: Date;
  @ApiProperty() updatedAt: Date;
}

export class RoleDto {
  @ApiProperty({ enum: USER_ROLES }) role: UserRole;
  @ApiProperty({ description: '工作流中的角色 (workflow actor role)' }) actorRole: string;
  @ApiProperty({ enum: ['unit', 'party', 'none'], description: '须绑定 unit / party / 无' })
  binding: 'unit' | 'party' | 'none';
  @ApiProperty() description: string;
  @ApiProperty() descriptionEn: string;
}

export class PartiesQuery {
  @ApiPropertyOptional({ description: '按名称查找（包含）' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ default: 50, maximum: 200 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;
}

export class PartyDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: PARTY_KINDS }) kind: PartyKind;
  @ApiProperty() name: string;
  @ApiProperty({ nullable: true, type: String }) email: string | null;
}
