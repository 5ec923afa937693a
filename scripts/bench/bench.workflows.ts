// The ceilings' workflows (bundled on their own, never part of Banli's workflows):
// - benchEmptyWorkflow: does nothing; the rate of starting and finishing it is intake's ceiling.
// - benchTimerWorkflow: sleeps until an instant, then runs one activity that notes the time;
//   the lag of that note is the timer row's ceiling.
import { proxyActivities, sleep } from '@temporalio/workflow';

export async function benchEmptyWorkflow(): Promise<void> {
  return;
}

const { benchTimerFired } = proxyActivities<{ benchTimerFired(id: string): Promise<void> }>({
  startToCloseTimeout: '1 minute',
});

export async function benchTimerWorkflow(id: string, dueMs: number): Promise<void> {
  await sleep(Math.max(dueMs - Date.now(), 1));
  await benchTimerFired(id);
}
