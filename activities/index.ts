import { createDeadlineActivities } from './deadline.activities';
import { createDigestActivities } from './digest.activities';
import { createNotificationActivities, NotificationDeps } from './notification.activities';
import { createProjectionActivities } from './projection.activities';

export type CaseActivityDeps = NotificationDeps;

/** Every activity the workflows call, built from library services. */
export function createCaseActivities(deps: CaseActivityDeps) {
  return {
    ...createProjectionActivities(deps),
    ...createDeadlineActivities(deps),
    ...createNotificationActivities(deps),
    ...createDigestActivities(deps),
  };
}

export type CaseActivities = ReturnType<typeof createCaseActivities>;
export { planDeadlines } from './deadline.activities';
export type { NotificationDeps } from './notification.activities';
