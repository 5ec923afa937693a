/**
 * Mail dispatcher, started every minute by the `…-mail-dispatch` Temporal Schedule.
 * Messages: none. Timers: none. It retries outbox rows still pending after an SMTP failure,
 * each after its own backoff; the outbox guarantees a message is never sent twice.
 */
import { proxyActivities } from '@temporalio/workflow';

export interface MailDispatchActivities {
  deliverPendingMail(): Promise<{ sent: number; pending: number; failed: number }>;
}

const { deliverPendingMail } = proxyActivities<MailDispatchActivities>({
  startToCloseTimeout: '5 minutes',
  retry: { initialInterval: '5 seconds', maximumAttempts: 3 },
});

export async function mailDispatchWorkflow(): Promise<{ sent: number; pending: number; failed: number }> {
  return deliverPendingMail();
}
