import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { ConfigError, loadConfig } from '@banli/config';
import { SearchAttributesMissingError } from '@banli/temporal';
import { createWorkerApp } from './app';
import { TemporalWorkerService } from './worker.service';

/** How long closing the application may take after the run failed before the process exits anyway. */
const CLOSE_TIMEOUT_MS = 15_000;
/** After a signal, how long to wait for the drain to begin before closing the application here. */
const DRAIN_START_TIMEOUT_MS = 5_000;

async function closeAndExit(app: INestApplicationContext, code: number): Promise<never> {
  const timeout = new Promise((r) => setTimeout(r, CLOSE_TIMEOUT_MS).unref());
  await Promise.race([app.close().catch((e) => console.error(e)), timeout]);
  process.exit(code);
}

/**
 * The worker process. Exit codes: 0 after a clean drain on SIGTERM/SIGINT; 1 when it cannot start
 * (configuration, database, Temporal, Banli's search attributes missing in the namespace), when its
 * run fails, or when the drain does not finish in time — so a supervisor (a restart policy,
 * systemd, `npm start`) starts it again.
 */
async function main() {
  const app = await createWorkerApp(loadConfig());
  const worker = app.get(TemporalWorkerService);
  let signalled = false;
  // Nest drains on the first signal (enableShutdownHooks), then signals the process again to end
  // it: this listener makes that end exit 0 after a clean drain, 1 after one that failed.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (worker.state === 'drained') process.exit(0);
      if (worker.state === 'failed') process.exit(1);
      if (signalled) return;
      signalled = true;
      // should nothing have started the drain, close here
      setTimeout(() => {
        if (worker.state === 'running') void closeAndExit(app, 0);
      }, DRAIN_START_TIMEOUT_MS).unref();
    });
  }
  // the run failed without being asked to stop: close what is open and exit non-zero
  worker.finished.catch(() => {
    if (!signalled) void closeAndExit(app, 1);
  });
}

main().catch((e) => {
  console.error(
    e instanceof ConfigError || e instanceof SearchAttributesMissingError
      ? e.message
      : `工作进程无法启动 (the worker could not start): ${e?.stack ?? e}`,
  );
  process.exit(1);
});
