import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentUser, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { CaseActionsService } from './case-actions.service';
import { CaseStateAnswerDto } from './case-actions.dto';
import { CaseListDto, ListProposalsQuery } from './case-list.dto';
import { CaseListService } from './case-list.service';

const uuid = new ParseUUIDPipe({ version: undefined });
const EVERYONE = ['office', 'admin', 'supervisor', 'unitStaff', 'unitLeader', 'proposer'] as const;

@ApiTags('proposals 建议提案')
@Controller('proposals')
export class CasesController {
  constructor(
    private readonly list: CaseListService,
    private readonly actions: CaseActionsService,
  ) {}

  @Get()
  @Roles(...EVERYONE)
  @ApiOperation({
    summary: '案件列表：筛选、分页、排序 (case list from the read model)',
    description:
      '范围按角色：交办机关、管理员、督办看全部；承办单位只看本单位承办（含曾承办）的案件；代表委员只看本人提出的。' +
      " Scoped by role: office/admin/supervisor all cases; unit accounts their unit's cases; proposers their own.",
  })
  @ApiOkResponse({ type: CaseListDto })
  @ApiProduces(
    'application/json',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'text/csv',
  )
  @ApiResponse({ status: 400, description: 'VALIDATION_FAILED (e.g. pageSize > 100)' })
  find(@CurrentUser() p: Principal, @Query() q: ListProposalsQuery) {
    return q.format && q.format !== 'json' ? this.list.export(p, q, q.format) : this.list.list(p, q);
  }

  @Get(':id/state')
  @Roles(...EVERYONE)
  @ApiOperation({
    summary: '实时案件状态（来自工作流，不受投影延迟影响） (live case state from the workflow)',
    description: '代表委员看到的状态不含单位内部的答复稿、会办意见、调整与延期申请和催办记录。',
  })
  @ApiOkResponse({ type: CaseStateAnswerDto })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: 案件不存在或不在您的权限范围内; WORKFLOW_NOT_FOUND' })
  @ApiResponse({
    status: 503,
    description: 'TEMPORAL_UNAVAILABLE; WORKER_UNAVAILABLE (no worker answered in time)',
  })
  state(@CurrentUser() p: Principal, @Param('id', uuid) id: string) {
    return this.actions.state(p, id);
  }
}
