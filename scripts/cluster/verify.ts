import { Client, Connection } from '@temporalio/client';
import { createConnection } from 'mysql2/promise';
import { scheduleIds } from '@banli/temporal/names';
import type { CaseRecord } from './drive';
import type { CaughtMail, MailCatcher } from '../stack/mail-catcher';

/**
 * The checks after the drive: every case at its expected stage in Temporal (the workflow's own
 * caseSummary query, and its BanliStage in visibility) and in MySQL (the proposal row and its
 * assignment, caught up to the workflow's sequence number); every expected mail delivered exactly
 * once, nothing else sent for these cases.
 */

/** Where a case driven to its reply must be. */
export const EXPECTED = { caseStage: 'ASSIGNED', unitStage: 'FEEDBACK_PENDING' } as const;

/** The mails one case sends on its way (kind → recipient), all first round. */
export function expectedMails(c: CaseRecord): { kind: string; to: string }[] {
  return [
    { kind: 'assigned', to: c.unit.contactEmail }, // 交办通知 to the unit
    { kind: 'draftSubmitted', to: c.unit.leaderEmail }, // 答复稿待签发 to the unit's leader
    { kind: 'draftSignedOff', to: c.unit.contactEmail }, // 已签发 back to the unit (the drafter has no address)
    { kind: 'replied', to: c.proposerEmail }, // 答复通知 to the proposer
    { kind: 'feedbackRequested', to: c.proposerEmail }, // 征询满意度 to the proposer
  ];
}

/** One copy of a mail as the catcher received it: its outbox row (Message-ID) and when (ms). */
export interface MailCopy {
  mid: string;
  at: number;
}

/**
 * The copies of one expected mail: none, once, re-sent in the outbox's at-least-once window, or
 * duplicated. Re-sent means exactly two copies of the same outbox row whose first reached the relay
 * from 10 s before to 1 s after a worker's SIGKILL (the catcher stamps a message once parsed).
 */
export function classifyCopies(
  copies: MailCopy[],
  workerKills: number[],
): 'missing' | 'once' | 'redelivered' | 'duplicated' {
  if (copies.length === 0) return 'missing';
  if (copies.length === 1) return 'once';
  const first = copies.reduce((a, b) => (a.at <= b.at ? a : b));
  const inKillWindow = workerKills.some((k) => first.at >= k - 10_000 && first.at <= k + 1_000);
  return copies.length === 2 && copies.every((c) => c.mid === first.mid) && inKillWindow
    ? 'redelivered'
    : 'duplicated';
}

export interface CaseCheck {
  number: string;
  temporal?: { caseStage: string; unitStage: string; seq: number; status: string; visibilityStage: string };
  mysql?: { caseStage: string; unitStage: string; seq: number };
  problems: string[];
}

export interface MailCheck {
  expected: number;
  delivered: number;
  missing: string[];
  duplicates: string[];
  unexpected: string[];
  /** Outbox rows of these cases not in status 'sent'. */
  unsent: string[];
  /**
   * Second copies of one outbox row (same Message-ID) whose first copy reached the relay just as a
   * worker was SIGKILLed: the worker died before it could mark the row sent, and the row went out
   * again when its claim's lease ran out. This is the at-least-once window libs/mail/src/outbox.ts
   * documents (a mail client folds the copies by Message-ID); any other second copy is a duplicate.
   */
  redelivered: string[];
  /** Per mail kind: expected, delivered (at least once), re-sent as above, duplicated. */
  byKind: Record<string, { expected: number; delivered: number; redelivered: number; duplicated: number }>;
  waitedMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Db {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}

async function withDb<T>(db: Db, f: (q: (sql: string, args?: unknown[]) => Promise<any[]>) => Promise<T>) {
  const conn = await createConnection({ ...db, timezone: 'Z' });
  try {
    return await f(async (sql, args = []) => (await conn.query(sql, args))[0] as any[]);
  } finally {
    await conn.end();
  }
}

/**
 * Reads each case from Temporal and MySQL until both agree with the expected stage and with each
 * other (the read model is written by activities, so it may trail the workflow briefly).
 */
export async function checkCases<C extends CaseRecord>(
  cases: C[],
  temporal: { address: string; namespace: string },
  db: Db,
  timeoutMs = 120000,
  /** The stages a case must be at (the soak stops cases at different steps). */
  expectFor: (c: C) => { caseStage: string; unitStage: string } = () => EXPECTED,
): Promise<CaseCheck[]> {
  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection, namespace: temporal.namespace });
  const until = Date.now() + timeoutMs;
  try {
    for (;;) {
      const checks: CaseCheck[] = [];
      const rows = await withDb(db, (q) =>
        q(
          `SELECT p.workflow_id, p.stage, p.last_seq, a.stage AS unit_stage
             FROM proposal p LEFT JOIN assignment a ON a.proposal_id = p.id AND a.active = 1`,
        ),
      );
      const byWf = new Map(rows.map((r) => [r.workflow_id as string, r]));
      for (const c of cases) {
        const check: CaseCheck = { number: c.number, problems: [] };
        checks.push(check);
        try {
          const h = client.workflow.getHandle(c.workflowId);
          const [s, d] = await Promise.all([h.query<any>('caseSummary'), h.describe()]);
          const stageAttr = d.searchAttributes?.BanliStage as unknown;
          check.temporal = {
            caseStage: s.caseStage,
            unitStage: s.units?.[0]?.stage ?? '-',
            seq: s.seq,
            status: d.status.name,
            visibilityStage: String(Array.isArray(stageAttr) ? stageAttr[0] : (stageAttr ?? '-')),
          };
        } catch (e) {
          check.problems.push(`Temporal: ${(e as Error).message}`);
        }
        const r = byWf.get(c.workflowId);
        if (r) check.mysql = { caseStage: r.stage, unitStage: r.unit_stage ?? '-', seq: Number(r.last_seq) };
        else check.problems.push('MySQL: no proposal row');
        const t = check.temporal;
        const m = check.mysql;
        const want = expectFor(c);
        if (t) {
          if (t.status !== 'RUNNING') check.problems.push(`workflow ${t.status}`);
          if (t.caseStage !== want.caseStage || t.unitStage !== want.unitStage)
            check.problems.push(`Temporal at ${t.caseStage}/${t.unitStage}`);
          if (t.visibilityStage !== want.unitStage) check.problems.push(`BanliStage ${t.visibilityStage}`);
        }
        if (m && (m.caseStage !== want.caseStage || m.unitStage !== want.unitStage))
          check.problems.push(`MySQL at ${m.caseStage}/${m.unitStage}`);
        if (t && m && t.seq !== m.seq) check.problems.push(`seq Temporal ${t.seq} ≠ MySQL ${m.seq}`);
        if (!c.done) check.problems.push(`not driven to the end: ${c.error ?? '?'}`);
      }
      if (checks.every((x) => x.problems.length === 0) || Date.now() > until) return checks;
      await sleep(3000);
    }
  } finally {
    await connection.close();
  }
}

/**
 * Waits until every expected mail has reached the catcher (nudging the mail dispatcher meanwhile:
 * a worker killed mid-send leaves rows for its next pass, or for the end of a claim's lease), then
 * lets the dispatcher run once more and counts: delivered, missing, re-sent after a worker kill
 * (see MailCheck.redelivered), duplicates (any other second copy), unexpected.
 */
export async function checkMail<C extends CaseRecord>(
  cases: C[],
  catcher: MailCatcher,
  temporal: { address: string; namespace: string; taskQueue: string },
  db: Db,
  log: (s: string) => void,
  timeoutMs: number,
  /** Instants (ms) at which a Banli worker was SIGKILLed. */
  workerKills: number[],
  /**
   * The mails each case must send. A kind with details (`overdue.signFor`) is matched against the
   * outbox's whole kind, a bare one (`assigned`) against its first part.
   */
  mailsFor: (c: C) => { kind: string; to: string }[] = expectedMails,
  /** Mail the check is about (default all the catcher holds; the soak's load sends its own). */
  about: (m: CaughtMail) => boolean = () => true,
): Promise<MailCheck> {
  const started = Date.now();
  const byCaseId = new Map(cases.filter((c) => c.id).map((c) => [c.id!, c]));
  const expected = new Map<string, number>();
  const detailed = new Set<string>();
  for (const c of cases.filter((x) => x.id))
    for (const m of mailsFor(c)) {
      expected.set(`${c.id}|${m.kind}|${m.to}`, 0);
      if (m.kind.includes('.')) detailed.add(m.kind);
    }

  const connection = await Connection.connect({ address: temporal.address });
  const client = new Client({ connection, namespace: temporal.namespace });
  const dispatcher = client.workflow.getHandle(scheduleIds(temporal.taskQueue).mailDispatch);
  const tally = async () => {
    const outbox = await withDb(db, (q) =>
      q('SELECT id, proposal_id, kind, recipient, status FROM outbox WHERE proposal_id IS NOT NULL'),
    );
    const rowById = new Map(outbox.map((r) => [r.id as string, r]));
    const copies = new Map([...expected.keys()].map((k) => [k, [] as MailCopy[]]));
    const unexpected: string[] = [];
    for (const m of catcher.messages.filter(about)) {
      const mid = /<([0-9a-f-]{36})@/.exec(m.headers['message-id'] ?? '')?.[1];
      const row = mid ? rowById.get(mid) : undefined;
      if (!row || !byCaseId.has(row.proposal_id)) {
        unexpected.push(`${m.to.join(',')} "${m.subject}" (not from one of these cases)`);
        continue;
      }
      const kind = detailed.has(row.kind) ? String(row.kind) : String(row.kind).split('.')[0];
      const key = `${row.proposal_id}|${kind}|${row.recipient}`;
      if (!copies.has(key) || !m.to.includes(row.recipient)) {
        unexpected.push(`${byCaseId.get(row.proposal_id)!.number} ${row.kind} → ${m.to.join(',')}`);
        continue;
      }
      copies.get(key)!.push({ mid: mid!, at: Date.parse(m.receivedAt) });
    }
    const label = (k: string) => {
      const [id, kind, to] = k.split('|');
      return `${byCaseId.get(id)?.number ?? id} ${kind} → ${to}`;
    };
    const byKind: MailCheck['byKind'] = {};
    const redelivered: string[] = [];
    const duplicates: string[] = [];
    for (const [k, got] of copies) {
      const kind = k.split('|')[1];
      const row = (byKind[kind] ??= { expected: 0, delivered: 0, redelivered: 0, duplicated: 0 });
      row.expected++;
      if (got.length > 0) row.delivered++;
      const verdict = classifyCopies(got, workerKills);
      if (verdict === 'once' || verdict === 'missing') continue;
      const secs = (x: { at: number }) => `${new Date(x.at).toISOString().slice(11, 23)}`;
      const what = `${label(k)} ×${got.length} (${got.map((x) => `${x.mid.slice(0, 8)} at ${secs(x)}`).join(', ')})`;
      if (verdict === 'redelivered') {
        row.redelivered++;
        redelivered.push(what);
      } else {
        row.duplicated++;
        duplicates.push(what);
      }
    }
    return {
      byKind,
      redelivered,
      missing: [...copies].filter(([, got]) => got.length === 0).map(([k]) => label(k)),
      duplicates,
      unexpected,
      unsent: outbox
        .filter((r) => byCaseId.has(r.proposal_id) && r.status !== 'sent')
        .map((r) => `${byCaseId.get(r.proposal_id)!.number} ${r.kind} → ${r.recipient}: ${r.status}`),
      delivered: [...copies.values()].filter((got) => got.length > 0).length,
    };
  };
  try {
    let t = await tally();
    let lastLog = 0;
    while ((t.missing.length || t.unsent.length) && Date.now() - started < timeoutMs) {
      if (Date.now() - lastLog > 30000) {
        log(
          `mail: ${t.delivered}/${expected.size} delivered, ${t.unsent.length} outbox rows not yet sent; waiting…`,
        );
        lastLog = Date.now();
      }
      await dispatcher.signal('nudgeMail').catch(() => undefined);
      await sleep(5000);
      t = await tally();
    }
    // one more dispatcher pass after everything arrived: it must send nothing again
    await dispatcher.signal('nudgeMail').catch(() => undefined);
    await sleep(6000);
    t = await tally();
    return { expected: expected.size, ...t, waitedMs: Date.now() - started };
  } finally {
    await connection.close();
  }
}
