/**
 * Daily digest for supervisors (督办), started each morning by the `…-daily-digest` Temporal
 * Schedule (Asia/Shanghai). Messages: none. Timers: none. One mail per supervisor and day,
 * listing overdue cases and those due within the week.
 */
import { proxyActivities, workflowInfo } from '@temporalio/workflow';

export interface DailyDigestActivities {
  sendDailyDigests(input: {
    asOf: string;
  }): Promise<{ supervisors: number; overdue: number; dueThisWeek: number }>;
}

const { sendDailyDigests } = proxyActivities<DailyDigestActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '10 seconds', maximumAttempts: 5 },
});

export async function dailyDigestWorkflow(): Promise<{
  supervisors: number;
  overdue: number;
  dueThisWeek: number;
}> {
  // the scheduled time, not the (possibly delayed) start time, names the day of the digest
  return sendDailyDigests({ asOf: (workflowInfo().startTime ?? new Date()).toISOString() });
}
