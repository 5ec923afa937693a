import { NativeConnection, Worker } from '@temporalio/worker';
import { Client, Connection } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import type { Actors } from './api';
import { createDrill } from './drill';
import { CHANNEL } from './intake';
import { now, pool, round, sleep, summarize, Summary } from './stats';

/** Timer cases use their own term, so they never meet the intake's business keys. */
const TIMER_TERM = 15;
const DRILL = 'bench-drill';
/** The drill's sign-for duty: an hour from assignment, escalated to the unit's leader, no reminder. */
const SIGN_FOR_MINUTES = 60;

export interface TimerResult {
  cases: number;
  escalated: number;
  /** How long after the start of the row the common due instant was set (setup must end before it). */
  leadSeconds: number;
  dueAt: string;
  lagMs: Summary;
  /** The ceiling: bare timers due at the same instant on the same server, each noting the time in one activity. */
  ceiling: { timers: number; fired: number; lagMs: Summary };
  /** Cases whose setup ended after the due instant (their escalation is then history, not mailed). */
  late: number;
  setupSeconds: number;
}

/**
 * Timer lag on the stack's Temporal dev server, in real time. A drill jurisdiction counts sign-for
 * in minutes (deadline rule `minutes`); every case is registered and then entered as filed and
 * assigned exactly an hour before one common instant (POST /proposals/:id/past-actions), so all their
 * sign-for duties fall due at that instant, `leadSeconds` after the row starts. The lag of a case is
 * from that instant to its overdue escalation's row in the projection (outbox, kind overdue.signFor),
 * through the stack's own worker process. Ceiling: as many bare timers due at the same instant on the
 * same server, each noting the time in one activity of a worker in this process.
 */
export async function timerLag(o: {
  ds: DataSource;
  temporalAddress: string;
  benchBundle: { code: string };
  actors: Actors;
  cases: number;
  leadSeconds: number;
  concurrency: number;
  log: (s: string) => void;
}): Promise<TimerResult> {
  const t0 = now();
  const session = 1000 + Math.floor(Math.random() * 1_000_000);
  const jurisdiction = `${DRILL}-${session}`;
  await createDrill(o.actors.admin, {
    policy: jurisdiction,
    jurisdiction,
    clocks: { signFor: { minutes: SIGN_FOR_MINUTES, reminders: [] } },
  });
  const due = Date.now() + o.leadSeconds * 1000;
  const assignedAt = new Date(due - SIGN_FOR_MINUTES * 60_000).toISOString();
  const before = (ms: number) => new Date(Date.parse(assignedAt) - ms).toISOString();
  const ids: string[] = [];
  let late = 0;
  await pool(o.cases, o.concurrency, async (i) => {
    const number = `T${String(i + 1).padStart(5, '0')}`;
    const reg = await o.actors.office.must('POST', '/proposals', {
      jurisdiction,
      channel: CHANNEL,
      term: TIMER_TERM,
      session,
      number,
      title: `关于规范城市停车管理的建议（${number}）`,
      proposers: [{ name: `代表${number}`, kind: 'deputy' }],
      registeredAt: before(60_000),
    });
    const unit = o.actors.units[i % o.actors.units.length];
    const actions = [
      { type: 'file', number: `立${number}`, category: '城市建设', occurredAt: before(30_000) },
      { type: 'assign', mode: 'sole', units: [{ unitId: unit.id }], occurredAt: assignedAt },
    ];
    // a registration still being written (202) is not found for a moment
    for (let attempt = 0; ; attempt++) {
      const r = await o.actors.office.call('POST', `/proposals/${reg.id}/past-actions`, { actions });
      if (r.status >= 200 && r.status < 300) break;
      if (r.status !== 404 || attempt > 40)
        throw new Error(`past actions of ${number}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
      await sleep(250);
    }
    if (Date.now() >= due) late++;
    ids.push(reg.id);
  });
  const setupSeconds = (now() - t0) / 1000;
  o.log(
    `timer: ${o.cases} cases entered as assigned in ${round(setupSeconds, 1)} s; sign-for due ${new Date(due).toISOString()}` +
      (late ? ` (${late} entered after it: not counted)` : ''),
  );

  // the ceiling: bare timers due at the same instant, on the same server
  const fired = new Map<string, number>();
  const connection = await NativeConnection.connect({ address: o.temporalAddress });
  const clientConnection = await Connection.connect({ address: o.temporalAddress });
  const client = new Client({ connection: clientConnection });
  const worker = await Worker.create({
    connection,
    taskQueue: 'bench-timer-ceiling',
    workflowBundle: o.benchBundle,
    activities: {
      benchTimerFired: async (id: string) => {
        fired.set(id, Date.now());
      },
    },
  });
  try {
    return await worker.runUntil(async () => {
      await pool(o.cases, o.concurrency, async (i) => {
        await client.workflow.start('benchTimerWorkflow', {
          taskQueue: 'bench-timer-ceiling',
          workflowId: `bench-timer-${session}-${i}`,
          args: [String(i), due],
        });
      });
      if (Date.now() < due) await sleep(due - Date.now());
      // each case's escalation row (the first, should a retried activity write twice)
      const sql = `SELECT o.proposal_id AS id, MIN(o.created_at) AS at FROM outbox o JOIN proposal p ON p.id = o.proposal_id
        WHERE p.jurisdiction = ? AND o.kind LIKE 'overdue%' GROUP BY o.proposal_id`;
      const until = Date.now() + 180_000;
      let rows: { id: string; at: Date }[] = [];
      while (Date.now() < until) {
        rows = await o.ds.query(sql, [jurisdiction]);
        if (rows.length >= o.cases - late && fired.size >= o.cases) break;
        await sleep(500);
      }
      return {
        cases: o.cases,
        escalated: rows.length,
        leadSeconds: o.leadSeconds,
        dueAt: new Date(due).toISOString(),
        lagMs: summarize(rows.map((r) => new Date(r.at).getTime() - due)),
        ceiling: {
          timers: o.cases,
          fired: fired.size,
          lagMs: summarize([...fired.values()].map((t) => t - due)),
        },
        late,
        setupSeconds: round(setupSeconds, 1)!,
      };
    });
  } finally {
    await clientConnection.close();
    await connection.close();
  }
}
