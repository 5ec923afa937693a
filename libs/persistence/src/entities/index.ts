import { AdminAuditEntity } from './admin-audit.entity';
import { AssignmentEntity } from './assignment.entity';
import { AuditEventEntity } from './audit-event.entity';
import { CalendarOverrideEntity, CalendarYearEntity } from './calendar.entity';
import { DeadlineEntity } from './deadline.entity';
import { FeedbackEntity } from './feedback.entity';
import { ImportFileEntity, ImportJobEntity, ImportJobRowEntity } from './import-job.entity';
import { JurisdictionEntity } from './jurisdiction.entity';
import { OutboxEntity } from './outbox.entity';
import { PartyEntity } from './party.entity';
import { PolicyVersionEntity } from './policy-version.entity';
import { ProposalPartyEntity } from './proposal-party.entity';
import { ProposalSuggestedUnitEntity } from './proposal-suggested-unit.entity';
import { ProposalEntity } from './proposal.entity';
import { ReplyEntity } from './reply.entity';
import { ReportFactEntity } from './report-fact.entity';
import { ReportTotalEntity } from './report-total.entity';
import { UnitContactEntity } from './unit-contact.entity';
import { UnitEntity } from './unit.entity';
import { UserEntity, USER_ROLES } from './user.entity';

export {
  AdminAuditEntity,
  AssignmentEntity,
  AuditEventEntity,
  CalendarOverrideEntity,
  CalendarYearEntity,
  DeadlineEntity,
  FeedbackEntity,
  ImportFileEntity,
  ImportJobEntity,
  ImportJobRowEntity,
  JurisdictionEntity,
  OutboxEntity,
  PartyEntity,
  PolicyVersionEntity,
  ProposalPartyEntity,
  ProposalEntity,
  ProposalSuggestedUnitEntity,
  ReplyEntity,
  ReportFactEntity,
  ReportTotalEntity,
  UnitEntity,
  UnitContactEntity,
  UserEntity,
  USER_ROLES,
};
export type { UserRole } from './user.entity';
export type { ImportJobPhase, ImportJobProblem, ImportJobStatus, ImportRowStatus } from './import-job.entity';
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
  ReportFactEntity,
  ReportTotalEntity,
  AuditEventEntity,
  OutboxEntity,
  CalendarYearEntity,
  CalendarOverrideEntity,
  UnitContactEntity,
  UserEntity,
  ImportJobEntity,
  ImportJobRowEntity,
  ImportFileEntity,
  ProposalSuggestedUnitEntity,
  PolicyVersionEntity,
  JurisdictionEntity,
  AdminAuditEntity,
];
