import { ApiProperty } from '@nestjs/swagger';
import { CHANNELS, CLOCK_IDS, UNIT_DISPLAY_STAGES, UNIT_ROLES } from '@banli/domain';
import { LINK_ACTIONS, type LinkAction } from '@banli/links';

export class LinkUnitDto {
  @ApiProperty() id: string;
  @ApiProperty({ nullable: true, type: String, example: '省教育厅' }) name: string | null;
}

export class LinkProposalDto {
  @ApiProperty({ enum: CHANNELS }) channel: string;
  @ApiProperty({ example: 'cn-national' }) jurisdiction: string;
  @ApiProperty({ description: '届' }) term: number;
  @ApiProperty({ description: '次' }) session: number;
  @ApiProperty({ example: '006' }) number: string;
  @ApiProperty() title: string;
  @ApiProperty({ nullable: true, type: String }) content: string | null;
  @ApiProperty({ nullable: true, type: String }) category: string | null;
  @ApiProperty({ type: [String], description: '提出人，领衔人在前' }) proposers: string[];
}

export class LinkAssignmentDto {
  @ApiProperty({ enum: UNIT_ROLES }) role: string;
  @ApiProperty({ enum: UNIT_DISPLAY_STAGES }) stage: string;
  @ApiProperty({ format: 'date-time' }) assignedAt: Date;
  @ApiProperty({ nullable: true, type: Date }) receivedAt: Date | null;
}

export class LinkDeadlineDto {
  @ApiProperty({ enum: CLOCK_IDS }) clock: string;
  @ApiProperty({ format: 'date-time', description: '最后一日 24 时' }) dueAt: Date;
  @ApiProperty({ example: '3个月，自交办 2026-03-31 起 → 2026-06-30' }) summary: string;
  @ApiProperty({ enum: ['open', 'held', 'closed'] }) status: string;
}

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
