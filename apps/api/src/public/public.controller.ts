import { Controller, Get, Header, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Public } from '../auth/decorators';
import {
  FEED_ENTRIES,
  PUBLIC_PAGE_MAX,
  PUBLIC_Q_MAX,
  PUBLIC_SIZE_MAX,
  PublicJurisdictionQuery,
  PublicListQuery,
  PublicReplyDetailDto,
  PublicReplyListDto,
} from './public.dto';
import { PublicService } from './public.service';

const uuid = new ParseUUIDPipe({ version: undefined });

/**
 * 答复公开: the replies an office has published, for anyone, without signing in. Only published
 * replies (not co-handling opinions, not drafts), with their disclosure metadata; phone numbers in
 * the text are masked and contact data, signers and classes are never read.
 */
@ApiTags('public 答复公开')
@Controller('public')
export class PublicController {
  constructor(private readonly replies: PublicService) {}

  @Get('replies')
  @Public()
  @ApiOperation({
    summary: '已公开的答复列表（无需登录） (published replies, no sign-in)',
    description:
      '按发布日期倒序；sessions 列出有已公开答复的届次及件数，供届次筛选。' +
      ' Newest published first; `sessions` lists the sessions with published replies.',
  })
  @ApiOkResponse({ type: PublicReplyListDto })
  @ApiResponse({
    status: 400,
    description: `VALIDATION_FAILED: page 1–${PUBLIC_PAGE_MAX}, size 1–${PUBLIC_SIZE_MAX}, q 至多 ${PUBLIC_Q_MAX} 个字符`,
  })
  list(@Query() q: PublicListQuery): Promise<PublicReplyListDto> {
    return this.replies.list(q);
  }

  @Get('replies/:id')
  @Public()
  @ApiOperation({
    summary: '一件已公开的答复及其正文（无需登录） (one published reply with its text)',
    description: '正文中的电话、传真号码已隐去。 Phone numbers in the text are masked.',
  })
  @ApiOkResponse({ type: PublicReplyDetailDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: 没有这件已公开的答复 (no such published reply)' })
  one(@Param('id', uuid) id: string): Promise<PublicReplyDetailDto> {
    return this.replies.one(id);
  }

  @Get('feed.atom')
  @Public()
  @Header('Content-Type', 'application/atom+xml; charset=utf-8')
  @ApiOperation({
    summary: `答复公开订阅（Atom 1.0，最新 ${FEED_ENTRIES} 件） (Atom feed of the latest published replies)`,
  })
  @ApiProduces('application/atom+xml')
  @ApiOkResponse({ description: 'Atom 1.0', schema: { type: 'string' } })
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED' })
  feed(@Query() q: PublicJurisdictionQuery): Promise<string> {
    return this.replies.feed(q);
  }
}
