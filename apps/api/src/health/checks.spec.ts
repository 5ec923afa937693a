import { SharedCheck } from './checks';

describe('SharedCheck (the mail relay check of /health)', () => {
  function probe() {
    const calls: { resolve: () => void; reject: (e: Error) => void }[] = [];
    let running = 0;
    let maxRunning = 0;
    const fn = () =>
      new Promise<void>((resolve, reject) => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        const done = () => running--;
        calls.push({
          resolve: () => (done(), resolve()),
          reject: (e) => (done(), reject(e)),
        });
      });
    return { fn, calls, max: () => maxRunning };
  }

  it('shares one probe among concurrent callers and reuses its answer until it is stale', async () => {
    let t = 1_000_000;
    const p = probe();
    const c = new SharedCheck(p.fn, { upMs: 60_000, downMs: 10_000 }, 3000, () => t);
    const many = Array.from({ length: 50 }, () => c.get());
    expect(p.calls).toHaveLength(1);
    p.calls[0].resolve();
    const answers = await Promise.all(many);
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set(['up']));
    expect(answers[0].checkedAt).toBe(new Date(t).toISOString());

    t += 59_000;
    await c.get();
    expect(p.calls).toHaveLength(1);
    t += 2_000;
    const again = c.get();
    expect(p.calls).toHaveLength(2);
    p.calls[1].reject(new Error('ECONNREFUSED'));
    expect(await again).toMatchObject({ status: 'down', error: 'ECONNREFUSED' });
    // a "down" is kept for less time, so a repaired relay shows soon
    t += 10_001;
    void c.get();
    expect(p.calls).toHaveLength(3);
    p.calls[2].resolve();
  });

  it('never runs a second probe beside one that outlived its timeout', async () => {
    let t = 0;
    const p = probe();
    const c = new SharedCheck(p.fn, { upMs: 60_000, downMs: 0 }, 20, () => t);
    expect(await c.get()).toMatchObject({ status: 'down', error: 'timeout after 20 ms' });
    t += 1;
    const second = c.get();
    expect(p.calls).toHaveLength(1);
    p.calls[0].resolve();
    expect(await second).toMatchObject({ status: 'up' });
    expect(p.max()).toBe(1);
  });
});
