import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { createApiApp } from '../../apps/api/src/app';
import { createWorkerApp } from '../../apps/worker/src/app';
import { BanliConfig } from '../../libs/config/src';
import { dataSourceOptions } from '../../libs/persistence/src';
import { testConfig } from '../support/env';

export interface Stack {
  cfg: BanliConfig;
  api: INestApplication;
  worker: INestApplicationContext;
  ds: DataSource;
  url: string;
  http(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

/** Applies migrations (idempotent) on the test database. */
export async function migrate(cfg: BanliConfig): Promise<DataSource> {
  const ds = new DataSource(dataSourceOptions(cfg.db));
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  return ds;
}

/**
 * API + worker in this process, talking to the real Temporal dev server and MariaDB that
 * `npm test` started, over real HTTP on a random port. Each suite gets its own task queue.
 */
export async function startStack(taskQueue: string, env: Record<string, string> = {}): Promise<Stack> {
  const cfg = testConfig({ TEMPORAL_TASK_QUEUE: taskQueue, API_PORT: '3999', ...env });
  const ds = await migrate(cfg);
  const worker = await createWorkerApp(cfg, { logger: false });
  const api = await createApiApp(cfg, { logger: false });
  await api.listen(0, '127.0.0.1');
  const port = (api.getHttpServer().address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    cfg,
    api,
    worker,
    ds,
    url,
    async http(method, path, body, headers = {}) {
      const res = await fetch(url + path, {
        method,
        headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: any = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        /* not JSON */
      }
      return { status: res.status, body: parsed, headers: res.headers };
    },
    async close() {
      await api.close();
      await worker.close();
      await ds.destroy();
    },
  };
}
