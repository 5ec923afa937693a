/**
 * Determinism guard: replays recorded histories of real runs against the current workflow code.
 * No server needed. Re-record with `BANLI_RECORD_HISTORIES=1 npx jest --selectProjects workflow`
 * only when a change is meant to be incompatible for new runs and is guarded by patched() for
 * old ones; otherwise a failure here means a running case would break on the new code.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { bundle, HISTORIES_DIR, quietRuntime } from './harness';

const files = fs.existsSync(HISTORIES_DIR)
  ? fs
      .readdirSync(HISTORIES_DIR)
      .filter((f) => f.endsWith('.json'))
      .sort()
  : [];

describe('replay of recorded histories', () => {
  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it('replays every recorded history without nondeterminism', async () => {
    quietRuntime();
    const workflowBundle = await bundle();
    const histories = files.map((f) => ({
      workflowId: path.basename(f, '.json'),
      history: historyFromJSON(JSON.parse(fs.readFileSync(path.join(HISTORIES_DIR, f), 'utf8'))),
    }));
    const failures: string[] = [];
    let replayed = 0;
    for await (const r of Worker.runReplayHistories({ workflowBundle }, histories)) {
      replayed += 1;
      if (r.error) failures.push(`${r.workflowId}: ${r.error.message}`);
    }
    expect(failures).toEqual([]);
    expect(replayed).toBe(files.length);
  });
});
