import * as fs from 'node:fs';
import * as path from 'node:path';
import { searchAttributeFlags } from '@banli/temporal/names';
import { startProcess, Started, waitForPort } from './proc';

export const ROOT = path.resolve(__dirname, '..', '..');
export const TEMPORAL_CLI = path.join(ROOT, '.tools', 'venv', 'bin', 'temporal');
export const TEMPORAL_TEST_SERVER = path.join(ROOT, '.tools', 'venv', 'bin', 'temporal-test-server');

export interface TemporalDevOptions {
  port: number;
  uiPort?: number; // omitted = headless
  dbFile?: string; // omitted = in memory
  log: string;
}

/**
 * `temporal server start-dev`'s arguments: gRPC, its HTTP API and metrics (`--ip`) and the Web UI
 * (`--ui-ip`) on 127.0.0.1 only.
 */
export function temporalDevArgs(o: TemporalDevOptions): string[] {
  return [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(o.port),
    '--namespace',
    'default',
    '--log-level',
    'warn',
    ...(o.uiPort ? ['--ui-port', String(o.uiPort), '--ui-ip', '127.0.0.1'] : ['--headless']),
    ...(o.dbFile ? ['--db-filename', o.dbFile] : []),
    ...searchAttributeFlags(),
  ];
}

/** Starts `temporal server start-dev` with Banli's search attributes registered. */
export async function startTemporalDev(o: TemporalDevOptions): Promise<Started> {
  if (!fs.existsSync(TEMPORAL_CLI)) throw new Error(`${TEMPORAL_CLI} missing: run "npm run bootstrap"`);
  const args = temporalDevArgs(o);
  const proc = startProcess('temporal', TEMPORAL_CLI, args, o.log);
  await waitForPort(o.port, proc, 90000);
  return proc;
}
