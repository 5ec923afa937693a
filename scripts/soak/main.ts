/**
 * `npm run soak [-- --quick] [--parts=faults,fuzz,load]`: Banli under faults, hostile input and load,
 * on its own private stack (MariaDB, a Temporal dev server on a file, the SMTP catcher in this
 * process, one API and one worker on free ports). Prints one table and writes it with the details
 * to .data/soak/. Exits 1 when anything was lost, sent twice or answered 5xx.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startBenchStack } from '../bench/stack';
import { MailCatcher } from '../stack/mail-catcher';
import { freePort, stopAll } from '../stack/proc';
import { ROOT } from '../stack/temporal';
import { FaultResult, PLANS, runFaults } from './faults';
import type { FuzzResult } from './fuzz';
import { renderLoad, type LoadResult } from './load';

const PARTS = ['faults', 'fuzz', 'load'] as const;
type Part = (typeof PARTS)[number];

function parseArgs(argv: string[]) {
  const quick = argv.includes('--quick');
  const parts = argv.find((a) => a.startsWith('--parts='));
  const chosen = parts ? parts.slice('--parts='.length).split(',') : [...PARTS];
  const unknown = chosen.filter((p) => !(PARTS as readonly string[]).includes(p));
  if (unknown.length) throw new Error(`unknown part(s) ${unknown.join(', ')}; parts are ${PARTS.join(', ')}`);
  return { quick, parts: chosen as Part[] };
}

interface Row {
  check: string;
  figure: string;
  ok: boolean;
}

function faultRows(f: FaultResult): Row[] {
  const count = (k: string) => f.faults.filter((x) => x.kind === k).length;
  const lostCases = f.cases.filter((c) => c.problems.length > 0);
  const m = f.mail;
  return [
    {
      check: 'faults injected',
      figure:
        `worker SIGKILL ×${count('workerKill')}, Temporal restart ×${count('temporalRestart')}, ` +
        `MariaDB stop/start ×${count('mariadbRestart')}, SMTP refusing ${Math.round(
          f.faults.filter((x) => x.kind === 'smtpRefusing').reduce((a, x) => a + x.downMs, 0) / 1000,
        )} s`,
      ok: count('workerKill') >= 10 && count('temporalRestart') >= 1 && count('mariadbRestart') >= 1,
    },
    {
      check: 'cases checked (Temporal = MySQL = expected stage)',
      figure: `${f.cases.length - lostCases.length}/${f.cases.length}`,
      ok: lostCases.length === 0,
    },
    { check: 'transitions (audit rows)', figure: String(f.transitions), ok: f.transitions > 0 },
    {
      check: 'audit trail gaps',
      figure: String(f.auditGaps.length),
      ok: f.auditGaps.length === 0,
    },
    {
      check: 'timers due (reminders / escalations)',
      figure: `${f.timers.reminders} / ${f.timers.escalations} (${f.timers.superseded.length} reminders superseded: no timer pass between reminder and due instant)`,
      ok: f.timers.escalations > 0 && f.timers.reminders > 0,
    },
    {
      check: 'mails expected / sent / duplicated',
      figure: `${m.expected} / ${m.delivered} / ${m.duplicates.length} (re-sent in a kill window: ${m.redelivered.length})`,
      ok: m.duplicates.length === 0 && m.delivered === m.expected,
    },
    {
      check: 'losses (missing mails, unsent rows, unexpected mails, lost cases)',
      figure: String(m.missing.length + m.unsent.length + m.unexpected.length + lostCases.length),
      ok: m.missing.length + m.unsent.length + m.unexpected.length + lostCases.length === 0,
    },
  ];
}

function fuzzRows(z: FuzzResult): Row[] {
  return [
    {
      check: 'fuzz: operations / requests',
      figure: `${z.operations} / ${z.requests} (${z.seconds} s)`,
      ok: z.operations > 0,
    },
    { check: 'fuzz: 5xx', figure: String(z.serverErrors), ok: z.serverErrors === 0 },
    { check: 'fuzz: undocumented status codes', figure: String(z.undocumented), ok: z.undocumented === 0 },
  ];
}

function loadRows(l: LoadResult): Row[] {
  return [
    {
      check: `load: ${l.connections} connections × ${l.seconds} s`,
      figure: `${l.requests} requests (${l.actions} actions), p50 ${l.p50} ms, p99 ${l.p99} ms`,
      ok: l.requests > 0,
    },
    {
      check: 'load: errors (non-2xx, timeouts, connection errors)',
      figure: `${l.errors} (non-2xx ${l.non2xx}, timeouts ${l.timeouts})`,
      ok: l.errors === 0 && l.non2xx === 0 && l.timeouts === 0,
    },
  ];
}

function table(rows: Row[]): string {
  const w = Math.max(...rows.map((r) => r.check.length));
  const lines = rows.map((r) => `${r.ok ? 'ok  ' : 'FAIL'}  ${r.check.padEnd(w)}  ${r.figure}`);
  return lines.join('\n');
}

async function main() {
  const { quick, parts } = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const work = path.join(ROOT, '.data', `soak-${process.pid}`);
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  for (const sig of ['SIGINT', 'SIGTERM'] as const)
    process.on(sig, () => {
      void stopAll().then(() => process.exit(130));
    });
  const log = (s: string) =>
    console.log(`[soak ${String(Math.round((Date.now() - started) / 1000)).padStart(4)} s] ${s}`);
  log(`${quick ? 'quick' : 'full'} run of ${parts.join(', ')}; work directory ${work}`);

  const catcher = new MailCatcher();
  const smtpPort = await freePort();
  await catcher.start(smtpPort);
  const stack = await startBenchStack(work, log, {
    smtpPort,
    temporalDbFile: path.join(work, 'temporal.sqlite'),
    mailFrom: '办理系统 <banli@soak.banli.test>',
    // a drill's pace: mail refused during the outage is retried after 10 s, 20 s, 40 s… (default 60 s)
    env: { MAIL_RETRY_BASE_SECONDS: '10' },
  });
  const rows: Row[] = [];
  const details: Record<string, unknown> = {};
  try {
    // load and fuzz run once the faults are over, while the fault run's last deadlines fall due and
    // its mail drains (timers fire under load); without the fault part, on their own
    let load: LoadResult | undefined;
    let fuzz: FuzzResult | undefined;
    const meanwhile = async () => {
      if (parts.includes('load')) {
        const { runLoad } = await import('./load');
        load = await runLoad({ apiUrl: stack.apiUrl, admin: stack.admin, work, quick, log });
      }
      if (parts.includes('fuzz')) {
        const { runFuzz } = await import('./fuzz');
        fuzz = await runFuzz({ apiUrl: stack.apiUrl, admin: stack.admin, work, quick, log });
      }
    };
    if (parts.includes('faults')) {
      const f = await runFaults(stack, catcher, PLANS[quick ? 'quick' : 'full'], log, meanwhile);
      rows.push(...faultRows(f));
      details.faults = {
        faults: f.faults,
        failures: f.drive.failures,
        problems: f.cases
          .filter((c) => c.problems.length)
          .map((c) => `${c.number}: ${c.problems.join('; ')}`),
        mail: { ...f.mail },
        superseded: f.timers.superseded,
        auditGaps: f.auditGaps,
        seconds: f.seconds,
      };
    } else await meanwhile();
    if (load) {
      rows.push(...loadRows(load));
      details.load = load;
    }
    if (fuzz) {
      rows.push(...fuzzRows(fuzz));
      details.fuzz = fuzz;
    }
  } finally {
    await stack.ds.destroy().catch(() => undefined);
    await stopAll();
    await catcher.stop();
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  const byRoute = details.load ? `\n${renderLoad(details.load as LoadResult)}\n` : '';
  const out = `\nBanli soak (${quick ? 'quick' : 'full'}), ${seconds} s on ${os.cpus().length} cores\n${byRoute}\n${table(rows)}\n`;
  console.log(out);
  const dir = path.join(ROOT, '.data', 'soak');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${quick ? 'quick' : 'full'}-${stamp}.json`);
  fs.writeFileSync(file, JSON.stringify({ quick, seconds, rows, details }, null, 2) + '\n');
  // the logs stay (the database's files do not)
  fs.rmSync(path.join(work, 'mariadb'), { recursive: true, force: true });
  log(`details in ${path.relative(ROOT, file)}; logs of the stack in ${path.relative(ROOT, work)}`);
  process.exit(rows.every((r) => r.ok) ? 0 : 1);
}

main().catch(async (e) => {
  console.error(e);
  await stopAll().catch(() => undefined);
  process.exit(1);
});
