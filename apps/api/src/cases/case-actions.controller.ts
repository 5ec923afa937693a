import { Body, Controller, Delete, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { UserRole } from '@banli/persistence';
import { CurrentUser } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { CaseAction } from './action-docs';
import {
  AddUnitDto,
  AdjustmentDecisionDto,
  AdjustmentRequestDto,
  AssignDto,
  ContactDto,
  DeliveryDto,
  DraftReplyDto,
  ExtensionDecisionDto,
  ExtensionRequestDto,
  FeedbackDto,
  FileDto,
  KeyCaseDto,
  MergeDto,
  NotFileDto,
  OpinionDto,
  ReapplyPolicyDto,
  ReasonDto,
  ReplaceUnitDto,
  ReplyDto,
  TrackingReportDto,
  UrgeDto,
} from './case-actions.dto';
import { CaseActionsService } from './case-actions.service';

const uuid = new ParseUUIDPipe({ version: undefined });
const OFFICE: UserRole[] = ['office', 'admin'];
const UNIT: UserRole[] = ['unitStaff', 'unitLeader'];
const UNKNOWN_UNIT_ID: [number, string][] = [[422, 'UNKNOWN_UNIT_ID: 没有这个承办单位']];

/** One endpoint per lifecycle action; each is a workflow update run as the signed-in person. */
@ApiTags('case actions 办理操作')
@Controller('proposals/:id')
export class CaseActionsController {
  constructor(private readonly cases: CaseActionsService) {}

  // -- review (审查) ----------------------------------------------------------------------------

  @Post('file')
  @CaseAction('立案 (file: number, category, flags)', OFFICE, ['WRONG_STAGE', 'INVALID_COMMAND'])
  file(@CurrentUser() p: Principal, @Param('id', uuid) id: string, @Body() dto: FileDto) {
    return this.cases.run(p, id, 'file', { ...dto });
  }

  @Post('not-file')
  @CaseAction('不予立案 (not filed: reason and conversion)', OFFICE, ['WRONG_STAGE', 'INVALID_COMMAND'])
  notFile(@CurrentUser() p: Principal, @Param('id', uuid) id: string, @Body() dto: NotFileDto) {
    return this.cases.run(p, id, 'notFile', { ...dto });
  }

  @Post('merge')
  @CaseAction(
    '并案：并入另一案件办理 (merge into another case)',
    OFFICE,
    ['WRONG_STAGE', 'INVALID_COMMAND'],
    [[422, 'UNKNOWN_CASE: 没有要并入的案件']],
  )
  merge(@CurrentUser() p: Principal, @Param('id', uuid) id: string, @Body() dto: MergeDto) {
    return this.cases.merge(p, id, dto.parentCaseId, dto.reason);
  }

  @Post('return-for-revision')
  @CaseAction('退回修改 (return to the proposer for revision)', OFFICE, ['WRONG_STAGE', 'INVALID_COMMAND'])
  returnForRevision(@CurrentUser() p: Principal, @Param('id', uuid) id: string, @Body() dto: ReasonDto) {
    return this.cases.run(p, id, 'returnForRevision', { ...dto });
  }

  @Post('resubmit')
  @CaseAction(
    '修改后重新提交 (resubmit after revision)',
    [...OFFICE, 'proposer'],
    ['WRONG_STAGE', 'NOT_A_PROPOSER'],
  )
  resubmit(@CurrentUser() p: Principal, @Param('id', uuid) id: string) {
    return this.cases.run(p, id, 'resubmit');
  }

  @Post('withdraw')
  @CaseAction(
    '撤回 (withdraw; ends handling)',
    [...OFFICE, 'proposer'],
    ['WRONG_STAGE', 'NOT_A_PROPOSER', 'INVALID_COMMAND'],
  )
  withdraw(@CurrentUser() p: Principal, @Param('id', uuid) id: string, @Body() dto: ReasonDto) {
    return this.cases.run(p, id, 'withdraw', { ...dto });
  }

  // -- assignment (交办) -------------------------------------------------------------------------

  @Post('assign')
  @CaseAction(
    '交办：单独、分别或会同办理 (assign to one unit, several separately, or a lead plus co-handlers)',
    OFFICE,
    ['WRONG_STAGE', 'ON_HOLD', 'INVALID_ASSIGNMENT', 'DEADLINE_PLANNING_FAILED'],
    UNKNOWN_UNIT_ID,
  )
  async assign(@CurrentUser() p: Principal, @Param('id', uuid) id: string, @Body() dto: AssignDto) {
    const codes = await this.cases.requireUnits(...dto.units.map((u) => u.unitId));
    return this.cases.run(
      p,
      id,
      'assign',
      { mode: dto.mode, units: dto.units.map((u) => ({ ...u })) },
      codes,
    );
  }

  @Post('units')
  @CaseAction(
    '增加承办单位（会办或分办） (add a co-handling or separate unit)',
    OFFICE,
    ['WRONG_STAGE', 'ON_HOLD', 'UNIT_ALREADY_ASSIGNED', 'INVALID_ASSIGNMENT', 'DEADLINE_PLANNING_FAILED'],
    UNKNOWN_UNIT_ID,
  )
  async addUnit(@CurrentUser() p: Principal, @Param('id', uuid) id: string, @Body() dto: AddUnitDto) {
    const codes = await this.cases.requireUnits(dto.unitId);
    return this.cases.run(p, id, 'addUnit', { ...dto }, codes);
  }

  @Post('units/:unitId/replace')
  @CaseAction(
    '更换承办单位 (replace a unit)',
    OFFICE,
    ['WRONG_STAGE', 'ON_HOLD', 'UNKNOWN_UNIT', 'UNIT_ALREADY_ASSIGNED', 'DEADLINE_PLANNING_FAILED'],
    UNKNOWN_UNIT_ID,
  )
  async replaceUnit(
    @CurrentUser() p: Principal,
    @Param('id', uuid) id: string,
    @Param('unitId', uuid) unitId: string,
    @Body() dto: ReplaceUnitDto,
  ) {
    const codes = await this.cases.requireUnits(dto.newUnitId);
    return this.cases.run(
      p,
      id,
      'replaceUnit',
      { unitId, newUnitId: dto.newUnitId, reason: dto.reason },
      codes,
    );
  }

  @Delete('units/:unitId')
  @CaseAction('撤销会办或分办单位 (remove a co-handling or separate unit; body: reason)', OFFICE, [
    'WRONG_STAGE',
    'UNKNOWN_UNIT',
    'INVALID_ASSIGNMENT',
  ])
  removeUnit(
    @CurrentUser() p: Principal,
    @Param('id', uuid) id: string,
    @Param('unitId', uuid) unitId: string,
    @Body() dto: ReasonDto,
  ) {
    return this.cases.run(p, id, 'removeUnit', { unitId, reason: dto.reason });
  }

  @Post('units/:unitId/delivery')
  @CaseAction(
    '登记送达时间：交办件晚于交办送达时，自送达起计算期限 (record a later delivery; clocks from receipt count from it)',
    OFFICE,
    ['WRONG_STAGE', 'UNKNOWN_UNIT', 'INVALID_COMMAND', 'DEADLINE_PLANNING_FAILED'],
  )
  recordDelivery(
    @CurrentUser() p: Principal,
    @Param('id', uuid) id: string,
    @Param('unitId', uuid) unitId: string,
    @Body() dto: DeliveryDto,
  ) {
    return this.cases.run(p, id, 'recordDelivery', { unitId, deliveredAt: dto.deliveredAt, note: dto.note });
  }

  @Post('units/:unitId/close')
  @CaseAction('交办机关对某单位办结 (office closes a unit that has replied)', OFFICE, [
    'WRONG_STAGE',
    'ON_HOLD',
    'UNKNOWN_UNIT',
    'NOT_LEAD_UNIT',
    'INVALID_COMMAND',
  ])
  closeUnit(
    @CurrentUser() p: Principal,
    @Param('id', uuid) id: string,
    @Param('unitId', uuid) unitId: string,
    @Body() dto: ReasonDto,
  ) {
    return this.cases.run(p, id, 'closeUnit', { unitId, reason: dto.reason });
  }

  // -- the unit's own work (签收 → 办理 → 答复) ----------------------------------------------------

  @Post('units/:unitId/sign-for')
  @CaseAction('签收 (sign for the case as that unit; only its own staff)', UNIT, [
    'NOT_ASSIGNED_UNIT',
    'ON_HOLD',
    'WRONG_STAGE',
    'ADJUSTMENT_PENDING',
  ])
  signFor(@CurrentUser() p: Principal, @Param('id', uuid) id: string, @Param('unitId', uuid) unitId: string) {
    return this.cases.runAsUnit(p, id, 'signFor', {}, unitId);
  }

  @Post('adjustment-requests')
  @CaseAction(
    '申请调整/退回 (request reassignment, within the objection window)',
    UNIT,
    [
      'NOT_ASSIGNED_UNIT',
      'ON_HOLD',
      'ADJUSTMENT_PENDING',
      'WRONG_STAGE',
      'ADJUSTMENT_WINDOW_CLOSED',
      'INVALID_COMMAND',
    ],
    UNKNOWN_UNIT_ID,
  )
  async requestAdjustment(
    @CurrentUser() p: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: AdjustmentRequestDto,
  ) {
    await this.cases.requireUnits(dto.proposedUnitId);
    return this.cases.runAsUnit(p, id, 'requestAdjustment', { ...dto });
  }

  @Post('adjustment-decisions')
  @CaseAction(
    "决定调整申请 (office decides a unit's adjustment request)",
    OFFICE,
    [
      'WRONG_STAGE',
      'ON_HOLD',
      'UNKNOWN_UNIT',
      'ADJUSTMENT_NOT_REQUESTED',
      'UNIT_ALREADY_ASSIGNED',
      'INVALID_COMMAND',
      'DEADLINE_PLANNING_FAILED',
    ],
    UNKNOWN_UNIT_ID,
  )
  async decideAdjustment(
    @CurrentUser() p: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: AdjustmentDecisionDto,
  ) {
    const codes = await this.cases.requireUnits(dto.newUnitId);
    return this.cases.run(p, id, 'decideAdjustment', { ...dto }, codes);
  }

  @Post('opinions')
  @CaseAction('会办单位向主办单位提交会办意见 (co-handler sends its opinion to the lead)', UNIT, [
    'NOT_ASSIGNED_UNIT',
    'NOT_CO_HANDLER',
    'WRONG_STAGE',
    'ADJUSTMENT_PENDING',
    'INVALID_COMMAND',
  ])
  sendOpinion(@CurrentUser() p: Principal, @Param('id', uuid) id: string, @Body() dto: OpinionDto) {
    return this.cases.runAsUnit(p, id, 'sendOpinion', { ...dto });
  }

  @Post('contacts')
  @CaseAction('登记与代表委员的沟通联系 (record contact with the proposer)', UNIT, [
    'NOT_ASSIGNED_UNIT',
    'NOT_LEAD_UNIT',
    'WRONG_STAGE',
    'ADJUSTMENT_PENDING',
    'INVALID_COMMAND',
  ])
  recordContact(@CurrentUser() p: Principal, @Param('id', uuid) id: string, @Body() dto: ContactDto) {
    return this.cases.runAsUnit(p, id, 'recordContact', { ...dto });
  }

  @Post('reply-draft')
  @CaseAction('起草答复（送单位负责人签发） (draft the reply for sign-off)', UNIT, [
    'NOT_ASSIGNED_UNIT',
    'NOT_LEAD_UNIT',
    'WRONG_STAGE',
    'ADJUSTMENT_PENDING',
    'INVALID_REPLY_CLASS',
    'INVALID_COMMAND',
  ])
  async draftReply(@CurrentUser() p: Principal, @Param('id', uuid) id: string, @Body() dto: DraftReplyDto) {
    // 抄送 as the case's policy names them, unless the draft says otherwise
    const copies = dto.copies ?? (await this.cases.policyOf(p, id))?.copies;
    return this.cases.runAsUnit(p, id, 'draftReply', { ...dto, ...(copies?.length ? { copies } : {}) });
  }

  @Post('reply-draft/sign-off')
  @CaseAction('单位负责人签发答复稿 (the unit leader signs off the draft)', UNIT, [
    'NOT_UNIT_LEADER',
    'NOT_ASSIGNED_UNIT',
    'WRONG_STAGE',
    'ADJUSTMENT_PENDING',
  ])
  signOff(@CurrentUser() p: Principal, @Param('id', uuid) id: string) {
    return this.cases.runAsUnit(p, id, 'signOffReply');
  }

  @Post('reply-draft/return')
  @CaseAction('单位负责人退回答复稿 (the unit leader returns the draft)', UNIT, [
    'NOT_UNIT_LEADER',
    'NOT_ASSIGNED_UNIT',
    'WRONG_STAGE',
    'INVALID_COMMAND',
  ])
  returnDraft(@CurrentUser() p: Principal, @Param('id', uuid) id: string, @Body() dto: ReasonDto) {
    return this.cases.runAsUnit(p, id, 'returnDraft', { ...dto });
  }

  @Post('reply')
  @CaseAction('正式答复代表委员（须已签发） (send the signed-off reply)', UNIT, [
    'NOT_ASSIGNED_UNIT',
    'NOT_LEAD_UNIT',
    'ON_HOLD',
    'WRONG_STAGE',
    'ADJUSTMENT_PENDING',
    'NOT_SIGNED_OFF',
    'DRAFT_MISMATCH',
    'CONTACT_REQUIRED',
    'INVALID_REPLY_CLASS',
  ])
  reply(@CurrentUser() p: Principal, @Param('id', uuid) id: string, @Body() dto: ReplyDto) {
    return this.cases.runAsUnit(p, id, 'reply', { ...dto });
  }

  @Post('extension-requests')
  @CaseAction('申请延期答复 (request an extension of the reply deadline)', UNIT, [
    'NOT_ASSIGNED_UNIT',
    'NOT_LEAD_UNIT',
    'ON_HOLD',
    'WRONG_STAGE',
    'ADJUSTMENT_PENDING',
    'EXTENSION_PENDING',
    'INVALID_COMMAND',
  ])
  requestExtension(
    @CurrentUser() p: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: ExtensionRequestDto,
  ) {
    return this.cases.runAsUnit(p, id, 'requestExtension', { ...dto });
  }

  @Post('extension-decisions')
  @CaseAction(
    '审批延期申请（不超过政策允许的最长期限） (office decides an extension, capped by policy)',
    OFFICE,
    [
      'WRONG_STAGE',
      'ON_HOLD',
      'UNKNOWN_UNIT',
      'EXTENSION_NOT_REQUESTED',
      'EXTENSION_CAP_UNKNOWN',
      'EXTENSION_NOT_LATER',
      'EXTENSION_BEYOND_CAP',
      'INVALID_COMMAND',
    ],
  )
  decideExtension(
    @CurrentUser() p: Principal,
    @Param('id', uuid) id: string,
    @Body() dto: ExtensionDecisionDto,
  ) {
    return this.cases.run(p, id, 'decideExtension', { ...dto });
  }

  @Post('feedback')
  @CaseAction(
    '代表委员评价答复（满意/基本满意/不满意）；交办机关可代录 (proposer rates the reply)',
    ['proposer', ...OFFICE],
    [
      'NOT_A_PROPOSER',
      'ON_HOLD',
      'UNKNOWN_UNIT',
      'NOT_LEAD_UNIT',
      'WRONG_STAGE',
      'FEEDBACK_WINDOW_CLOSED',
      'ALREADY_RATED',
      'INVALID_COMMAND',
    ],
    [[422, 'UNIT_REQUIRED: 多个单位在征询意见，须注明 unitId; PROPOSER_REQUIRED: 代录须注明 proposerId']],
  )
  feedback(@CurrentUser() p: Principal, @Param('id', uuid) id: string, @Body() dto: FeedbackDto) {
    return this.cases.feedback(p, id, dto);
  }

  @Post('tracking-reports')
  @CaseAction('报告 B/C 类承诺事项的跟踪办理情况 (report on a tracked commitment)', UNIT, [
    'NOT_ASSIGNED_UNIT',
    'NOT_LEAD_UNIT',
    'ON_HOLD',
    'WRONG_STAGE',
    'INVALID_COMMAND',
  ])
  reportTracking(@CurrentUser() p: Principal, @Param('id', uuid) id: string, @Body() dto: TrackingReportDto) {
    return this.cases.runAsUnit(p, id, 'reportTracking', { ...dto });
  }

  // -- supervision (督办) and office controls ---------------------------------------------------

  @Post('urge')
  @CaseAction('催办 (urge the case or one unit)', ['supervisor', ...OFFICE], ['WRONG_STAGE', 'UNKNOWN_UNIT'])
  urge(@CurrentUser() p: Principal, @Param('id', uuid) id: string, @Body() dto: UrgeDto) {
    return this.cases.run(p, id, 'urge', { ...dto });
  }

  @Post('key-case')
  @CaseAction('列为或取消重点督办件 (mark or unmark a key case)', ['supervisor', ...OFFICE], ['WRONG_STAGE'])
  keyCase(@CurrentUser() p: Principal, @Param('id', uuid) id: string, @Body() dto: KeyCaseDto) {
    return this.cases.run(p, id, 'markKeyCase', { ...dto });
  }

  @Post('hold')
  @CaseAction('暂停办理（所有时限暂停） (put the case on hold; every clock stops)', OFFICE, [
    'WRONG_STAGE',
    'ON_HOLD',
    'INVALID_COMMAND',
  ])
  hold(@CurrentUser() p: Principal, @Param('id', uuid) id: string, @Body() dto: ReasonDto) {
    return this.cases.run(p, id, 'hold', { ...dto });
  }

  @Post('resume')
  @CaseAction('恢复办理（时限顺延暂停时长） (resume; deadlines move by the time held)', OFFICE, [
    'WRONG_STAGE',
    'NOT_ON_HOLD',
  ])
  resume(@CurrentUser() p: Principal, @Param('id', uuid) id: string) {
    return this.cases.run(p, id, 'resume');
  }

  @Post('policy/reapply')
  @CaseAction(
    '按政策（可指定版本）和现行日历重新计算未到期时限 (recompute open deadlines, optionally under another policy version)',
    OFFICE,
    ['WRONG_STAGE', 'INVALID_COMMAND', 'DEADLINE_PLANNING_FAILED'],
    [[422, 'UNKNOWN_POLICY_VERSION: 政策没有该版本']],
  )
  reapplyPolicy(@CurrentUser() p: Principal, @Param('id', uuid) id: string, @Body() dto: ReapplyPolicyDto) {
    return this.cases.reapplyPolicy(p, id, dto);
  }
}
