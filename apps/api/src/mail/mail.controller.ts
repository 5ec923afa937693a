import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/decorators';
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
  forCase(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.mail.forCase(id);
  }

  @Get('mail/failed')
  @Roles('office', 'admin')
  @ApiOperation({ summary: '投递失败的邮件，供交办机关处理 (permanently failed mail, for the office)' })
  @ApiQuery({ name: 'includeRetrying', required: false, type: Boolean })
  failed(@Query('includeRetrying') includeRetrying?: string) {
    return this.mail.failed(includeRetrying === 'true');
  }
}
