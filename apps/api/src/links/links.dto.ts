import { ApiProperty, PickType } from '@nestjs/swagger';
import { LINK_ACTIONS, type LinkAction } from '@banli/links';
import { CaseAssignmentDto, CaseDeadlineDto, CaseViewDto } from '../proposals/proposal.dto';

export class LinkUnitDto {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String, example: '省教育厅' }) name: string | null;
}

/** The case as the link shows it: its citation (会后 included), title and text, and who proposed it. */
export class LinkProposalDto extends PickType(CaseViewDto, [
  'channel',
  'jurisdiction',
  'term',
  'session',
  'number',
  'duringSession',
  'title',
  'content',
  'category',
] as const) {
  @ApiProperty({ type: [String], description: '提出人，领衔人在前' }) proposers: string[];
}

export class LinkAssignmentDto extends PickType(CaseAssignmentDto, [
  'role',
  'stage',
  'assignedAt',
  'receivedAt',
] as const) {}

export class LinkDeadlineDto extends PickType(CaseDeadlineDto, [
  'clock',
  'dueAt',
  'summary',
  'status',
] as const) {}

/** The unit's task behind a task-mail link. */
export class LinkTaskDto {
  @ApiProperty() caseId: string;
  @ApiProperty({ type: LinkUnitDto }) unit: LinkUnitDto;
  @ApiProperty({ enum: LINK_ACTIONS, isArray: true, description: '链接允许的操作' })
  allowedActions: LinkAction[];
  @ApiProperty({ format: 'date-time' }) expiresAt: string;
  @ApiProperty({ type: LinkProposalDto }) proposal: LinkProposalDto;
  @ApiProperty({ type: LinkAssignmentDto }) assignment: LinkAssignmentDto;
  @ApiProperty({ type: [LinkDeadlineDto], description: '本单位的时限' }) deadlines: LinkDeadlineDto[];
}
