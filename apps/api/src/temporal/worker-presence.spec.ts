import { msNumberToTs } from '@temporalio/common/lib/time';
import { noWorkerMessage, presenceOf, WORKER_POLLER_FRESH_MS } from './worker-presence';

const now = Date.parse('2026-05-01T08:00:00Z');
const poller = (identity: string, agoMs: number) => ({
  identity,
  // as the server sends it: seconds as a Long
  lastAccessTime: msNumberToTs(now - agoMs),
});

describe('worker presence from the task queue pollers', () => {
  it('counts a worker whose last poll is within the window (an idle long poll lasts up to a minute)', () => {
    const p = presenceOf('q', [poller('w1@host', 59_000)], [poller('w1@host', 5_000)], now);
    expect(p).toEqual({
      taskQueue: 'q',
      polling: true,
      pollers: { workflow: 1, activity: 1 },
      lastPollAt: new Date(now - 5_000).toISOString(),
    });
  });

  it('does not count a poller older than the window, nor a queue without pollers', () => {
    const stale = presenceOf('q', [poller('w1@host', WORKER_POLLER_FRESH_MS + 1000)], [], now);
    expect(stale).toMatchObject({ polling: false, pollers: { workflow: 0, activity: 0 } });
    expect(stale.lastPollAt).toBe(new Date(now - WORKER_POLLER_FRESH_MS - 1000).toISOString());
    expect(presenceOf('q', [], [], now)).toMatchObject({ polling: false, lastPollAt: null });
  });

  it('needs both kinds of task polled, and counts workers by identity', () => {
    const p = presenceOf('q', [poller('a', 1000), poller('b', 2000), poller('a', 3000)], [], now);
    expect(p).toMatchObject({ polling: false, pollers: { workflow: 2, activity: 0 } });
  });

  it('says which tasks nobody polls, Chinese first', () => {
    const none = presenceOf('banli-cases', [], [], now);
    expect(noWorkerMessage(none)).toBe(
      '没有工作进程在轮询任务队列 banli-cases (no worker polling the task queue banli-cases)',
    );
    expect(noWorkerMessage(presenceOf('q', [poller('a', 0)], [], now))).toMatch(/^没有工作进程.*的活动任务/);
    expect(noWorkerMessage(presenceOf('q', [], [poller('a', 0)], now))).toMatch(
      /^没有工作进程.*的工作流任务/,
    );
  });
});
