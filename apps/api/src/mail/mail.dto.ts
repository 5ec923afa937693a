import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsOptional, MaxLength } from 'class-validator';

export class ResendMailDto {
  @ApiPropertyOptional({
    example: 'bangongshi@jtj.example.gov.cn',
    description:
      '更正后的收件地址；不填则按原地址重发 (corrected address; omitted = the same address again). ' +
      '请同时在承办单位或用户资料中更正，以后的邮件才会发往新地址。',
  })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  recipient?: string;
}

export class MailMessageDto {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String }) proposalId: string | null;
  @ApiProperty({ nullable: true, type: String }) unitId: string | null;
  @ApiProperty({ example: 'assigned' }) kind: string;
  @ApiProperty({ example: '答复通知（第1轮）', description: '邮件类别的中文名称' }) kindLabel: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) dueAt: string | null;
  @ApiProperty() recipient: string;
  @ApiProperty() subject: string;
  @ApiProperty({ enum: ['pending', 'sending', 'sent', 'failed'] }) status: string;
  @ApiProperty({ description: '投递尝试次数（重新投递后从 0 计）' }) attempts: number;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty({ nullable: true, type: String }) messageId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) sentAt: string | null;
  @ApiProperty({ description: '交办机关重新投递的次数' }) resendCount: number;
  @ApiProperty({ nullable: true, type: String }) resentBy: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) resentAt: string | null;
  @ApiProperty({ nullable: true, type: String, description: '改址重发前的原收件地址' })
  originalRecipient: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}
