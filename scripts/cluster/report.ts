import type { DriveResult } from './drive';
import { EXPECTED, type CaseCheck, type MailCheck } from './verify';

export interface KillRecord {
  what: string;
  /** When the SIGKILL was sent (ms). */
  at: number;
  pid: number;
  atCase: number;
  total: number;
  /** Time from the SIGKILL to the restart, and from the restart to the process serving again. */
  downMs: number;
  restartMs: number;
  error?: string;
}

const pad = (s: string | number, n: number) => String(s).padEnd(n);
const lpad = (s: string | number, n: number) => String(s).padStart(n);
const secs = (ms: number) => `${(ms / 1000).toFixed(ms < 10000 ? 1 : 0)} s`;

function count<T>(items: T[], key: (t: T) => string | undefined): Map<string, number> {
  const m = new Map<string, number>();
  for (const i of items) {
    const k = key(i);
    if (k !== undefined) m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}

/** The summary printed at the end of `npm run test:cluster`; returns the lines. */
export function summary(o: {
  versions: { temporal: string; postgres: string };
  /** What ran, one line each (topology, namespace). */
  setup: string[];
  drive: DriveResult;
  concurrency: number;
  checks: CaseCheck[];
  mail: MailCheck;
  kills: KillRecord[];
  timings: [string, number][];
  problems: string[];
}): string[] {
  const { drive, checks, mail } = o;
  const L: string[] = [];
  const rule = '─'.repeat(86);
  L.push(
    '',
    rule,
    `办理 Banli on a real Temporal cluster — Temporal ${o.versions.temporal}, ${o.versions.postgres}, MariaDB`,
    rule,
    ...o.setup,
  );
  const viaApi = count(drive.cases, (c) => `api-${c.api + 1}`);
  const retried = drive.cases.filter((c) => c.retried.length).length;
  L.push(
    `cases: ${drive.cases.length} registered → filed → assigned → signed for → contact → draft → signed off → replied`,
    `       ${[...viaApi].map(([k, n]) => `${n} via ${k}`).join(', ')}; ${o.concurrency} in flight; ` +
      `${drive.cases.filter((c) => c.done).length} completed, ${retried} needed a step repeated after a failure`,
  );
  const ms = drive.cases
    .filter((c) => c.done)
    .map((c) => c.ms)
    .sort((a, b) => a - b);
  const pct = (p: number) => (ms.length ? secs(ms[Math.min(ms.length - 1, Math.floor(p * ms.length))]) : '-');
  L.push(`       one case end to end (8 calls): median ${pct(0.5)}, p95 ${pct(0.95)}, max ${pct(1)}`);
  const failures = Object.entries(drive.failures).sort((a, b) => b[1] - a[1]);
  if (failures.length)
    L.push(`       failed calls recovered from: ${failures.map(([k, n]) => `${k} ×${n}`).join('; ')}`);

  L.push(
    '',
    `${pad('stage', 34)}${lpad('expected', 9)}${lpad('Temporal query', 16)}${lpad('visibility', 12)}${lpad('MySQL', 8)}`,
  );
  const sources = {
    caseT: count(checks, (c) => c.temporal?.caseStage),
    caseM: count(checks, (c) => c.mysql?.caseStage),
    unitT: count(checks, (c) => c.temporal?.unitStage),
    unitV: count(checks, (c) => c.temporal?.visibilityStage),
    unitM: count(checks, (c) => c.mysql?.unitStage),
  };
  const n = drive.cases.length;
  for (const s of new Set([EXPECTED.caseStage, ...sources.caseT.keys(), ...sources.caseM.keys()]))
    L.push(
      `${pad(`case stage ${s}`, 34)}${lpad(s === EXPECTED.caseStage ? n : 0, 9)}${lpad(sources.caseT.get(s) ?? 0, 16)}${lpad('—', 12)}${lpad(sources.caseM.get(s) ?? 0, 8)}`,
    );
  for (const s of new Set([
    EXPECTED.unitStage,
    ...sources.unitT.keys(),
    ...sources.unitV.keys(),
    ...sources.unitM.keys(),
  ]))
    L.push(
      `${pad(`unit stage ${s}`, 34)}${lpad(s === EXPECTED.unitStage ? n : 0, 9)}${lpad(sources.unitT.get(s) ?? 0, 16)}${lpad(sources.unitV.get(s) ?? 0, 12)}${lpad(sources.unitM.get(s) ?? 0, 8)}`,
    );
  const seqSame = checks.filter((c) => c.temporal && c.mysql && c.temporal.seq === c.mysql.seq).length;
  L.push(
    `${pad('read model caught up (seq equal)', 34)}${lpad(n, 9)}${lpad(seqSame, 16)}${lpad('', 12)}${lpad(seqSame, 8)}`,
  );

  L.push(
    '',
    `${pad('mail', 24)}${lpad('expected', 9)}${lpad('delivered', 11)}${lpad('re-sent*', 10)}${lpad('duplicates', 12)}${lpad('missing', 9)}`,
  );
  const tot = { expected: 0, delivered: 0, redelivered: 0, duplicated: 0 };
  for (const [kind, k] of Object.entries(mail.byKind)) {
    for (const f of Object.keys(tot) as (keyof typeof tot)[]) tot[f] += k[f];
    L.push(
      `${pad(kind, 24)}${lpad(k.expected, 9)}${lpad(k.delivered, 11)}${lpad(k.redelivered, 10)}${lpad(k.duplicated, 12)}${lpad(k.expected - k.delivered, 9)}`,
    );
  }
  L.push(
    `${pad('total', 24)}${lpad(tot.expected, 9)}${lpad(tot.delivered, 11)}${lpad(tot.redelivered, 10)}${lpad(tot.duplicated, 12)}${lpad(tot.expected - tot.delivered, 9)}`,
    `unexpected mails: ${mail.unexpected.length}; outbox rows not sent: ${mail.unsent.length}; all mail settled ${secs(mail.waitedMs)} after the drive`,
    '* re-sent: a second copy with the same Message-ID, first copy on the relay as a worker was SIGKILLed',
    '  (it died before marking the row sent; the row went out again when its lease expired: the',
    '  at-least-once window of libs/mail/src/outbox.ts). Any other second copy counts as a duplicate.',
  );
  for (const r of mail.redelivered) L.push(`  re-sent: ${r}`);

  L.push('', 'kills (SIGKILL, then restart):');
  for (const k of o.kills)
    L.push(
      `  ${pad(k.what, 20)} pid ${pad(k.pid, 8)} at case ${k.atCase}/${k.total}, down ${secs(k.downMs)}, back in ${secs(k.restartMs)}${k.error ? `  FAILED: ${k.error}` : ''}`,
    );
  if (!o.kills.length) L.push('  none');

  L.push('', `durations: ${o.timings.map(([k, ms]) => `${k} ${secs(ms)}`).join(', ')}`);
  const total = o.timings.reduce((a, [, ms]) => a + ms, 0);
  L.push(`           total ${secs(total)}`);
  L.push('', o.problems.length ? `RESULT: FAIL (${o.problems.length} problem(s))` : 'RESULT: PASS', rule);
  for (const p of o.problems.slice(0, 40)) L.push(`  - ${p}`);
  if (o.problems.length > 40) L.push(`  … and ${o.problems.length - 40} more`);
  return L;
}
