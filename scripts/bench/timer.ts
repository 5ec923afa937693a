import { randomUUID } from 'node:crypto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { createCaseActivities } from '@banli/activities';
import { loadConfig } from '@banli/config';
import { findPolicy, lifecycleRulesOf } from '@banli/domain';
import { Mailer, Outbox } from '@banli/mail';
import { assignUpdate, fileUpdate, proposalWorkflow } from '@banli/workflows/proposal.workflow';
import { TEMPORAL_TEST_SERVER } from '../stack/temporal';
import type { Actors } from './api';
import { CHANNEL, JURISDICTION, quietRuntime } from './intake';
import { now, pool, round, sleep, summarize, Summary } from './stats';

/** Timer cases use their own term, so they never meet the intake's business keys. */
const TIMER_TERM = 15;

export interface TimerResult {
  cases: number;
  escalated: number;
  /** How long before the due instant the server clock was set (the deadlines fell due within this). */
  leadSeconds: number;
  dueAt: string;
  lagMs: Summary;
  /** The ceiling: bare timers due at the same instant on the same server, each noting the time in one activity. */
  ceiling: { timers: number; fired: number; lagMs: Summary };
  /** Drift of the server clock against this machine's over the wait (should be ~0). */
  clockDriftMs: number;
  setupSeconds: number;
}

/**
 * Timer lag. Every statutory deadline ends at 24:00 Beijing time of a day, so a case's first duty
 * (签收, 3 working days after 交办 under the national policy) cannot be made to fall due within
 * minutes on a server running in real time; the benchmark uses the project's time-skipping Temporal
 * test server (as the workflow tests do): the cases are registered, filed and assigned through the
 * case workflow with the real activities over the benchmark's MariaDB, then the server clock is
 * moved to `leadSeconds` before their common due instant and runs in real time from there. The lag
 * of a case is from that instant to its first overdue escalation row in the projection (outbox,
 * kind overdue:signFor), read against the server clock.
 */
export async function timerLag(o: {
  ds: DataSource;
  env: NodeJS.ProcessEnv;
  bundlePath: string;
  benchBundle: { code: string };
  actors: Actors;
  cases: number;
  leadSeconds: number;
  concurrency: number;
  log: (s: string) => void;
}): Promise<TimerResult> {
  quietRuntime();
  const t0 = now();
  const policy = findPolicy(JURISDICTION)!;
  const rules = lifecycleRulesOf(policy);
  const session = 1000 + Math.floor(Math.random() * 1_000_000);
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: TEMPORAL_TEST_SERVER } },
  });
  const mailer = new Mailer(loadConfig(o.env).smtp);
  const taskQueue = 'bench-timers';
  try {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: { codePath: o.bundlePath },
      activities: createCaseActivities({
        dataSource: o.ds,
        outbox: new Outbox(o.ds, mailer),
        caseLink: (id) => `http://127.0.0.1/proposals/${id}`,
        taskLink: (id, unit) => `http://127.0.0.1/links/${id}/${unit}`,
      }),
    });
    const fired = new Map<string, number>();
    const ceilingWorker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: 'bench-timer-ceiling',
      workflowBundle: o.benchBundle,
      activities: {
        benchTimerFired: async (id: string) => {
          fired.set(id, Date.now());
        },
      },
    });
    const ceilingRun = ceilingWorker.run();
    try {
      return await worker.runUntil(async () => {
        const office = { id: 'bench-office', role: 'office' as const };
        const ids: string[] = [];
        await pool(o.cases, o.concurrency, async (i) => {
          const number = `T${String(i + 1).padStart(5, '0')}`;
          const caseId = randomUUID();
          const handle = await env.client.workflow.start(proposalWorkflow, {
            taskQueue,
            workflowId: `proposal:${JURISDICTION}:${CHANNEL}:${TIMER_TERM}-${session}:${number}`,
            args: [
              {
                caseId,
                jurisdiction: JURISDICTION,
                channel: CHANNEL,
                term: TIMER_TERM,
                session,
                number,
                title: `关于规范城市停车管理的建议（${number}）`,
                proposers: [{ id: randomUUID(), name: `代表${number}`, kind: 'deputy' as const }],
                policy: { id: policy.id, version: policy.version, rules },
                registeredAt: new Date(await env.currentTimeMs()).toISOString(),
                searchAttributes: false,
              },
            ],
          });
          await handle.executeUpdate(fileUpdate, {
            args: [{ actor: office, number: `立${number}`, category: '城市建设' }],
          });
          const unit = o.actors.units[i % o.actors.units.length];
          await handle.executeUpdate(assignUpdate, {
            args: [{ actor: office, mode: 'sole', units: [{ unitId: unit.id }] }],
          });
          ids.push(caseId);
        });
        // every case's sign-for duty projected
        const dueRows = await waitRows(
          o.ds,
          `SELECT d.proposal_id AS id, d.due_at AS due FROM deadline d JOIN proposal p ON p.id = d.proposal_id
          WHERE p.term = ? AND p.session = ? AND d.clock = 'signFor' AND d.status = 'open'`,
          [TIMER_TERM, session],
          o.cases,
          300_000,
        );
        const dues = new Set<number>(dueRows.map((r: { due: Date }) => new Date(r.due).getTime()));
        const due = Math.min(...dues);
        const setupSeconds = (now() - t0) / 1000;
        o.log(
          `timer: ${o.cases} cases assigned in ${round(setupSeconds, 1)} s; sign-for due ${new Date(due).toISOString()} (${dues.size} distinct instant(s))`,
        );
        await pool(o.cases, o.concurrency, async (i) => {
          await env.client.workflow.start('benchTimerWorkflow', {
            taskQueue: 'bench-timer-ceiling',
            workflowId: `bench-timer-${session}-${i}`,
            args: [String(i), due],
          });
        });
        const serverNow = await env.currentTimeMs();
        await env.sleep(due - o.leadSeconds * 1000 - serverNow);
        const offset0 = (await env.currentTimeMs()) - Date.now();
        o.log(
          `timer: server clock at ${o.leadSeconds} s before the due instant; waiting for the escalations`,
        );
        // the first escalation row per case, its creation read against the server clock
        const sql = `SELECT o.proposal_id AS id, MIN(o.created_at) AS at FROM outbox o JOIN proposal p ON p.id = o.proposal_id
          WHERE p.term = ? AND p.session = ? AND o.kind LIKE 'overdue%' GROUP BY o.proposal_id`;
        const until = Date.now() + (o.leadSeconds + 180) * 1000;
        let rows: { id: string; at: Date }[] = [];
        while (Date.now() < until) {
          rows = await o.ds.query(sql, [TIMER_TERM, session]);
          if (rows.length >= o.cases && fired.size >= o.cases) break;
          await sleep(500);
        }
        const offset1 = (await env.currentTimeMs()) - Date.now();
        const lag = rows.map((r) => new Date(r.at).getTime() + offset0 - due);
        return {
          cases: o.cases,
          escalated: rows.length,
          leadSeconds: o.leadSeconds,
          dueAt: new Date(due).toISOString(),
          lagMs: summarize(lag),
          ceiling: {
            timers: o.cases,
            fired: fired.size,
            lagMs: summarize([...fired.values()].map((t) => t + offset0 - due)),
          },
          clockDriftMs: Math.round(offset1 - offset0),
          setupSeconds: round(setupSeconds, 1)!,
        };
      });
    } finally {
      ceilingWorker.shutdown();
      await ceilingRun;
    }
  } finally {
    mailer.close();
    await env.teardown();
  }
}

async function waitRows(
  ds: DataSource,
  sql: string,
  params: unknown[],
  count: number,
  timeoutMs: number,
): Promise<any[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const rows = await ds.query(sql, params);
    if (rows.length >= count) return rows;
    if (Date.now() > until) throw new Error(`only ${rows.length}/${count} rows for: ${sql}`);
    await sleep(250);
  }
}
