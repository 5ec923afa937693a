/**
 * How the pages write dates, citations and unit names: the domain's own formatting (Beijing time,
 * Chinese first) in the interface language — the same code mail and the API use, never a copy —
 * tolerant of a missing value so a page never fails on one.
 */
import {
  caseRefEn,
  caseRefZh,
  daysUntilDue,
  dueInWords,
  formatDate,
  formatDateTimeEn,
  formatDateTimeZh,
  sessionRefEn,
  sessionRefZh,
  type SessionCitation,
} from '@banli/domain/format';
import type { Channel } from '@banli/domain/vocabulary';
import { lang } from './ui';

export { endOfShanghaiDay, shanghaiDateOf } from '@banli/domain/calendar/dates';
// still read by components/admin/forms.ts (its `when` is dateTime below); drop once it uses that
export { formatDateTimeEn, formatDateTimeZh };

type When = string | Date | null | undefined;

function safe(v: When, f: (v: string | Date) => string): string {
  if (v === null || v === undefined || v === '') return '—';
  try {
    return f(v);
  } catch {
    return String(v);
  }
}

/** A calendar day: 2026年6月30日 (an instant on the Beijing calendar, or a bare YYYY-MM-DD). */
export const day = (v: When) => safe(v, (x) => formatDate(x, lang.value));

/** The last day a due instant covers (24:00 ends that day). */
export const dueDay = (v: When) => safe(v, (x) => formatDate(x, lang.value, true));

/** 2026年11月30日 14:05（北京时间）: date and time in Beijing time, in the interface language. */
export const dateTime = (v: When) =>
  safe(v, (x) => (lang.value === 'en' ? formatDateTimeEn(x) : formatDateTimeZh(x)));

/** ISO dates inside an explanation line, written as the page writes dates. */
export const datesIn = (s: string | null | undefined) =>
  String(s ?? '').replace(/\b\d{4}-\d{2}-\d{2}\b/g, (d) => day(d));

/** How far off a due instant is from now, in the interface language (还剩3天 / 已逾期2天). */
export function dueHint(dueAt: string | Date, now: Date = new Date()): string {
  return dueInWords(daysUntilDue(now, dueAt), lang.value);
}

/** A date picked in the page (YYYY-MM-DD) and a time (HH:mm) as an instant in Beijing time. */
export function beijingInstant(date: string, time = '09:00'): string {
  return `${date}T${time || '09:00'}:00+08:00`;
}

export interface Citable {
  channel: string;
  term: number;
  session: number;
  number: string;
  duringSession?: boolean;
}

const channelOf = (c: string): Channel => (c === 'cppcc' ? 'cppcc' : 'npc');

/** 人大十四届三次会议第006号 */
export function citation(c: Citable): string {
  const parts = {
    channel: channelOf(c.channel),
    term: Number(c.term),
    session: Number(c.session),
    number: c.number,
    duringSession: c.duringSession,
  };
  return lang.value === 'en' ? caseRefEn(parts) : caseRefZh(parts);
}

/** 人大十五届三次会议: the session a case or a list belongs to. */
export function sessionRef(s: { channel: string; term: number; session: number }): string {
  const parts: SessionCitation = {
    channel: channelOf(s.channel),
    term: Number(s.term),
    session: Number(s.session),
  };
  return lang.value === 'en' ? sessionRefEn(parts) : sessionRefZh(parts);
}

/** A unit's name from the names at hand, or its id when none is known. */
export const nameOf = (names: ReadonlyMap<string, string>, id: string | null | undefined) =>
  id ? (names.get(id) ?? id) : '—';
