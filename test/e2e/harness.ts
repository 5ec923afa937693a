import { INestApplication, INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { createApiApp } from '../../apps/api/src/app';
import { createWorkerApp } from '../../apps/worker/src/app';
import { BanliConfig } from '@banli/config';
import type { DestinationStream } from '@banli/config/logging';
import { dataSourceOptions } from '@banli/persistence';
import { testConfig } from '../support/env';

export type HttpResult = { status: number; body: any; headers: Headers };
export type Http = (
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<HttpResult>;

/** The administrator every e2e stack bootstraps from ADMIN_USERNAME / ADMIN_PASSWORD. */
export const E2E_ADMIN = { username: 'e2e-admin', password: 'e2e-admin-password' };

export type E2eRole = 'office' | 'unitStaff' | 'unitLeader' | 'supervisor' | 'proposer' | 'admin';

/** A signed-in test account. */
export interface Session {
  id: string;
  username: string;
  password: string;
  token: string;
  http: Http;
}

export interface Stack {
  cfg: BanliConfig;
  api: INestApplication;
  worker: INestApplicationContext;
  ds: DataSource;
  url: string;
  /** Unauthenticated HTTP. */
  http: Http;
  /** The bootstrapped administrator, signed in. */
  admin: Session;
  /** POST /auth/login; returns the access token or throws with the problem. */
  login(username: string, password: string): Promise<string>;
  /** HTTP with `Authorization: Bearer <token>`. */
  as(token: string): Http;
  /** Creates a unit (as admin) and returns it. */
  createUnit(fields?: Record<string, unknown>): Promise<any>;
  /** Creates an account (as admin) with a random name, signs it in, and returns the session. */
  createUser(
    role: E2eRole,
    binding?: { unitId?: string; partyId?: string },
    fields?: Record<string, unknown>,
  ): Promise<Session>;
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
 * `npm test` started, over real HTTP on a random port. Each suite gets its own task queue. They
 * log nothing, unless `logDestination` is given: then both write their JSON lines there.
 */
export async function startStack(
  taskQueue: string,
  env: Record<string, string> = {},
  opts: { logDestination?: DestinationStream } = {},
): Promise<Stack> {
  const cfg = testConfig({
    TEMPORAL_TASK_QUEUE: taskQueue,
    API_PORT: '3999',
    ADMIN_USERNAME: E2E_ADMIN.username,
    ADMIN_PASSWORD: E2E_ADMIN.password,
    ...env,
  });
  const ds = await migrate(cfg);
  const logs = opts.logDestination ? { logDestination: opts.logDestination } : { logger: false as const };
  const worker = await createWorkerApp(cfg, logs);
  const api = await createApiApp(cfg, logs);
  await api.listen(0, '127.0.0.1');
  const port = (api.getHttpServer().address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const http: Http = async (method, path, body, headers = {}) => {
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
  };
  const as =
    (token: string): Http =>
    (method, path, body, headers = {}) =>
      http(method, path, body, { authorization: `Bearer ${token}`, ...headers });
  const login = async (username: string, password: string) => {
    const r = await http('POST', '/auth/login', { username, password });
    if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.accessToken as string;
  };
  const adminToken = await login(E2E_ADMIN.username, E2E_ADMIN.password);
  const admin: Session = {
    id: (await as(adminToken)('GET', '/auth/me')).body.id,
    ...E2E_ADMIN,
    token: adminToken,
    http: as(adminToken),
  };
  const tag = () => randomUUID().slice(0, 8);
  return {
    cfg,
    api,
    worker,
    ds,
    url,
    http,
    admin,
    login,
    as,
    async createUnit(fields = {}) {
      const t = tag();
      const r = await admin.http('POST', '/units', {
        code: `u-${t}`,
        name: `测试单位${t}`,
        contactEmail: `u-${t}@example.cn`,
        ...fields,
      });
      if (r.status !== 201) throw new Error(`create unit: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body;
    },
    async createUser(role, binding = {}, fields = {}) {
      const username = `${role}-${tag()}`;
      const password = `pw-${randomUUID()}`;
      const r = await admin.http('POST', '/users', {
        username,
        password,
        displayName: `${role} ${username}`,
        role,
        ...binding,
        ...fields,
      });
      if (r.status !== 201) throw new Error(`create user: ${r.status} ${JSON.stringify(r.body)}`);
      const token = await login(username, password);
      return { id: r.body.id, username, password, token, http: as(token) };
    },
    async close() {
      await api.close();
      await worker.close();
      await ds.destroy();
    },
  };
}
