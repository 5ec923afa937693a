import { DataSource } from 'typeorm';
import { createDeadlineActivities } from './deadline.activities';
import { createNotificationActivities, NotificationDeps } from './notification.activities';
import { createProjectionActivities } from './projection.activities';

export interface CaseActivityDeps extends Partial<NotificationDeps> {
  dataSource: DataSource;
}

/** Every activity the case workflows call, built from library services. */
export function createCaseActivities(deps: CaseActivityDeps) {
  return {
    ...createProjectionActivities(deps),
    ...createDeadlineActivities(deps),
    ...createNotificationActivities(deps),
  };
}

export type CaseActivities = ReturnType<typeof createCaseActivities>;
export { planDeadlines, LIFECYCLE_TO_POLICY_CLOCK } from './deadline.activities';
