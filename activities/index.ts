import { createDeadlineActivities } from './deadline.activities';
import { createDigestActivities } from './digest.activities';
import { createImportActivities } from './import.activities';
import { createNotificationActivities, NotificationDeps } from './notification.activities';
import { createProjectionActivities } from './projection.activities';
import type { ProposalActivities } from '@banli/workflows/activity-contracts';
import type { DailyDigestActivities } from '@banli/workflows/daily-digest.workflow';
import type { ImportActivities } from '@banli/workflows/import.workflow';
import type { MailDispatchActivities } from '@banli/workflows/mail-dispatch.workflow';

export type CaseActivityDeps = NotificationDeps;

/**
 * Every activity the workflows call, built from library services; checked against the contracts
 * the workflows are written to (a missing or mistyped activity does not compile).
 */
export function createCaseActivities(deps: CaseActivityDeps) {
  return {
    ...createProjectionActivities(deps),
    ...createDeadlineActivities(deps),
    ...createNotificationActivities(deps),
    ...createDigestActivities(deps),
    ...createImportActivities(deps),
  } satisfies ProposalActivities & MailDispatchActivities & DailyDigestActivities & ImportActivities;
}

export type CaseActivities = ReturnType<typeof createCaseActivities>;
export { planDeadlines } from './deadline.activities';
export type { NotificationDeps } from './notification.activities';
