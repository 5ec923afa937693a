import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import type { Response } from 'express';
import { RegisterProposalDto, RegisteredDto } from './proposal.dto';
import { ProposalsService } from './proposals.service';

@ApiTags('proposals 建议提案')
@Controller('proposals')
export class ProposalsController {
  constructor(private readonly proposals: ProposalsService) {}

  @Post()
  @ApiOperation({ summary: '登记建议/提案 (register a proposal; starts its case workflow)' })
  @ApiOkResponse({ type: RegisteredDto, description: '201 registered; 202 accepted, still being written' })
  @ApiConflictResponse({ description: 'DUPLICATE_PROPOSAL: same jurisdiction/channel/term/session/number; body.existingId' })
  @ApiUnprocessableEntityResponse({ description: 'UNKNOWN_JURISDICTION' })
  async register(@Body() dto: RegisterProposalDto, @Res({ passthrough: true }) res: Response) {
    const { status, body } = await this.proposals.register(dto);
    res.status(status).location(`/proposals/${body.id}`);
    return body;
  }

  @Get(':id')
  @ApiOperation({ summary: '案件详情 (full case view from the read model)' })
  get(@Param('id', new ParseUUIDPipe({ version: undefined })) id: string) {
    return this.proposals.get(id);
  }
}
