/**
 * Mail dispatcher: one long-lived workflow per task queue (id `<queue>-mail-dispatch`, started by
 * the worker), so the Temporal UI lists a handful of runs a day instead of one per minute.
 * Signals: nudgeMail — deliver now (after an office re-sends a message). Timers: one wait of
 * `intervalMs` (default one minute) between passes. It retries outbox rows still pending after an
 * SMTP failure, each after its own backoff; the outbox guarantees a message is never sent twice.
 * Continues as new after `passesPerRun` passes (default 500, about eight hours) or when the server
 * suggests it, so its history stays short.
 */
import {
  condition,
  continueAsNew,
  defineSignal,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';

export interface MailDispatchActivities {
  deliverPendingMail(): Promise<{ sent: number; pending: number; failed: number }>;
}

export interface MailDispatchInput {
  intervalMs?: number;
  passesPerRun?: number;
}

export const nudgeMailSignal = defineSignal('nudgeMail');

const { deliverPendingMail } = proxyActivities<MailDispatchActivities>({
  startToCloseTimeout: '5 minutes',
  // the pass heartbeats every few seconds: a pass lost with its worker (SIGKILL, OOM) is retried
  // on another after 30 s instead of stalling all mail until the 5 minutes run out
  heartbeatTimeout: '30 seconds',
  retry: { initialInterval: '5 seconds', maximumInterval: '1 minute' },
});

export async function mailDispatchWorkflow(input: MailDispatchInput = {}): Promise<void> {
  // runs the old minutely schedule started did one pass and ended
  if (!patched('banli-long-lived-dispatcher')) {
    await deliverPendingMail();
    return;
  }
  const intervalMs = input.intervalMs ?? 60_000;
  const passes = input.passesPerRun ?? 500;
  let nudged = false;
  setHandler(nudgeMailSignal, () => {
    nudged = true;
  });
  for (let pass = 0; pass < passes && !workflowInfo().continueAsNewSuggested; pass++) {
    nudged = false;
    await deliverPendingMail();
    await condition(() => nudged, intervalMs);
  }
  await continueAsNew<typeof mailDispatchWorkflow>(input);
}
