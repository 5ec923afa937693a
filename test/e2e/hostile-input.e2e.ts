import { randomUUID } from 'node:crypto';
import { AddressInfo, connect, createServer, Server, Socket } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { dataSourceOptions } from '@banli/persistence';
import { createApiApp } from '../../apps/api/src/app';
import { databaseUnavailable } from '../../apps/api/src/common/database-errors';
import { E2E_ADMIN, Http, startStack, Stack } from './harness';

/** JSON nested `depth` levels deep: the top-level object is level 1, `{"a":[]}` is 2. */
const nested = (depth: number, inner = '"x"') =>
  `{"username":${'['.repeat(depth - 1)}${inner}${']'.repeat(depth - 1)},"password":"p"}`;

/**
 * A TCP proxy in front of the test database: the API talks to MariaDB through it, so a test can
 * take the database away (the port refuses, open connections are cut) or stall the network (bytes
 * stop flowing, new connections are accepted and never answered) and then bring it back.
 */
class DbProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  private readonly pairs = new Set<[Socket, Socket]>();
  private stalled = false;
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<void> {
    const server = createServer((client) => {
      this.track(client);
      if (this.stalled) return; // accepted, never answered
      const upstream = connect(this.target.port, this.target.host);
      this.track(upstream);
      const pair: [Socket, Socket] = [client, upstream];
      this.pairs.add(pair);
      client.pipe(upstream);
      upstream.pipe(client);
      const drop = () => {
        this.pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      client.on('close', drop);
      upstream.on('close', drop);
    });
    await new Promise<void>((res) => server.listen(this.port, '127.0.0.1', res));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  private track(s: Socket) {
    this.sockets.add(s);
    s.on('error', () => undefined);
    s.on('close', () => this.sockets.delete(s));
  }

  /** The database goes away: the port refuses connections and every open one is cut. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((res) => server.close(() => res()));
  }

  /** The network stalls: open connections stop carrying bytes; new ones are accepted, never answered. */
  stall(): void {
    this.stalled = true;
    for (const [client, upstream] of this.pairs) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      client.pause();
      upstream.pause();
    }
  }

  /** New connections are forwarded again (the stalled ones stay stalled until someone gives up on them). */
  unstall(): void {
    this.stalled = false;
  }
}

/** Resolves with what `p` settles to, or 'pending' after `ms`. */
const within = <T>(p: Promise<T>, ms: number): Promise<T | 'pending'> =>
  Promise.race([p, new Promise<'pending'>((res) => setTimeout(() => res('pending'), ms).unref())]);

/**
 * Hostile input from issue #16: what a fuzzer or an attacker sends must answer 4xx with a problem
 * body (or 503 when the database is away), never 500.
 */
describe('hostile input: deep JSON, huge pages, bodies that are not objects, database outages, the API document', () => {
  let stack: Stack;
  let unit: any;

  beforeAll(async () => {
    stack = await startStack(`e2e-hostile-${randomUUID()}`);
    unit = await stack.createUnit();
  });
  afterAll(async () => {
    await stack?.close();
  });

  const problem = (r: { status: number; body: any; headers: Headers }, status: number, code: string) => {
    expect([r.status, r.body?.code]).toEqual([status, code]);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(r.body.requestId).toEqual(expect.any(String));
  };
  const raw = (http: Http, method: string, path: string, body: string) =>
    http(method, path, body, { 'content-type': 'application/json' });

  describe('6. nesting depth of a JSON body', () => {
    it('answers 400 JSON_TOO_DEEP to a deeply nested body on POST /auth/login, without a token', async () => {
      const r = await raw(stack.http, 'POST', '/auth/login', nested(100_000));
      problem(r, 400, 'JSON_TOO_DEEP');
      expect(r.body.maxDepth).toBe(32);
      expect(r.body.detail).toMatch(/^请求内容嵌套过深：最多 32 层/);
    });

    it('refuses it before the sign-in check and before validation, on every JSON endpoint', async () => {
      // no token: the depth check answers first, not the guard's 401
      const anon = await raw(stack.http, 'PATCH', `/units/${unit.id}`, nested(5_000));
      problem(anon, 400, 'JSON_TOO_DEEP');
      const admin = await raw(stack.admin.http, 'POST', '/units', nested(5_000, '{}'));
      problem(admin, 400, 'JSON_TOO_DEEP');
      // the largest body the parser takes, one million levels of [: refused as quickly as a small one
      const huge = await raw(
        stack.http,
        'POST',
        '/auth/login',
        '['.repeat(1_000_000) + ']'.repeat(1_000_000),
      );
      problem(huge, 400, 'JSON_TOO_DEEP');
    });

    it('takes 32 levels, refuses 33, and does not count brackets inside strings', async () => {
      const at = await raw(stack.http, 'POST', '/auth/login', nested(32));
      problem(at, 400, 'VALIDATION_FAILED');
      const over = await raw(stack.http, 'POST', '/auth/login', nested(33));
      problem(over, 400, 'JSON_TOO_DEEP');
      // brackets and escaped quotes inside a string are text, not nesting
      const text = JSON.stringify({ username: `\\"${'[{'.repeat(500)}`, password: 'p' });
      const r = await raw(stack.http, 'POST', '/auth/login', text);
      expect(r.body?.code).not.toBe('JSON_TOO_DEEP');
      expect(r.status).toBeLessThan(500);
    });

    it('answers 400 or 413 (not 500) to form bodies nested too deep or with too many fields', async () => {
      const form = (body: string) =>
        stack.http('POST', '/auth/login', body, { 'content-type': 'application/x-www-form-urlencoded' });
      const deep = await form(`username${'[a]'.repeat(40)}=x&password=p`);
      problem(deep, 400, 'JSON_TOO_DEEP');
      const many = await form(Array.from({ length: 1500 }, (_, i) => `f${i}=x`).join('&'));
      problem(many, 413, 'TOO_MANY_FIELDS');
    });
  });

  describe('7. page bounds', () => {
    it.each([
      ['/proposals?page=1e300', 'page'],
      ['/proposals?page=12345678901234567890', 'page'],
      ['/proposals?page=100001', 'page'],
      ['/proposals?page=1.5', 'page'],
      ['/proposals?pageSize=1e300', 'pageSize'],
      ['/proposals?page=1&page=2', 'page'],
      ['/reports/overdue?page=1e300', 'page'],
      ['/reports/overdue?page=12345678901234567890', 'page'],
      ['/reports/overdue?pageSize=12345678901234567890', 'pageSize'],
    ])('answers 400 VALIDATION_FAILED to GET %s', async (path, field) => {
      const r = await stack.admin.http('GET', path);
      problem(r, 400, 'VALIDATION_FAILED');
      expect([...new Set(r.body.errors.map((e: any) => e.field))]).toEqual([field]);
    });

    it('still answers the last allowed page (empty)', async () => {
      const r = await stack.admin.http('GET', '/proposals?page=100000&pageSize=100');
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ items: [], page: 100000, pageSize: 100 });
    });

    it('documents the bounds', async () => {
      const doc = (await stack.http('GET', '/docs-json')).body;
      for (const path of ['/proposals', '/reports/overdue']) {
        const params = doc.paths[path].get.parameters;
        const page = params.find((p: any) => p.name === 'page');
        const size = params.find((p: any) => p.name === 'pageSize');
        expect([path, page.schema.maximum, size.schema.maximum]).toEqual([path, 100000, expect.any(Number)]);
      }
    });
  });

  describe('8. a body that is not a JSON object', () => {
    it.each([
      ['PATCH', () => `/units/${unit.id}`, '[]'],
      ['PATCH', () => `/units/${unit.id}`, '[{"name":"x"}]'],
      ['POST', () => '/units', '[1,2]'],
    ])('answers 400 BODY_NOT_OBJECT to %s with an array', async (method, path, body) => {
      const r = await raw(stack.admin.http, method, path(), body);
      problem(r, 400, 'BODY_NOT_OBJECT');
      expect(r.body.detail).toMatch(/^请求内容须为 JSON 对象/);
    });

    it('answers 400 to an array on POST /auth/login, without a token', async () => {
      const r = await raw(stack.http, 'POST', '/auth/login', '[]');
      problem(r, 400, 'BODY_NOT_OBJECT');
    });

    it('still takes an object, and an empty body is checked field by field', async () => {
      const ok = await raw(stack.admin.http, 'PATCH', `/units/${unit.id}`, '{}');
      expect(ok.status).toBe(200);
      const empty = await stack.admin.http('POST', '/units', undefined);
      problem(empty, 400, 'VALIDATION_FAILED');
    });
  });

  describe('8. a database outage', () => {
    let proxy: DbProxy;
    let api: INestApplication;
    let http: Http;

    beforeAll(async () => {
      proxy = new DbProxy({ host: stack.cfg.db.host, port: stack.cfg.db.port });
      await proxy.start();
      api = await createApiApp(
        { ...stack.cfg, db: { ...stack.cfg.db, host: '127.0.0.1', port: proxy.port } },
        { logger: false },
      );
      await api.listen(0, '127.0.0.1');
      const url = `http://127.0.0.1:${(api.getHttpServer().address() as AddressInfo).port}`;
      http = async (method, path, body, headers = {}) => {
        const res = await fetch(url + path, {
          method,
          headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
      };
    });
    afterAll(async () => {
      await proxy?.cut();
      await api?.close();
    });

    it('answers 503 DATABASE_UNAVAILABLE with Retry-After while the database is away, then recovers', async () => {
      const login = await http('POST', '/auth/login', E2E_ADMIN);
      expect(login.status).toBe(200);
      const auth = { authorization: `Bearer ${login.body.accessToken}` };
      expect((await http('GET', '/units', undefined, auth)).status).toBe(200);

      await proxy.cut();
      for (const r of [
        await http('GET', '/units', undefined, auth),
        await http('GET', '/units', undefined, auth),
        await http('POST', '/auth/login', E2E_ADMIN),
      ]) {
        problem(r, 503, 'DATABASE_UNAVAILABLE');
        expect(r.body.detail).toMatch(/^数据库暂时无法连接/);
        expect(r.headers.get('retry-after')).toBe('5');
      }

      await proxy.start(); // the same port again
      expect((await http('GET', '/units', undefined, auth)).status).toBe(200);
    });
  });

  describe('8. a stalled database connection', () => {
    let proxy: DbProxy;
    beforeEach(async () => {
      proxy = new DbProxy({ host: stack.cfg.db.host, port: stack.cfg.db.port });
      await proxy.start();
    });
    afterEach(async () => {
      await proxy.cut();
    });

    it('sets a connect timeout and a query timeout that really aborts', () => {
      const o = dataSourceOptions(stack.cfg.db) as any;
      expect(o.connectTimeout).toBe(10_000);
      expect(o.enableQueryTimeout).toBe(true);
      expect(o.maxQueryExecutionTime).toBe(30_000);
    });

    it('gives up on a query the network stalls, and drops that connection from the pool', async () => {
      const ds = new DataSource({
        ...dataSourceOptions({ ...stack.cfg.db, host: '127.0.0.1', port: proxy.port }),
        maxQueryExecutionTime: 1000,
        extra: { connectionLimit: 1 },
      } as any);
      await ds.initialize();
      try {
        expect(await ds.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
        proxy.stall();
        const err = await within(
          ds.query('SELECT 2').catch((e: unknown) => e),
          8000,
        );
        expect(err).toBeInstanceOf(QueryFailedError);
        expect((err as any).driverError.code).toBe('PROTOCOL_SEQUENCE_TIMEOUT');
        expect(databaseUnavailable(err)).toBe(true);
        // the pool's only connection was the stalled one: a new query gets a new connection
        proxy.unstall();
        expect(await within(ds.query('SELECT 3 AS three'), 8000)).toEqual([{ three: 3 }]);
      } finally {
        await proxy.cut();
        await ds.destroy();
      }
    });

    it('gives up connecting to a server that never answers', async () => {
      proxy.stall();
      const ds = new DataSource({
        ...dataSourceOptions({ ...stack.cfg.db, host: '127.0.0.1', port: proxy.port }),
        connectTimeout: 1000,
      } as any);
      const err = await within(
        ds.initialize().catch((e: unknown) => e),
        8000,
      );
      expect((err as any).code).toBe('ETIMEDOUT');
      expect(databaseUnavailable(err)).toBe(true);
    });
  });

  describe('10. the API document and unknown methods', () => {
    let doc: any;
    beforeAll(async () => {
      doc = (await stack.http('GET', '/docs-json')).body;
    });
    const operations = () =>
      Object.entries<any>(doc.paths).flatMap(([path, item]) =>
        ['get', 'post', 'put', 'patch', 'delete']
          .filter((m) => item[m])
          .map((m) => ({ path, method: m.toUpperCase(), op: item[m] })),
      );

    it('declares the ids that must be UUIDs as format: uuid, and only those', () => {
      const declared = operations().flatMap(({ path, method, op }) =>
        (op.parameters ?? [])
          .filter((p: any) => p.in === 'path' && p.schema?.format === 'uuid')
          .map((p: any) => `${method} ${path} ${p.name}`),
      );
      expect(declared).toEqual(
        expect.arrayContaining([
          'GET /proposals/{id} id',
          'POST /proposals/{id}/units/{unitId}/sign-for id',
          'POST /proposals/{id}/units/{unitId}/sign-for unitId',
          'GET /proposals/{id}/messages id',
          'POST /mail/{messageId}/resend messageId',
          'GET /imports/{id} id',
          'PATCH /units/{unitId} unitId',
          'DELETE /users/{userId} userId',
        ]),
      );
      for (const notUuid of [
        'GET /policies/{id} id',
        'GET /jurisdictions/{id} id',
        'GET /links/{token} token',
        'DELETE /calendar/overrides/{date} date',
      ])
        expect(declared).not.toContain(notUuid);
      // every path parameter named like an id is declared one way or the other on purpose
      const ids = operations().flatMap(({ path, method, op }) =>
        (op.parameters ?? [])
          .filter((p: any) => p.in === 'path' && /id$/i.test(p.name) && p.schema?.format !== 'uuid')
          .map((p: any) => `${method} ${path} ${p.name}`),
      );
      // policy and jurisdiction ids are names such as guangzhou, not UUIDs
      expect(ids.sort()).toEqual(
        [
          'GET /policies/{id} id',
          'POST /policies/{id}/versions id',
          'PUT /policies/{id}/versions/{version} id',
          'PATCH /policies/{id}/versions/{version} id',
          'GET /jurisdictions/{id} id',
          'PATCH /jurisdictions/{id} id',
        ].sort(),
      );
    });

    it('answers 400 to a malformed id wherever the document says uuid', async () => {
      const failures: string[] = [];
      for (const { path, method, op } of operations()) {
        const params = (op.parameters ?? []).filter((p: any) => p.in === 'path');
        if (!params.some((p: any) => p.schema?.format === 'uuid')) continue;
        const roles: string[] | undefined = op['x-banli-roles'];
        if (roles && !roles.includes('admin')) continue;
        const url = path.replace(/\{(\w+)\}/g, 'not-a-uuid');
        const r = await stack.admin.http(method, url, method === 'GET' ? undefined : {});
        if (r.status !== 400) failures.push(`${method} ${path}: ${r.status} ${r.body?.code}`);
      }
      expect(failures).toEqual([]);
    });

    it('documents 400 and 413 on every operation that takes a body (and 415 on JSON bodies)', () => {
      const missing: string[] = [];
      for (const { path, method, op } of operations()) {
        if (!op.requestBody) continue;
        for (const status of ['400', '413'])
          if (!op.responses?.[status]) missing.push(`${method} ${path} ${status}`);
        if (op.requestBody.content?.['application/json'] && !op.responses?.['415'])
          missing.push(`${method} ${path} 415`);
      }
      expect(missing).toEqual([]);
      const login = doc.paths['/auth/login'].post.responses;
      expect(login['400'].description).toMatch(/JSON_TOO_DEEP/);
      expect(login['413'].description).toMatch(/PAYLOAD_TOO_LARGE/);
    });

    it('answers 405 with Allow and a problem body to a known path with an unknown method, 404 to an unknown path', async () => {
      const put = await stack.http('PUT', '/units', '{}', { 'content-type': 'application/json' });
      problem(put, 405, 'METHOD_NOT_ALLOWED');
      expect(put.headers.get('allow')).toBe('GET, HEAD, POST');
      expect(put.body.detail).toMatch(/^不支持此请求方法：PUT \/units/);

      const del = await stack.admin.http('DELETE', '/health');
      problem(del, 405, 'METHOD_NOT_ALLOWED');
      expect(del.headers.get('allow')).toBe('GET, HEAD');

      const patch = await stack.admin.http('PATCH', `/proposals/${randomUUID()}/file`, {});
      problem(patch, 405, 'METHOD_NOT_ALLOWED');
      expect(patch.headers.get('allow')).toBe('POST');

      const missing = await stack.admin.http('GET', '/no-such-thing');
      problem(missing, 404, 'NOT_FOUND');
      const missingPut = await stack.admin.http('PUT', '/no-such-thing', {});
      problem(missingPut, 404, 'NOT_FOUND');
    });

    it('does not announce the server software (no X-Powered-By)', async () => {
      for (const path of ['/health', '/docs-json', '/no-such-thing']) {
        const r = await fetch(`${stack.url}${path}`);
        expect([path, r.headers.get('x-powered-by')]).toEqual([path, null]);
      }
    });
  });
});
