import { createConnection } from 'mysql2/promise';
import { loadConfig } from '@banli/config';
import { call, CaseRecord, drive, DriveResult, MAIL_DOMAIN, must } from '../cluster/drive';
import { checkCases, checkMail, CaseCheck, expectedMails, MailCheck } from '../cluster/verify';
import { Api } from '../bench/api';
import { createDrill, DrillClock } from '../bench/drill';
import { sleep } from '../bench/stats';
import type { BenchStack } from '../bench/stack';
import type { MailCatcher } from '../stack/mail-catcher';

/**
 * The fault part of the soak: cases whose reminders and escalations fall due while the worker is
 * SIGKILLed again and again, the Temporal server restarts on its file, MariaDB stops and starts and
 * the SMTP relay refuses every message for two minutes. Then every case is read back from Temporal
 * and MySQL, every mail its history implies is counted at the relay, and the audit trail is checked
 * for gaps.
 */

export const JURISDICTION = 'soak-drill';
const POLICY = 'soak-drill';

export interface FaultPlan {
  cases: number;
  concurrency: number;
  units: number;
  workerKills: number;
  /** Seconds between faults. */
  gapSeconds: number;
  smtpRefuseSeconds: number;
  /** The drill's clocks: minutes from assignment, reminders in minutes before. */
  clocks: Record<'signFor' | 'mainReply', DrillClock>;
}

export const PLANS: Record<'quick' | 'full', FaultPlan> = {
  quick: {
    cases: 100,
    concurrency: 20,
    units: 5,
    workerKills: 10,
    gapSeconds: 5,
    smtpRefuseSeconds: 120,
    clocks: { signFor: { minutes: 2, reminders: [1] }, mainReply: { minutes: 2, reminders: [1] } },
  },
  full: {
    cases: 500,
    concurrency: 10,
    units: 10,
    workerKills: 20,
    gapSeconds: 12,
    smtpRefuseSeconds: 120,
    clocks: { signFor: { minutes: 4, reminders: [2] }, mainReply: { minutes: 6, reminders: [2] } },
  },
};

export interface InjectedFault {
  kind: 'workerKill' | 'temporalRestart' | 'mariadbRestart' | 'smtpRefusing';
  at: number;
  /** How long the part was away (ms). */
  downMs: number;
}

export interface TimerTally {
  reminders: number;
  escalations: number;
  /** Reminders the workflow skipped because their deadline had passed by the time it fired. */
  superseded: string[];
}

export interface FaultResult {
  faults: InjectedFault[];
  drive: DriveResult;
  cases: CaseCheck[];
  mail: MailCheck;
  timers: TimerTally;
  transitions: number;
  auditGaps: string[];
  seconds: number;
}

/** Where a case stops, the stages it is then at, and how many of the reply path's mails it sent. */
const STOPS = {
  reply: { caseStage: 'ASSIGNED', unitStage: 'FEEDBACK_PENDING', mails: 5 },
  assign: { caseStage: 'ASSIGNED', unitStage: 'ASSIGNED', mails: 1 },
  signFor: { caseStage: 'ASSIGNED', unitStage: 'RECEIVED', mails: 1 },
} as const;
type Stop = keyof typeof STOPS;

/** Where each case stops: a third replies, a third is never signed for, a third is signed for only. */
export function stopAfter(i: number): Stop {
  return (['reply', 'assign', 'signFor'] as const)[i % 3];
}

const stopOf = (c: CaseRecord): Stop => (c.stopAfter as Stop | undefined) ?? 'reply';

/** Runs the fault plan in order, one fault at a time, while the drive goes on. */
async function injectFaults(
  stack: BenchStack,
  catcher: MailCatcher,
  plan: FaultPlan,
  log: (s: string) => void,
  faults: InjectedFault[],
) {
  const steps: InjectedFault['kind'][] = [];
  for (let k = 0; k < plan.workerKills; k++) {
    steps.push('workerKill');
    if (k === 1) steps.push('temporalRestart');
    if (k === 4) steps.push('mariadbRestart');
  }
  // the relay refuses every message for a while, beside the other faults
  const refused = (async () => {
    await sleep(plan.gapSeconds * 1000);
    const at = Date.now();
    catcher.tempFail = true;
    log(`fault: SMTP relay refuses every message for ${plan.smtpRefuseSeconds} s`);
    await sleep(plan.smtpRefuseSeconds * 1000);
    catcher.tempFail = false;
    faults.push({ kind: 'smtpRefusing', at, downMs: Date.now() - at });
    log('fault over: SMTP relay accepts again');
  })();
  for (const kind of steps) {
    await sleep(plan.gapSeconds * 1000 * (0.5 + Math.random()));
    const at = Date.now();
    if (kind === 'workerKill') {
      const pid = stack.worker.child.pid!;
      process.kill(-pid, 'SIGKILL');
      await new Promise<void>((r) =>
        stack.worker.child.exitCode !== null || stack.worker.child.signalCode !== null
          ? r()
          : stack.worker.child.once('exit', () => r()),
      );
      await sleep(1000 + Math.random() * 2000);
      await stack.startWorker();
    } else if (kind === 'temporalRestart') {
      await stack.restartTemporal();
    } else {
      await stack.stopMariaDb();
      await sleep(10_000);
      await stack.startMariaDb();
    }
    faults.push({ kind, at, downMs: Date.now() - at });
    log(
      `fault ${faults.filter((f) => f.kind !== 'smtpRefusing').length}/${steps.length}: ${kind}, back after ${Math.round((Date.now() - at) / 1000)} s`,
    );
  }
  await refused;
}

interface Deadline {
  dueAt: string;
  armedAt: string;
  open: boolean;
  closedAt?: string;
  firedReminders: number[];
  expiredFor?: string;
  reminderOffsetsDays: number[];
}

/**
 * The timer mails a case's deadlines imply, as its workflow records them: a reminder whose instant
 * came after the deadline was armed and before it closed; an escalation when the due instant came
 * before it closed. A reminder is superseded, not owed, when the workflow ran no timer pass between
 * its instant and the due instant (the timer fired late, e.g. while the server restarted, and the
 * escalation said it all): `timerPasses` are the instants of the case's `timers` audit events.
 */
export function timerMails(c: CaseRecord, state: any, now: number, timerPasses: number[], tally: TimerTally) {
  const out: { kind: string; to: string }[] = [];
  const unit = state?.units?.find((u: any) => u.unitId === c.unit.id);
  for (const clock of ['signFor', 'mainReply'] as const) {
    const d: Deadline | undefined = unit?.deadlines?.[clock];
    if (!d) continue;
    const due = Date.parse(d.dueAt);
    const end = d.closedAt ? Date.parse(d.closedAt) : now;
    for (const offset of d.reminderOffsetsDays) {
      const at = due - offset * 86_400_000;
      if (at <= Date.parse(d.armedAt) || at >= end) continue;
      const minutes = Math.round(offset * 1440);
      const kind = `${clock === 'signFor' ? 'signForReminder' : 'deadlineReminder'}.${minutes}m.${clock}`;
      if (!timerPasses.some((t) => t >= at - 1 && t < Math.min(due, end))) {
        tally.superseded.push(`${c.number} ${kind}`);
        continue;
      }
      out.push({ kind, to: c.unit.contactEmail });
      tally.reminders++;
    }
    if (due < end) {
      out.push({ kind: `overdue.${clock}`, to: c.unit.leaderEmail });
      tally.escalations++;
    }
  }
  return out;
}

export async function runFaults(
  stack: BenchStack,
  catcher: MailCatcher,
  plan: FaultPlan,
  log: (s: string) => void,
  /** Runs once the faults are over, while the last deadlines fall due (the soak's load part). */
  meanwhile?: () => Promise<void>,
): Promise<FaultResult> {
  const t0 = Date.now();
  const admin = await new Api(stack.apiUrl).login(stack.admin.username, stack.admin.password);
  await createDrill(admin, {
    policy: POLICY,
    jurisdiction: JURISDICTION,
    clocks: plan.clocks,
  });
  log(
    `drill policy: sign-for ${plan.clocks.signFor.minutes} min (reminders ${plan.clocks.signFor.reminders} min before), ` +
      `main reply ${plan.clocks.mainReply.minutes} min (reminders ${plan.clocks.mainReply.reminders} min before)`,
  );

  const faults: InjectedFault[] = [];
  const injecting = injectFaults(stack, catcher, plan, log, faults);
  const driven = await drive({
    apiUrls: [stack.apiUrl],
    admin: stack.admin,
    count: plan.cases,
    concurrency: plan.concurrency,
    units: plan.units,
    jurisdiction: JURISDICTION,
    stopAfter,
    log,
  });
  await injecting;
  const failed = driven.cases.filter((c) => !c.done);
  if (failed.length) log(`${failed.length} case(s) could not be driven: ${failed[0].error}`);

  // every clock of every case falls due before the checks start
  const states = await caseStates(stack.apiUrl, driven);
  const lastDue =
    Math.max(
      Date.now(),
      ...[...states.values()].flatMap((s) =>
        (s?.units ?? []).flatMap((u: any) =>
          (['signFor', 'mainReply'] as const)
            .map((k) => u.deadlines?.[k])
            .filter((d: Deadline | undefined) => d?.open)
            .map((d: Deadline) => Date.parse(d.dueAt)),
        ),
      ),
    ) + 15_000;
  if (meanwhile) await meanwhile();
  if (Date.now() < lastDue) {
    log(`waiting ${Math.round((lastDue - Date.now()) / 1000)} s for the last deadlines to fall due`);
    await sleep(lastDue - Date.now());
  }

  const env = stack.env;
  const cfg = loadConfig(env);
  const db = {
    host: cfg.db.host,
    port: cfg.db.port,
    user: cfg.db.user,
    password: cfg.db.password,
    database: cfg.db.database,
  };
  const temporal = {
    address: stack.temporalAddress,
    namespace: env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue: env.TEMPORAL_TASK_QUEUE ?? 'banli-cases',
  };
  const cases = await checkCases(driven.cases, temporal, db, 180_000, (c) => STOPS[stopOf(c)]);

  // the mails each case's history implies, from its own state (deadlines armed, closed, fired)
  const timers: TimerTally = { reminders: 0, escalations: 0, superseded: [] };
  const now = Date.now();
  const implied = new Map<CaseRecord, { kind: string; to: string }[]>();
  const settled = await caseStates(stack.apiUrl, driven);
  const passes = await timerPasses(db, driven.cases);
  for (const c of driven.cases) {
    const base = expectedMails(c).slice(0, STOPS[stopOf(c)].mails);
    implied.set(c, [...base, ...timerMails(c, settled.get(c), now, passes.get(c.id!) ?? [], timers)]);
  }
  const workerKills = faults.filter((f) => f.kind === 'workerKill').map((f) => f.at);
  const mail = await checkMail(
    driven.cases,
    catcher,
    temporal,
    db,
    log,
    300_000,
    workerKills,
    (c) => implied.get(c) ?? [],
    // the load part's cases mail their own addresses
    (m) => m.envelope.to.some((to) => to.endsWith(`@${MAIL_DOMAIN}`)),
  );
  const audit = await auditTrail(db, driven.cases);
  return {
    faults,
    drive: driven,
    cases,
    mail,
    timers,
    transitions: audit.transitions,
    auditGaps: audit.gaps,
    seconds: Math.round((Date.now() - t0) / 1000),
  };
}

/** Each case's state as its workflow holds it (GET /proposals/:id/state as the office). */
async function caseStates(api: string, driven: DriveResult): Promise<Map<CaseRecord, any>> {
  const out = new Map<CaseRecord, any>();
  for (const c of driven.cases) {
    if (!c.id) continue;
    const r = await must(
      call(api, 'GET', `/proposals/${c.id}/state`, driven.officeToken),
      `state of ${c.number}`,
    );
    out.set(c, r.state);
  }
  return out;
}

type Db = { host: string; port: number; user: string; password: string; database: string };

/** The instants of each case's timer passes (its `timers` audit events), by case id. */
async function timerPasses(db: Db, cases: CaseRecord[]): Promise<Map<string, number[]>> {
  const conn = await createConnection({ ...db, timezone: 'Z' });
  try {
    const [rows] = (await conn.query(
      "SELECT proposal_id, `at` FROM audit_event WHERE action = 'timers' AND proposal_id IN (?)",
      [cases.filter((c) => c.id).map((c) => c.id!)],
    )) as any[];
    const out = new Map<string, number[]>();
    for (const r of rows) {
      const list = out.get(r.proposal_id) ?? [];
      list.push(new Date(r.at).getTime());
      out.set(r.proposal_id, list);
    }
    return out;
  } finally {
    await conn.end();
  }
}

/** Transitions projected, and cases whose audit trail is not exactly 0..last_seq. */
async function auditTrail(db: Db, cases: CaseRecord[]) {
  const conn = await createConnection({ ...db, timezone: 'Z' });
  try {
    const ids = cases.filter((c) => c.id).map((c) => c.id!);
    const [rows] = (await conn.query(
      `SELECT p.id, p.last_seq, COUNT(DISTINCT a.seq) AS n, MIN(a.seq) AS lo, MAX(a.seq) AS hi
         FROM proposal p LEFT JOIN audit_event a ON a.proposal_id = p.id
        WHERE p.id IN (?) GROUP BY p.id, p.last_seq`,
      [ids],
    )) as any[];
    const byId = new Map(cases.map((c) => [c.id, c.number]));
    const gaps: string[] = [];
    let transitions = 0;
    for (const r of rows) {
      const last = Number(r.last_seq);
      transitions += Number(r.n);
      // registration is seq 0, every transition after it one more
      if (Number(r.n) !== last + 1 || Number(r.lo) !== 0 || Number(r.hi) !== last)
        gaps.push(`${byId.get(r.id)}: audit seq ${r.lo}..${r.hi} (${r.n} rows), last_seq ${last}`);
    }
    if (rows.length !== ids.length) gaps.push(`${ids.length - rows.length} case(s) without a proposal row`);
    return { transitions, gaps };
  } finally {
    await conn.end();
  }
}
