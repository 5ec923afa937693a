import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentUser, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { CaseViewDto, RegisterProposalDto, RegisteredDto } from './proposal.dto';
import { ProposalsService } from './proposals.service';

@ApiTags('proposals 建议提案')
@Controller('proposals')
export class ProposalsController {
  constructor(private readonly proposals: ProposalsService) {}

  @Post()
  @Roles('office', 'admin')
  @ApiOperation({ summary: '登记建议/提案 (register a proposal; starts its case workflow)' })
  @ApiCreatedResponse({ type: RegisteredDto, description: '已登记 (registered)' })
  @ApiAcceptedResponse({
    type: RegisteredDto,
    description: '已受理，仍在写入 (accepted, still being written)',
  })
  @ApiConflictResponse({
    description: 'DUPLICATE_PROPOSAL: same jurisdiction/channel/term/session/number; body.existingId',
  })
  @ApiUnprocessableEntityResponse({
    description: 'UNKNOWN_JURISDICTION；CHANNEL_NOT_COVERED（channel, covered：该辖区不办理此渠道）',
  })
  async register(@Body() dto: RegisterProposalDto, @Res({ passthrough: true }) res: Response) {
    const { status, body } = await this.proposals.register(dto);
    res.status(status).location(`/proposals/${body.id}`);
    return body;
  }

  @Get(':id')
  @Roles('office', 'admin', 'supervisor', 'unitStaff', 'unitLeader', 'proposer')
  @ApiOperation({
    summary: '案件详情 (full case view from the read model)',
    description:
      '承办单位只能查看本单位承办的案件，代表委员只能查看本人提出的案件（不含审计记录和会办意见）；其他案件一律 404。',
  })
  @ApiOkResponse({ type: CaseViewDto })
  @ApiNotFoundResponse({
    description: 'NOT_FOUND: 案件不存在或不在您的权限范围内 (no such case, or not yours to see)',
  })
  get(@Param('id', new ParseUUIDPipe({ version: undefined })) id: string, @CurrentUser() user: Principal) {
    return this.proposals.get(id, user);
  }
}
