import { AssignmentEntity } from './assignment.entity';
import { AuditEventEntity } from './audit-event.entity';
import { CalendarOverrideEntity, CalendarYearEntity } from './calendar.entity';
import { DeadlineEntity } from './deadline.entity';
import { FeedbackEntity } from './feedback.entity';
import { OutboxEntity } from './outbox.entity';
import { PartyEntity } from './party.entity';
import { ProposalPartyEntity } from './proposal-party.entity';
import { ProposalEntity } from './proposal.entity';
import { ReplyEntity } from './reply.entity';
import { UnitContactEntity } from './unit-contact.entity';
import { UnitEntity } from './unit.entity';
import { UserEntity, USER_ROLES } from './user.entity';

export {
  AssignmentEntity,
  AuditEventEntity,
  CalendarOverrideEntity,
  CalendarYearEntity,
  DeadlineEntity,
  FeedbackEntity,
  OutboxEntity,
  PartyEntity,
  ProposalPartyEntity,
  ProposalEntity,
  ReplyEntity,
  UnitEntity,
  UnitContactEntity,
  UserEntity,
  USER_ROLES,
};
export type { UserRole } from './user.entity';
export * from './columns';

export const ENTITIES = [
  UnitEntity,
  PartyEntity,
  ProposalEntity,
  ProposalPartyEntity,
  AssignmentEntity,
  DeadlineEntity,
  ReplyEntity,
  FeedbackEntity,
  AuditEventEntity,
  OutboxEntity,
  CalendarYearEntity,
  CalendarOverrideEntity,
  UnitContactEntity,
  UserEntity,
];
