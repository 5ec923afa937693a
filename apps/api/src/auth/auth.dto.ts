import { NotBlank } from '../common/validation';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { USER_ROLES, type UserRole } from '@banli/persistence';

export class LoginDto {
  @ApiProperty({ example: 'admin' })
  @IsString()
  @NotBlank()
  @MaxLength(64)
  username: string;

  @ApiProperty({ example: 'change-me-now', format: 'password' })
  @IsString()
  @NotBlank()
  @MaxLength(200)
  password: string;
}

export class ChangePasswordDto {
  @ApiProperty({ format: 'password' })
  @IsString()
  @NotBlank()
  @MaxLength(200)
  currentPassword: string;

  @ApiProperty({ format: 'password', minLength: 8, description: '至少 8 位' })
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  newPassword: string;
}

export class MeDto {
  @ApiProperty() id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: USER_ROLES }) role: UserRole;
  @ApiProperty({ nullable: true, type: String }) unitId: string | null;
  @ApiProperty({ nullable: true, type: String }) partyId: string | null;
  @ApiProperty({ description: '工作流中的身份 (the workflow actor this user acts as)' })
  actor: { id: string; role: string; unitId?: string };
}

export class TokenDto {
  @ApiProperty({ description: 'JWT 访问令牌，放入 Authorization: Bearer …' }) accessToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: string;
  @ApiProperty({ example: 900, description: '有效期（秒）' }) expiresIn: number;
  @ApiProperty({
    format: 'date-time',
    description: '本次登录可续期至此时刻，之后须重新登录 (POST /auth/refresh works until then)',
  })
  sessionExpiresAt: string;
  @ApiProperty({ type: MeDto }) user: MeDto;
}
