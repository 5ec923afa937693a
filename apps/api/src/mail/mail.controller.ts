import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { MailMessageDto, ResendMailDto } from './mail.dto';
import { MailStatusService } from './mail.service';

@ApiTags('mail 邮件')
@Controller()
export class MailController {
  constructor(private readonly mail: MailStatusService) {}

  @Get('proposals/:id/messages')
  // internal correspondence with units: not for proposers
  @Roles('office', 'admin', 'supervisor', 'unitStaff', 'unitLeader')
  @ApiOperation({
    summary: '本案的邮件及投递状态 (mail of a case with its delivery status: pending/sending/sent/failed)',
  })
  @ApiOkResponse({ type: [MailMessageDto] })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  forCase(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.mail.forCase(id);
  }

  @Get('mail/failed')
  @Roles('office', 'admin')
  @ApiOperation({ summary: '投递失败的邮件，供交办机关处理 (permanently failed mail, for the office)' })
  @ApiQuery({ name: 'includeRetrying', required: false, type: Boolean })
  @ApiOkResponse({ type: [MailMessageDto] })
  failed(@Query('includeRetrying') includeRetrying?: string) {
    return this.mail.failed(includeRetrying === 'true');
  }

  @Post('mail/:messageId/resend')
  @Roles('office', 'admin')
  @HttpCode(202)
  @ApiOperation({
    summary:
      '重新投递一封投递失败的邮件，可改用更正后的地址；一分钟内由投递任务发出 ' +
      '(re-send a failed message, optionally to a corrected address; the dispatcher sends it within a minute)',
  })
  @ApiAcceptedResponse({ type: MailMessageDto, description: '已重新排队 (queued again, status pending)' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND' })
  @ApiConflictResponse({ description: 'MAIL_NOT_FAILED: 只有投递失败的邮件可以重新投递' })
  @ApiUnprocessableEntityResponse({
    description: 'MAIL_RECIPIENT_REQUIRED: 原收件地址无效或缺失，请提供 recipient',
  })
  resend(
    @CurrentUser() p: Principal,
    @Param('messageId', new ParseUUIDPipe()) id: string,
    @Body() dto: ResendMailDto,
  ) {
    return this.mail.resend(id, p, dto.recipient);
  }
}
