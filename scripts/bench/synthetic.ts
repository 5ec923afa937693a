import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CONTACT_METHODS, createShippedCalendar, REPORT_METRICS as M, shanghaiDateOf } from '@banli/domain';

/**
 * Synthetic history written straight into the projection tables (multi-row INSERTs), shaped like
 * a national office's: 200 units of very different weight (a few ministries handle most), ten
 * years of sessions of which the last is still being handled, 65% sole / 10% separate / 25% joint
 * (a lead and one or two co-handlers), a reply, a rating and a reply class for every replying unit
 * of a closed case, 5% of first replies late, 2% key cases; in the current session (assigned 10 to
 * 160 days ago) units reply as their three months run out, 5% of them late past the due date, and
 * 3% have not signed for. Counts grow in place: 10k, then 100k, then 1M assignments.
 */
export const SYN_JURISDICTION = 'cn-national';
/** Terms far from the intake's (14, 15): the synthetic history never meets a live case's key. */
const FIRST_TERM = 40;
const YEARS = 10;
const UNITS = 200;
const DAY = 86_400_000;
const BATCH = 500;
/** The calendar the synthetic spans are counted on (the shipped State Council notices). */
const CALENDAR = createShippedCalendar();

export interface SyntheticState {
  units: string[];
  /** Cumulative weights of the units (Zipf-like: unit k weighs 1/(k+1)^0.8). */
  weights: number[];
  proposals: number;
  assignments: number;
  deadlines: number;
  replies: number;
  feedback: number;
  insertSeconds: number;
}

/** Deterministic pseudo-random numbers (mulberry32), so every run writes the same shape. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
/** A DATETIME(3) literal of an instant (UTC, as the projection stores it). */
const dt = (ms: number) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
};
const q = (v: string | number | null) =>
  v === null
    ? 'NULL'
    : typeof v === 'number'
      ? String(v)
      : `'${v.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
/** The last instant of a Beijing day (24:00 +08:00) at or after `ms`. */
const endOfDay = (ms: number) => Math.ceil((ms + 8 * 3600_000) / DAY) * DAY - 8 * 3600_000;

export async function createSyntheticUnits(ds: DataSource): Promise<SyntheticState> {
  const units = Array.from({ length: UNITS }, () => randomUUID());
  const rows = units.map(
    (id, k) =>
      `(${q(id)}, ${q(`syn-u${k + 1}`)}, ${q(`合成承办单位${k + 1}`)}, ${q(`syn${k + 1}@bench.banli.test`)}, ${q(`syn-leader${k + 1}@bench.banli.test`)})`,
  );
  await ds.query(`INSERT INTO unit (id, code, name, contact_email, leader_email) VALUES ${rows.join(',')}`);
  let sum = 0;
  const weights = units.map((_, k) => (sum += 1 / (k + 1) ** 0.8));
  return {
    units,
    weights: weights.map((w) => w / sum),
    proposals: 0,
    assignments: 0,
    deadlines: 0,
    replies: 0,
    feedback: 0,
    insertSeconds: 0,
  };
}

/** Adds synthetic cases until the projection holds at least `target` synthetic assignments. */
export async function growSynthetic(ds: DataSource, s: SyntheticState, target: number, nowMs: number) {
  const t0 = Date.now();
  const rand = rng(s.proposals + 1);
  const pickUnit = () => {
    const r = rand();
    let lo = 0;
    let hi = s.weights.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (s.weights[mid] < r) lo = mid + 1;
      else hi = mid;
    }
    return s.units[lo];
  };
  const yearStart = (y: number) => nowMs - (YEARS - y) * 365 * DAY;
  // what the projection would keep in report_fact for these cases (reportFactsOf's counts),
  // written once the batches are in (two batches adding to the same sums would deadlock)
  const facts = new Map<string, number>();
  // two batches in flight: one is generated while the other is written
  const inFlight: Promise<void>[] = [];
  while (s.assignments < target) {
    const P: string[] = [];
    const A: string[] = [];
    const D: string[] = [];
    const R: string[] = [];
    const F: string[] = [];
    for (let b = 0; b < BATCH && s.assignments < target; b++) {
      const seq = ++s.proposals;
      // the year of the session: spread evenly; the last year is the current session, still open
      const year = Math.min(YEARS - 1, Math.floor(rand() * YEARS));
      const current = year === YEARS - 1;
      const assignedAt = current ? nowMs - (10 + rand() * 150) * DAY : yearStart(year) + rand() * 60 * DAY;
      const id = randomUUID();
      const keyCase = rand() < 0.02 ? 1 : 0;
      const m = rand();
      const mode = m < 0.65 ? 'sole' : m < 0.75 ? 'separate' : 'joint';
      const picked = new Set<string>();
      const want = mode === 'sole' ? 1 : mode === 'separate' ? 2 : 2 + (rand() < 0.5 ? 1 : 0);
      while (picked.size < want) picked.add(pickUnit());
      const units = [...picked];
      // a case of the current session: some closed already, the rest still being handled
      const closedCase = !current || rand() < 0.3;
      const term = FIRST_TERM + Math.floor(year / 5);
      const session = (year % 5) + 1;
      let nextDue: number | null = null;
      units.forEach((unitId, k) => {
        const role = mode === 'joint' ? (k === 0 ? 'lead' : 'co') : mode;
        const replying = role !== 'co';
        const received = assignedAt + rand() * 5 * DAY;
        const signForDue = endOfDay(assignedAt + 4 * DAY);
        const mainDue = endOfDay(assignedAt + (role === 'co' ? 30 : 91) * DAY);
        // in the open session: units reply as the three months run out; 5% are late past them
        const age = (nowMs - assignedAt) / DAY;
        const done = closedCase || rand() < (age > 91 ? 0.95 : (0.8 * age) / 91);
        const signed = done || rand() < (age > 4 ? 0.97 : 0.5);
        const repliedAt = done ? received + (15 + rand() * 80) * DAY : null;
        const late = repliedAt === null ? null : rand() < 0.05 ? 1 : 0;
        const stage = closedCase
          ? 'CLOSED'
          : done
            ? replying
              ? 'FEEDBACK_PENDING'
              : 'OPINION_SENT'
            : signed
              ? 'IN_PROGRESS'
              : 'ASSIGNED';
        const methods = replying && repliedAt !== null ? CONTACT_METHODS.filter(() => rand() < 0.35) : [];
        const aid = randomUUID();
        const round = rand() < 0.03 ? 2 : 1;
        A.push(
          `(${q(aid)}, ${q(id)}, ${q(unitId)}, ${q(mode)}, ${q(role)}, ${q(stage)}, 1, ${q(dt(assignedAt))}, ${signed ? q(dt(received)) : 'NULL'}, ${round}, ${repliedAt === null ? 'NULL' : q(dt(repliedAt))}, ${repliedAt === null ? 'NULL' : q(dt(repliedAt))}, ${late === null ? 'NULL' : late}, ${q(methods.join(','))}, ${rand() < 0.05 ? 1 : 0})`,
        );
        const assignedDay = shanghaiDateOf(new Date(assignedAt).toISOString());
        const fact = (metric: string, bucket = 0) => {
          const k = [term, session, keyCase, unitId, assignedDay.slice(0, 7), metric, bucket].join('|');
          facts.set(k, (facts.get(k) ?? 0) + 1);
        };
        const span = (to: number) =>
          CALENDAR.workingDaysBetween(assignedDay, shanghaiDateOf(new Date(to).toISOString()));
        if (signed) fact(M.signDays, span(received));
        if (replying) {
          fact(M.assigned);
          if (closedCase) fact(M.closed);
          if (round > 1) fact(M.rehandled);
          if (repliedAt !== null) {
            fact(M.replied);
            fact(M.replyDays, span(repliedAt));
            if (late === 0) fact(M.onTime);
          }
          if (methods.length) fact(M.contacted);
          for (const m of methods) fact(M.method + m);
        }
        s.assignments++;
        const dl = (clock: string, kind: string, due: number, status: string) => {
          D.push(
            `(${q(randomUUID())}, ${q(id)}, ${q(unitId)}, ${q(clock)}, ${q(kind)}, ${q(dt(due))}, ${q(`${clock} 合成期限`)}, ${q(status)}, ${keyCase}, ${q(stage)})`,
          );
          s.deadlines++;
          if (kind === 'duty' && status === 'open') nextDue = nextDue === null ? due : Math.min(nextDue, due);
        };
        dl('signFor', 'duty', signForDue, signed ? 'closed' : 'open');
        dl(replying ? 'mainReply' : 'coOpinion', 'duty', mainDue, done ? 'closed' : 'open');
        if (replying && repliedAt !== null) {
          dl('feedbackWindow', 'window', endOfDay(repliedAt + 21 * DAY), closedCase ? 'closed' : 'open');
          const r = rand();
          const cls = r < 0.4 ? 'A' : r < 0.75 ? 'B' : r < 0.9 ? 'C' : 'D';
          fact(M.replyClass + cls);
          R.push(
            `(${q(randomUUID())}, ${q(id)}, ${q(unitId)}, 'reply', 1, ${q(cls)}, '答复全文（合成）', ${late ?? 0}, ${q(dt(repliedAt))})`,
          );
          s.replies++;
          if (closedCase) {
            const f = rand();
            const rating =
              f < 0.8
                ? 'satisfied'
                : f < 0.95
                  ? 'basicallySatisfied'
                  : f < 0.98
                    ? 'dissatisfied'
                    : 'noAnswer';
            fact(M.firstRating + rating);
            fact(M.finalRating + rating);
            F.push(
              `(${q(randomUUID())}, ${q(id)}, ${q(unitId)}, ${q(randomUUID())}, 1, ${q(rating)}, ${q(dt(repliedAt + 10 * DAY))}, 1)`,
            );
            s.feedback++;
          }
        }
      });
      P.push(
        `(${q(id)}, ${q(`proposal:${SYN_JURISDICTION}:npc:${term}-${session}:S${seq}`)}, ${q(SYN_JURISDICTION)}, 'npc', ${term}, ${session}, ${q(`S${seq}`)}, 1, ${q(`关于第${seq}号事项的建议（合成）`)}, ${keyCase}, ${q(closedCase ? 'CLOSED' : 'ASSIGNED')}, ${q(SYN_JURISDICTION)}, 1, ${q(dt(assignedAt - 5 * DAY))}, ${closedCase ? q(dt(assignedAt + 200 * DAY)) : 'NULL'}, ${nextDue === null ? 'NULL' : q(dt(nextDue))}, 1)`,
      );
    }
    inFlight.push(writeBatch(ds, P, A, D, R, F));
    if (inFlight.length >= 2) await inFlight.shift();
  }
  await Promise.all(inFlight);
  const K = [...facts].map(([k, n]) => {
    const [term, session, keyCase, unitId, month, metric, bucket] = k.split('|');
    return `(${q(SYN_JURISDICTION)}, 'npc', ${term}, ${session}, ${keyCase}, ${q(unitId)}, ${q(month)}, ${q(metric)}, ${bucket}, ${n})`;
  });
  for (let i = 0; i < K.length; i += 2000)
    await ds.query(
      `INSERT INTO report_fact (jurisdiction, channel, term, session, key_case, unit_id, month, metric, bucket, n) VALUES ${K.slice(i, i + 2000).join(',')} ON DUPLICATE KEY UPDATE n = n + VALUES(n)`,
    );
  // and report_total, their sum over sessions and months, as the projection keeps it beside them
  const totals = new Map<string, number>();
  for (const [k, n] of facts) {
    const [, , keyCase, unitId, , metric, bucket] = k.split('|');
    const t = [unitId, metric, bucket, keyCase].join('|');
    totals.set(t, (totals.get(t) ?? 0) + n);
  }
  const T = [...totals].map(([k, n]) => {
    const [unitId, metric, bucket, keyCase] = k.split('|');
    return `(${q(unitId)}, ${q(metric)}, ${bucket}, ${keyCase}, ${q(SYN_JURISDICTION)}, 'npc', ${n})`;
  });
  for (let i = 0; i < T.length; i += 2000)
    await ds.query(
      `INSERT INTO report_total (unit_id, metric, bucket, key_case, jurisdiction, channel, n) VALUES ${T.slice(i, i + 2000).join(',')} ON DUPLICATE KEY UPDATE n = n + VALUES(n)`,
    );
  await ds.query('ANALYZE TABLE proposal, assignment, deadline, reply, feedback, report_fact, report_total');
  s.insertSeconds += (Date.now() - t0) / 1000;
}

async function writeBatch(ds: DataSource, P: string[], A: string[], D: string[], R: string[], F: string[]) {
  await ds.query(
    `INSERT INTO proposal (id, workflow_id, jurisdiction, channel, term, session, number, during_session, title, key_case, stage, policy_id, policy_version, registered_at, closed_at, next_due_at, version) VALUES ${P.join(',')}`,
  );
  await ds.query(
    `INSERT INTO assignment (id, proposal_id, unit_id, mode, role, stage, active, assigned_at, received_at, round, first_replied_at, last_replied_at, first_reply_late, contact_methods, urge_count) VALUES ${A.join(',')}`,
  );
  await ds.query(
    `INSERT INTO deadline (id, proposal_id, scope, clock, kind, due_at, summary, status, key_case, unit_stage) VALUES ${D.join(',')}`,
  );
  if (R.length)
    await ds.query(
      `INSERT INTO reply (id, proposal_id, unit_id, kind, round, reply_class, text, late, replied_at) VALUES ${R.join(',')}`,
    );
  if (F.length)
    await ds.query(
      `INSERT INTO feedback (id, proposal_id, unit_id, party_id, round, rating, rated_at, final) VALUES ${F.join(',')}`,
    );
}
