import {
  Body,
  Controller,
  Get,
  Param,
  ParseIntPipe,
  ParseUUIDPipe,
  Post,
  Query,
  StreamableFile,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { UserRole } from '@banli/persistence';
import { letterDocx } from '@banli/documents';
import { CurrentUser, Roles } from '../auth/decorators';
import type { Principal } from '../auth/principal';
import { UNIT_ROLES } from '../auth/principal';
import { BanliProblem } from '../common/problem';
import { HttpStatus } from '@nestjs/common';
import { CaseAction } from './action-docs';
import { CaseActionsService } from './case-actions.service';
import {
  CountersignDto,
  DeclinePublicationDto,
  JointReplyDto,
  LetterViewDto,
  NextDocNumberDto,
  NextDocNumberQuery,
  OfficeOpinionDto,
  PastActionsDto,
  PublishDto,
  ReviewDto,
  RoundQuery,
} from './documents.dto';
import { DocumentsService, type LetterView } from './documents.service';
import type { PastAction } from '@banli/workflows/proposal.workflow';

const uuid = new ParseUUIDPipe({ version: undefined });
const OFFICE: UserRole[] = ['office', 'admin'];
const UNIT: UserRole[] = ['unitStaff', 'unitLeader'];
const READERS: UserRole[] = ['office', 'admin', 'supervisor', 'unitStaff', 'unitLeader'];
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
/** A Word file, downloaded as an attachment. */
const DOCX_FILE = { description: 'Word 文件 (.docx)', schema: { type: 'string', format: 'binary' } } as const;

/** A .docx download named after the letter (RFC 6266 with a UTF-8 file name). */
async function docxFile(view: LetterView): Promise<StreamableFile> {
  const name = `${view.letter.title.slice(0, 80)}.docx`;
  return new StreamableFile(await letterDocx(view.letter), {
    type: DOCX,
    disposition: `attachment; filename="letter.docx"; filename*=UTF-8''${encodeURIComponent(name)}`,
  });
}

/**
 * Reply letters and co-handling opinions as documents (domain.md §4): joint replies and their
 * countersignatures, the office's review, publication, the letters themselves, and past actions
 * entered afterwards (补录).
 */
@ApiTags('documents 公文')
@Controller()
export class DocumentsController {
  constructor(
    private readonly cases: CaseActionsService,
    private readonly docs: DocumentsService,
  ) {}

  @Post('proposals/:id/joint-reply')
  @CaseAction(
    '确定是否联合行文（会同办理的案件） (choose a joint reply for a jointly handled case)',
    OFFICE,
    ['WRONG_STAGE', 'NOT_JOINT_REPLY', 'INVALID_COMMAND'],
  )
  jointReply(@CurrentUser() p: Principal, @Param('id', uuid) id: string, @Body() dto: JointReplyDto) {
    return this.cases.run(p, id, 'setJointReply', { jointReply: dto.jointReply, reason: dto.reason });
  }

  @Post('proposals/:id/countersign')
  @CaseAction("会办单位会签主办单位的答复稿 (a co-handler countersigns the lead's draft)", UNIT, [
    'NOT_ASSIGNED_UNIT',
    'NOT_CO_HANDLER',
    'NOT_IN_COUNTERSIGN',
    'ON_HOLD',
    'INVALID_COMMAND',
  ])
  countersign(@CurrentUser() p: Principal, @Param('id', uuid) id: string, @Body() dto: CountersignDto) {
    return this.cases.runAsUnit(p, id, 'countersign', { agree: dto.agree, comment: dto.comment });
  }

  @Post('proposals/:id/units/:unitId/countersign')
  @CaseAction('交办机关代无账号的会办单位登记会签 (the office enters a countersignature)', OFFICE, [
    'UNKNOWN_UNIT',
    'NOT_CO_HANDLER',
    'NOT_IN_COUNTERSIGN',
    'ON_HOLD',
    'INVALID_COMMAND',
  ])
  countersignFor(
    @CurrentUser() p: Principal,
    @Param('id', uuid) id: string,
    @Param('unitId', uuid) unitId: string,
    @Body() dto: CountersignDto,
  ) {
    return this.cases.run(p, id, 'countersign', { unitId, agree: dto.agree, comment: dto.comment });
  }

  @Post('proposals/:id/units/:unitId/opinion')
  @CaseAction("交办机关代无账号的会办单位登记会办意见 (the office records a co-handler's opinion)", OFFICE, [
    'UNKNOWN_UNIT',
    'NOT_CO_HANDLER',
    'WRONG_STAGE',
    'INVALID_COMMAND',
    'INVALID_DATE',
  ])
  opinionFor(
    @CurrentUser() p: Principal,
    @Param('id', uuid) id: string,
    @Param('unitId', uuid) unitId: string,
    @Body() dto: OfficeOpinionDto,
  ) {
    return this.cases.run(p, id, 'sendOpinion', { ...dto, unitId });
  }

  @Post('proposals/:id/units/:unitId/review')
  @CaseAction(
    '交办机关审核答复：通过（可更正类别）或退回 (office review: accept, correct the class, or return)',
    OFFICE,
    ['UNKNOWN_UNIT', 'NOT_LEAD_UNIT', 'NOT_IN_REVIEW', 'INVALID_REPLY_CLASS', 'ON_HOLD', 'INVALID_COMMAND'],
  )
  review(
    @CurrentUser() p: Principal,
    @Param('id', uuid) id: string,
    @Param('unitId', uuid) unitId: string,
    @Body() dto: ReviewDto,
  ) {
    return this.cases.run(p, id, 'reviewReply', { unitId, ...dto });
  }

  @Post('proposals/:id/units/:unitId/publish')
  @CaseAction(
    '公开答复：登记索引号、发布机构、发布日期 (publish a reply with its disclosure metadata)',
    [...OFFICE, ...UNIT],
    [
      'NOT_ASSIGNED_UNIT',
      'UNKNOWN_UNIT',
      'NOT_REPLIED',
      'ALREADY_PUBLISHED',
      'PUBLICATION_NOT_ALLOWED',
      'INVALID_DATE',
    ],
  )
  async publish(
    @CurrentUser() p: Principal,
    @Param('id', uuid) id: string,
    @Param('unitId', uuid) unitId: string,
    @Body() dto: PublishDto,
  ) {
    const indexNo = dto.indexNo ?? (await this.docs.nextIndexNo(p, id, unitId));
    const publisher = dto.publisher ?? (await this.docs.unitName(unitId));
    return this.cases.run(p, id, 'publishReply', { ...dto, unitId, indexNo, publisher });
  }

  @Post('proposals/:id/units/:unitId/decline-publication')
  @CaseAction(
    '登记答复不公开及理由 (record why a reply is not published)',
    [...OFFICE, ...UNIT],
    ['NOT_ASSIGNED_UNIT', 'UNKNOWN_UNIT', 'NOT_REPLIED', 'ALREADY_PUBLISHED', 'INVALID_COMMAND'],
  )
  decline(
    @CurrentUser() p: Principal,
    @Param('id', uuid) id: string,
    @Param('unitId', uuid) unitId: string,
    @Body() dto: DeclinePublicationDto,
  ) {
    return this.cases.run(p, id, 'declinePublication', { unitId, ...dto });
  }

  @Post('proposals/:id/past-actions')
  @CaseAction(
    '补录：按发生时间登记已办理的事项（迁移往年案件） (enter past actions with the dates they happened)',
    OFFICE,
    ['WRONG_STAGE', 'INVALID_DATE', 'INVALID_COMMAND', 'FORBIDDEN_ROLE', 'DEADLINE_PLANNING_FAILED'],
  )
  async pastActions(@CurrentUser() p: Principal, @Param('id', uuid) id: string, @Body() dto: PastActionsDto) {
    const unitIds = dto.actions.flatMap((a) => [
      a.unitId,
      a.newUnitId,
      ...(Array.isArray(a.units) ? a.units.map((u: { unitId?: string }) => u?.unitId) : []),
    ]);
    const codes = await this.cases.requireUnits(...unitIds.filter((x): x is string => typeof x === 'string'));
    return this.cases.recordPast(p, id, dto.actions as unknown as PastAction[], codes);
  }

  // -- letters ------------------------------------------------------------------------------------

  @Get('proposals/:id/units/:unitId/letter')
  @Roles(...READERS, 'proposer')
  @ApiOperation({ summary: '答复公文（打印视图用） (the reply letter, for the print view)' })
  @ApiOkResponse({ type: LetterViewDto })
  @ApiResponse({ status: 404, description: 'NOT_FOUND / NOT_REPLIED' })
  letter(
    @CurrentUser() p: Principal,
    @Param('id', uuid) id: string,
    @Param('unitId', uuid) unitId: string,
    @Query() q: RoundQuery,
  ) {
    return this.docs.replyLetter(p, id, unitId, q.round, q.proposerId);
  }

  @Get('proposals/:id/units/:unitId/letter.docx')
  @Roles(...READERS, 'proposer')
  @ApiOperation({ summary: '下载答复公文（Word） (the reply letter as .docx)' })
  @ApiProduces(DOCX)
  @ApiOkResponse(DOCX_FILE)
  @ApiResponse({ status: 404, description: 'NOT_FOUND / NOT_REPLIED' })
  async letterDocx(
    @CurrentUser() p: Principal,
    @Param('id', uuid) id: string,
    @Param('unitId', uuid) unitId: string,
    @Query() q: RoundQuery,
  ) {
    return docxFile(await this.docs.replyLetter(p, id, unitId, q.round, q.proposerId));
  }

  @Get('proposals/:id/opinions/:no/letter')
  @Roles(...READERS)
  @ApiOperation({ summary: '会办意见公文 (a co-handling opinion as a letter; no counts from 1)' })
  @ApiOkResponse({ type: LetterViewDto })
  @ApiResponse({ status: 404, description: 'NOT_FOUND / OPINION_NOT_FOUND' })
  opinion(@CurrentUser() p: Principal, @Param('id', uuid) id: string, @Param('no', ParseIntPipe) no: number) {
    return this.docs.opinionLetter(p, id, no);
  }

  @Get('proposals/:id/opinions/:no/letter.docx')
  @Roles(...READERS)
  @ApiOperation({ summary: '下载会办意见（Word） (a co-handling opinion as .docx)' })
  @ApiProduces(DOCX)
  @ApiOkResponse(DOCX_FILE)
  @ApiResponse({ status: 404, description: 'NOT_FOUND / OPINION_NOT_FOUND' })
  async opinionDocx(
    @CurrentUser() p: Principal,
    @Param('id', uuid) id: string,
    @Param('no', ParseIntPipe) no: number,
  ) {
    return docxFile(await this.docs.opinionLetter(p, id, no));
  }

  @Get('units/:unitId/next-doc-number')
  @Roles(...OFFICE, ...UNIT)
  @ApiOperation({ summary: '建议的下一个文号（按单位文号格式与年度） (the next document number of a unit)' })
  @ApiOkResponse({ type: NextDocNumberDto })
  @ApiResponse({ status: 404, description: 'NOT_FOUND' })
  nextDocNumber(
    @CurrentUser() p: Principal,
    @Param('unitId', uuid) unitId: string,
    @Query() q: NextDocNumberQuery,
  ) {
    if (UNIT_ROLES.includes(p.role) && p.unitId !== unitId)
      throw new BanliProblem(
        HttpStatus.FORBIDDEN,
        'NOT_ASSIGNED_UNIT',
        '只能查看本单位的文号 (own unit only)',
      );
    return this.docs.nextDocNumber(unitId, q.kind ?? 'reply');
  }
}
