import { applyDecorators, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/decorators';
import { ActionResultDto } from '../cases/case-actions.dto';
import { LinkTaskDto } from './links.dto';
import { LinksService } from './links.service';

const TOKEN = { name: 'token', description: '任务邮件中的签名链接令牌 (signed token from the task mail)' };
const LinkErrors = () =>
  applyDecorators(
    ApiParam(TOKEN),
    ApiResponse({ status: 401, description: 'LINK_INVALID: 链接无效或被篡改; LINK_EXPIRED: 链接已过期' }),
    ApiResponse({
      status: 403,
      description: 'LINK_INVALID: 该单位不再承办此件; LINK_ACTION_NOT_ALLOWED: 链接不含此操作',
    }),
  );

/** Public endpoints behind the one-click links in task mail: no login, the signed token is the credential. */
@ApiTags('links 邮件链接')
@Controller('links')
export class LinksController {
  constructor(private readonly links: LinksService) {}

  @Get(':token')
  @Public()
  @ApiOperation({ summary: "任务链接：查看本单位的承办任务 (the unit's task view behind a mail link)" })
  @ApiOkResponse({ type: LinkTaskDto, description: '案件概要、本单位的承办角色、阶段和时限' })
  @LinkErrors()
  view(@Param('token') token: string): Promise<LinkTaskDto> {
    return this.links.view(token);
  }

  @Post(':token/sign-for')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: "任务链接：一键签收 (sign for the case as the link's unit)" })
  @ApiOkResponse({ type: ActionResultDto })
  @ApiResponse({ status: 409, description: 'WRONG_STAGE: 已签收; ON_HOLD; CASE_ENDED' })
  @LinkErrors()
  signFor(@Param('token') token: string) {
    return this.links.signFor(token);
  }
}
