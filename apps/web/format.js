// Labels and formatting for the web workspace, Chinese first. Dates are read on the Asia/Shanghai
// calendar (fixed UTC+8, no daylight saving since 1991), the same way the mail and the API do.

import { LABELS, LISTS } from './vocabulary.js';

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

// Every label comes from the domain's one table (libs/domain/src/vocabulary), which the API serves
// as ./vocabulary.js; these are Chinese views of it, not copies.
const zh = (table) => Object.fromEntries(Object.entries(table).map(([k, l]) => [k, l.zh]));
const only = (table, keys) => Object.fromEntries(keys.map((k) => [k, table[k].zh]));

export const CHANNELS = zh(LABELS.channel);
export const CHANNEL_SHORT = Object.fromEntries(Object.entries(LABELS.channel).map(([k, l]) => [k, l.short]));

/** Account roles, in the order the admin screens offer them. */
export const USER_ROLES = only(LABELS.role, LISTS.userRoles);

/** Roles as the workflow records them in the audit trail. */
export const ACTOR_ROLES = only(LABELS.role, LISTS.actorRoles);

export const CASE_STAGES = zh(LABELS.caseStage);
export const UNIT_STAGES = zh(LABELS.unitStage);

/** The one-word stage of lists: the case stage, or while units work on it the slowest unit's. */
export const displayStageLabel = (stage) => LABELS.displayStage[stage]?.zh ?? stage;

export const HANDLING_ROLES = zh(LABELS.unitRole);
export const MODES = zh(LABELS.mode);
export const PARTY_KINDS = zh(LABELS.partyKind);
export const CONTACT_METHODS = zh(LABELS.contactMethod);
export const RATINGS = zh(LABELS.rating);
export const DEADLINE_STATUS = zh(LABELS.deadlineStatus);
export const MAIL_STATUS = zh(LABELS.mailStatus);

/** A message's kind in words: the API gives each message its label (kindLabel). */
export const mailKindLabel = (m) => (typeof m === 'string' ? (LABELS.mailKind[m]?.zh ?? m) : (m.kindLabel ?? m.kind));

/** A message's delivery status in words; a pending one that already failed once waits to be retried. */
export function mailStatusLabel(m) {
  if (m.status === 'pending' && m.attempts > 0) return '待重试';
  return MAIL_STATUS[m.status] ?? m.status;
}

export const clockLabel = (c) => LABELS.clock[c]?.zh ?? c;
export const START_EVENTS = zh(LABELS.startEvent);
export const actionLabel = (a) => LABELS.action[a]?.zh ?? a;
/** A refusal code in words (the workflow's own message says more). */
export const refusalLabel = (code) => LABELS.refusal[code]?.zh ?? code;

const ZH_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1–999 in Chinese numerals as used for 届/次 (14 → 十四, 105 → 一百零五). */
export function zhNumber(n) {
  if (!Number.isInteger(n) || n < 0 || n > 999) return String(n);
  if (n < 10) return ZH_DIGITS[n];
  if (n < 20) return `十${n % 10 ? ZH_DIGITS[n % 10] : ''}`;
  if (n < 100) return `${ZH_DIGITS[Math.floor(n / 10)]}十${n % 10 ? ZH_DIGITS[n % 10] : ''}`;
  const rest = n % 100;
  const head = `${ZH_DIGITS[Math.floor(n / 100)]}百`;
  if (rest === 0) return head;
  if (rest < 10) return `${head}零${ZH_DIGITS[rest]}`;
  return `${head}${rest < 20 ? '一' : ''}${zhNumber(rest)}`;
}

/** 人大十四届三次会议第006号 (a number that is not all digits, such as 建9, keeps its own form). */
export function caseNumber(c) {
  const no = /^\d+$/.test(c.number)
    ? `第${c.number}号`
    : c.number.endsWith('号')
      ? c.number
      : `${c.number}号`;
  const after = c.duringSession === false ? '会后' : '';
  return `${CHANNEL_SHORT[c.channel] ?? ''}${zhNumber(Number(c.term))}届${zhNumber(Number(c.session))}次会议${after}${no}`;
}

function ymdOfMs(ms) {
  const t = new Date(ms + SHANGHAI_OFFSET_MS);
  return {
    y: t.getUTCFullYear(),
    m: t.getUTCMonth() + 1,
    d: t.getUTCDate(),
    hh: t.getUTCHours(),
    mm: t.getUTCMinutes(),
  };
}

function parts(v, due) {
  if (v === null || v === undefined || v === '') return null;
  const bare = typeof v === 'string' ? DATE_RE.exec(v) : null;
  if (bare) return { y: Number(bare[1]), m: Number(bare[2]), d: Number(bare[3]) };
  const ms = v instanceof Date ? v.getTime() : Date.parse(v);
  if (Number.isNaN(ms)) return null;
  // A due instant is the end of its last day (next day 00:00+08:00): step back to that day.
  return ymdOfMs(due ? ms - 1 : ms);
}

/** 2026年6月30日 (an instant on the Shanghai calendar, or a bare YYYY-MM-DD). */
export function dateZh(v) {
  const p = parts(v, false);
  return p ? `${p.y}年${p.m}月${p.d}日` : '—';
}

/** The last day a due instant covers: '2026-06-30T16:00:00Z' → 2026年6月30日. */
export function dueDateZh(v) {
  const p = parts(v, true);
  return p ? `${p.y}年${p.m}月${p.d}日` : '—';
}

/** 2026年6月30日 14:05 */
export function dateTimeZh(v) {
  const p = parts(v, false);
  if (!p) return '—';
  if (p.hh === undefined) return `${p.y}年${p.m}月${p.d}日`;
  return `${p.y}年${p.m}月${p.d}日 ${String(p.hh).padStart(2, '0')}:${String(p.mm).padStart(2, '0')}`;
}

/** Whole Shanghai days from today to the last day of `dueAt` (negative when overdue). */
export function daysLeft(dueAt, now = Date.now()) {
  const due = parts(dueAt, true);
  const today = ymdOfMs(now);
  if (!due) return null;
  return (Date.UTC(due.y, due.m - 1, due.d) - Date.UTC(today.y, today.m - 1, today.d)) / 86_400_000;
}

/** '2026-01-30' + '10:00' typed in the page → an instant in Asia/Shanghai. */
export function shanghaiInstant(date, time = '09:00') {
  if (!date) return undefined;
  return `${date}T${time || '09:00'}:00+08:00`;
}

/** Today's date in Shanghai as YYYY-MM-DD (for date inputs). */
export function todayShanghai(now = Date.now()) {
  const p = ymdOfMs(now);
  return `${p.y}-${String(p.m).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`;
}
