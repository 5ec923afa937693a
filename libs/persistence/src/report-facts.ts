import type { DataSource, EntityManager } from 'typeorm';
import {
  addCalendarDays,
  endOfShanghaiDay,
  reportFactsOf,
  type CaseState,
  type IsoDate,
  type ReportFact,
  type WorkingDayCalendar,
} from '@banli/domain';

/** A case's count as proposal.report_facts keeps it: key case (0/1), unit, month, metric, bucket, n. */
type StoredFact = [number, string, string, string, number, number];

/** The case whose counts these are (the session columns of report_fact). */
export interface ReportFactCase {
  id: string;
  jurisdiction: string;
  channel: string;
  term: number;
  session: number;
}

const keyOf = (f: StoredFact) => `${f[0]}|${f[1]}|${f[2]}|${f[3]}|${String(f[4]).padStart(6, '0')}`;
const CHUNK = 500;

/**
 * Makes report_fact hold what case `c` adds now (`facts`), and report_total its sum over sessions
 * and months: reads what the case added before (proposal.report_facts), adds the difference row by
 * row (in key order, so two cases of the same unit take their row locks in the same order) and
 * keeps the new counts with the case. Runs in the caller's transaction, which must hold the case
 * row's lock.
 */
export async function replaceReportFacts(
  m: EntityManager,
  c: ReportFactCase,
  facts: ReportFact[],
  /** false in the migration that made report_fact, before report_total existed (it is filled from report_fact) */
  totals = true,
): Promise<void> {
  const [row]: { f: string | null }[] = await m.query(
    'SELECT `report_facts` AS f FROM `proposal` WHERE `id` = ?',
    [c.id],
  );
  const before: StoredFact[] = row?.f ? JSON.parse(row.f) : [];
  const after = facts
    .map((f): StoredFact => [f.keyCase ? 1 : 0, f.unitId, f.month, f.metric, f.bucket, f.n])
    .sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : 1));
  const delta = new Map<string, StoredFact>();
  for (const f of before) delta.set(keyOf(f), [f[0], f[1], f[2], f[3], f[4], -f[5]]);
  for (const f of after) {
    const d = delta.get(keyOf(f));
    if (d) d[5] += f[5];
    else delta.set(keyOf(f), [...f]);
  }
  const changes = [...delta.entries()]
    .filter(([, d]) => d[5] !== 0)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, d]) => d);
  for (let i = 0; i < changes.length; i += CHUNK) {
    const part = changes.slice(i, i + CHUNK);
    await m.query(
      'INSERT INTO `report_fact` (`jurisdiction`, `channel`, `term`, `session`, `key_case`, `unit_id`, `month`, `metric`, `bucket`, `n`) ' +
        `VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')} ` +
        'ON DUPLICATE KEY UPDATE `n` = `n` + VALUES(`n`)',
      part.flatMap((d) => [c.jurisdiction, c.channel, c.term, c.session, ...d]),
    );
  }
  // the same difference summed over the session's months, into report_total (in its key order)
  const sums = new Map<string, [string, string, number, number, number]>();
  for (const d of changes) {
    const k = `${d[1]}|${d[3]}|${String(d[4]).padStart(6, '0')}|${d[0]}`;
    const t = sums.get(k);
    if (t) t[4] += d[5];
    else sums.set(k, [d[1], d[3], d[4], d[0], d[5]]);
  }
  const totalChanges = [...sums.entries()]
    .filter(([, t]) => t[4] !== 0)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, t]) => t);
  for (let i = 0; totals && i < totalChanges.length; i += CHUNK) {
    const part = totalChanges.slice(i, i + CHUNK);
    await m.query(
      'INSERT INTO `report_total` (`unit_id`, `metric`, `bucket`, `key_case`, `jurisdiction`, `channel`, `n`) ' +
        `VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')} ` +
        'ON DUPLICATE KEY UPDATE `n` = `n` + VALUES(`n`)',
      part.flatMap(([unit, metric, bucket, key, n]) => [
        unit,
        metric,
        bucket,
        key,
        c.jurisdiction,
        c.channel,
        n,
      ]),
    );
  }
  const stored = JSON.stringify(after);
  if (stored !== (row?.f ?? '[]'))
    await m.query('UPDATE `proposal` SET `report_facts` = ? WHERE `id` = ?', [stored, c.id]);
}

/** A case state as kept in proposal.snapshot, with the lists snapshots written before them lacked. */
export function stateFromSnapshot(snapshot: string): CaseState {
  const s = JSON.parse(snapshot) as CaseState;
  return {
    ...s,
    urges: s.urges ?? [],
    units: (s.units ?? []).map((u) => ({
      ...u,
      replies: u.replies ?? [],
      contacts: u.contacts ?? [],
      feedback: u.feedback ?? [],
    })),
  };
}

/** The days from `from` to `to` (inclusive) on which `before` and `after` disagree about working. */
export function changedWorkingDays(
  before: WorkingDayCalendar,
  after: WorkingDayCalendar,
  from: IsoDate,
  to: IsoDate,
): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = from; d <= to; d = addCalendarDays(d, 1))
    if (before.isWorkingDay(d).working !== after.isWorkingDay(d).working) out.push(d);
  return out;
}

/**
 * Counts again, on calendar `cal`, what the cases whose kept spans may cross a day of `days` add to
 * the statistics (a span runs from the day of assignment to the day of sign-for or first reply):
 * after a calendar correction, so the sums say what the assignments read on the new calendar say.
 * `only` narrows it to one session. Returns how many cases were counted again.
 */
export async function recountReportFacts(
  ds: DataSource,
  cal: WorkingDayCalendar,
  days: readonly IsoDate[],
  only?: { jurisdiction: string; channel: string; term: number; session: number },
): Promise<number> {
  if (!days.length) return 0;
  const sorted = [...days].sort();
  const first = new Date(endOfShanghaiDay(addCalendarDays(sorted[0], -1)));
  const last = new Date(endOfShanghaiDay(sorted[sorted.length - 1]));
  const session = only
    ? ' AND p.`jurisdiction` = ? AND p.`channel` = ? AND p.`term` = ? AND p.`session` = ?'
    : '';
  const ids: { id: string }[] = await ds.query(
    'SELECT DISTINCT a.`proposal_id` AS id FROM `assignment` a JOIN `proposal` p ON p.`id` = a.`proposal_id` ' +
      'WHERE a.`assigned_at` < ? AND (a.`received_at` >= ? OR a.`first_replied_at` >= ?)' +
      session,
    [last, first, first, ...(only ? [only.jurisdiction, only.channel, only.term, only.session] : [])],
  );
  for (const { id } of ids)
    await ds.transaction(async (m) => {
      const [row]: (ReportFactCase & { snapshot: string | null })[] = await m.query(
        'SELECT `id`, `jurisdiction`, `channel`, `term`, `session`, `snapshot` FROM `proposal` WHERE `id` = ? FOR UPDATE',
        [id],
      );
      if (row?.snapshot)
        await replaceReportFacts(m, row, reportFactsOf(stateFromSnapshot(row.snapshot), cal));
    });
  return ids.length;
}
