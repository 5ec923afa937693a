import { Connection, WorkflowClient } from '@temporalio/client';
import * as path from 'node:path';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { Actors, Api } from './api';
import { now, pool, sleep, summarize, Summary, round } from './stats';

/** Cases registered by the benchmark belong to this jurisdiction, channel and term; each run its own session. */
export const JURISDICTION = 'cn-national';
export const CHANNEL = 'npc';
export const TERM = 14;

export interface RateResult {
  count: number;
  concurrency: number;
  seconds: number;
  perSecond: number;
  latencyMs: Summary;
  errors: string[];
}

/** The ceilings' workflows (scripts/bench/bench.workflows.ts), bundled once per run. */
export async function bundleBenchWorkflows(): Promise<{ code: string }> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: path.join(__dirname, 'bench.workflows.ts'),
    logger: new DefaultLogger('WARN'),
  });
  return { code };
}

let runtimeInstalled = false;
export function quietRuntime() {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    // the time-skipping test server lacks capabilities core warns about on every connection
    Runtime.install({
      logger: new DefaultLogger('ERROR'),
      telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } },
    });
  } catch {
    /* installed before */
  }
}

/**
 * The ceiling of intake: `count` empty workflows started and run to completion on the same server,
 * `concurrency` in flight as the intake driver keeps, by a worker in this process.
 */
export async function emptyWorkflowCeiling(
  temporalAddress: string,
  benchBundle: { code: string },
  count: number,
  concurrency: number,
): Promise<RateResult> {
  quietRuntime();
  const taskQueue = 'bench-empty';
  const native = await NativeConnection.connect({ address: temporalAddress });
  const worker = await Worker.create({
    connection: native,
    taskQueue,
    workflowBundle: benchBundle,
  });
  const connection = await Connection.connect({ address: temporalAddress });
  const client = new WorkflowClient({ connection, namespace: 'default' });
  const lat: number[] = [];
  const errors: string[] = [];
  const run = `${Date.now().toString(36)}`;
  let seconds = 0;
  await worker.runUntil(async () => {
    // one warm-up so the bundle's first activation is not counted
    await client.execute('benchEmptyWorkflow', { taskQueue, workflowId: `bench-empty-${run}-warm` });
    const t0 = now();
    await pool(count, concurrency, async (i) => {
      const s = now();
      try {
        await client.execute('benchEmptyWorkflow', { taskQueue, workflowId: `bench-empty-${run}-${i}` });
        lat.push(now() - s);
      } catch (e) {
        errors.push((e as Error).message);
      }
    });
    seconds = (now() - t0) / 1000;
  });
  await connection.close();
  await native.close();
  return {
    count,
    concurrency,
    seconds: round(seconds, 2)!,
    perSecond: round(count / seconds, 1)!,
    latencyMs: summarize(lat),
    errors: errors.slice(0, 5),
  };
}

/** Records when each case (by number) of a session first shows 已交办 (stage ASSIGNED) in the projection. */
class AssignedWatcher {
  readonly seen = new Map<string, number>();
  private stopped = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly ds: DataSource,
    private readonly session: number,
  ) {}

  start() {
    this.loop = (async () => {
      while (!this.stopped) {
        const rows: { number: string }[] = await this.ds.query(
          "SELECT number FROM proposal WHERE jurisdiction = ? AND channel = ? AND term = ? AND session = ? AND stage = 'ASSIGNED'",
          [JURISDICTION, CHANNEL, TERM, this.session],
        );
        const t = now();
        for (const r of rows) if (!this.seen.has(r.number)) this.seen.set(r.number, t);
        await sleep(50);
      }
    })();
  }

  async waitFor(count: number, timeoutMs: number) {
    const until = Date.now() + timeoutMs;
    while (this.seen.size < count) {
      if (Date.now() > until) throw new Error(`only ${this.seen.size}/${count} cases reached 已交办`);
      await sleep(50);
    }
  }

  async stop() {
    this.stopped = true;
    await this.loop;
  }
}

const numberOf = (i: number) => `B${String(i + 1).padStart(5, '0')}`;

/** Joint handling: a lead and two co-handlers, spread over the units. */
function unitsFor(i: number, units: Actors['units']) {
  const n = units.length;
  return [
    { unitId: units[i % n].id, role: 'lead' },
    { unitId: units[(i + 1) % n].id, role: 'co' },
    { unitId: units[(i + 2) % n].id, role: 'co' },
  ];
}

async function fileAndAssign(office: Api, id: string, i: number, units: Actors['units']) {
  await office.must('POST', `/proposals/${id}/file`, { number: `立${numberOf(i)}`, category: '社会建设' });
  await office.must('POST', `/proposals/${id}/assign`, { mode: 'joint', units: unitsFor(i, units) });
}

/** Registers `count` cases (POST /proposals only): the footprint's further open cases. */
export async function registerOnly(o: {
  actors: Actors;
  session: number;
  count: number;
  concurrency: number;
}): Promise<{ seconds: number; errors: string[] }> {
  const errors: string[] = [];
  const t0 = now();
  await pool(o.count, o.concurrency, async (i) => {
    const number = numberOf(i);
    try {
      await o.actors.office.must('POST', '/proposals', {
        jurisdiction: JURISDICTION,
        channel: CHANNEL,
        term: TERM,
        session: o.session,
        number,
        title: `关于推进老旧小区改造的建议（${number}）`,
        proposers: [{ name: `代表${number}`, kind: 'deputy' }],
      });
    } catch (e) {
      errors.push(`${number}: ${(e as Error).message}`);
    }
  });
  return { seconds: round((now() - t0) / 1000, 1)!, errors: errors.slice(0, 5) };
}

/**
 * One-by-one intake: each case registered (POST /proposals), filed and assigned to a lead and two
 * co-handlers; latency from the registration request to the projection showing 已交办.
 */
export async function intakeOneByOne(o: {
  ds: DataSource;
  actors: Actors;
  session: number;
  count: number;
  concurrency: number;
}): Promise<RateResult> {
  const watcher = new AssignedWatcher(o.ds, o.session);
  watcher.start();
  const started = new Map<string, number>();
  const errors: string[] = [];
  const t0 = now();
  try {
    await pool(o.count, o.concurrency, async (i) => {
      const number = numberOf(i);
      started.set(number, now());
      try {
        const r = await o.actors.office.must('POST', '/proposals', {
          jurisdiction: JURISDICTION,
          channel: CHANNEL,
          term: TERM,
          session: o.session,
          number,
          title: `关于完善社区养老服务设施的建议（${number}）`,
          content: '建议加快社区养老服务设施建设，完善运营补贴政策。',
          proposers: [{ name: `代表${number}`, kind: 'deputy', email: `d-${number}@bench.banli.test` }],
        });
        await fileAndAssign(o.actors.office, r.id, i, o.actors.units);
      } catch (e) {
        errors.push(`${number}: ${(e as Error).message}`);
      }
    });
    await watcher.waitFor(o.count - errors.length, 300_000);
  } finally {
    await watcher.stop();
  }
  return result(o.count, o.concurrency, t0, started, watcher.seen, errors);
}

function result(
  count: number,
  concurrency: number,
  t0: number,
  started: Map<string, number>,
  seen: Map<string, number>,
  errors: string[],
): RateResult {
  const lat = [...started].flatMap(([n, s]) => (seen.has(n) ? [seen.get(n)! - s] : []));
  const last = Math.max(...seen.values());
  const seconds = (last - t0) / 1000;
  return {
    count,
    concurrency,
    seconds: round(seconds, 2)!,
    perSecond: round(seen.size / seconds, 1)!,
    latencyMs: summarize(lat),
    errors: errors.slice(0, 5),
  };
}

/**
 * Bulk intake: the session list uploaded as one CSV (POST /imports, registered by the import
 * workflow), then each case filed and assigned; the rate counts from the upload to the last case
 * showing 已交办, the latency from a case's filing request to its 已交办.
 */
export async function intakeImport(o: {
  ds: DataSource;
  actors: Actors;
  session: number;
  count: number;
  concurrency: number;
}): Promise<RateResult & { importSeconds: number }> {
  const lines = ['Number,Title,Proposers,Category,Content'];
  for (let i = 0; i < o.count; i++)
    lines.push(
      `${numberOf(i)},关于加强农村饮水安全的建议（${numberOf(i)}）,代表${numberOf(i)},农业,建议加大投入。`,
    );
  const file = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n')]);
  const watcher = new AssignedWatcher(o.ds, o.session);
  const started = new Map<string, number>();
  const errors: string[] = [];
  const t0 = now();
  const up = await o.actors.office.upload(
    '/imports?dryRun=false',
    { jurisdiction: JURISDICTION, channel: CHANNEL, term: String(TERM), session: String(o.session) },
    file,
    'bench.csv',
  );
  if (up.status !== 202) throw new Error(`import: ${up.status} ${JSON.stringify(up.body).slice(0, 500)}`);
  for (;;) {
    const job = await o.actors.office.must('GET', `/imports/${up.body.id}`);
    if (job.status !== 'running') {
      if (job.status !== 'completed' || job.failed)
        throw new Error(`import ended ${job.status}: ${JSON.stringify(job).slice(0, 500)}`);
      break;
    }
    await sleep(250);
  }
  const importSeconds = (now() - t0) / 1000;
  const rows: { id: string; number: string }[] = await o.ds.query(
    'SELECT id, number FROM proposal WHERE jurisdiction = ? AND channel = ? AND term = ? AND session = ? ORDER BY number',
    [JURISDICTION, CHANNEL, TERM, o.session],
  );
  watcher.start();
  try {
    await pool(rows.length, o.concurrency, async (k) => {
      const { id, number } = rows[k];
      started.set(number, now());
      try {
        await fileAndAssign(o.actors.office, id, Number(number.slice(1)) - 1, o.actors.units);
      } catch (e) {
        errors.push(`${number}: ${(e as Error).message}`);
      }
    });
    await watcher.waitFor(rows.length - errors.length, 300_000);
  } finally {
    await watcher.stop();
  }
  return {
    ...result(o.count, o.concurrency, t0, started, watcher.seen, errors),
    importSeconds: round(importSeconds, 2)!,
  };
}
