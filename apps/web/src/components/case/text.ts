/**
 * How the case screens write dates, citations and unit names: the domain's own formatting in the
 * interface language (never a copy), tolerant of a missing value so a page never fails on one.
 */
import { caseRefEn, caseRefZh, formatDate, formatDateTimeEn, formatDateTimeZh } from '@banli/domain/format';
import type { Channel } from '@banli/domain/vocabulary';
import { lang } from '../../ui';

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

/** Date and time in Beijing time. */
export const moment = (v: When) =>
  safe(v, (x) => (lang.value === 'en' ? formatDateTimeEn(x) : formatDateTimeZh(x)));

/** ISO dates inside an explanation line, written as the page writes dates. */
export const datesIn = (s: string | null | undefined) =>
  String(s ?? '').replace(/\b\d{4}-\d{2}-\d{2}\b/g, (d) => day(d));

export interface Citable {
  channel: string;
  term: number;
  session: number;
  number: string;
  duringSession?: boolean;
}

/** 人大十四届三次会议第006号 */
export function citation(c: Citable): string {
  const parts = {
    channel: (c.channel === 'cppcc' ? 'cppcc' : 'npc') as Channel,
    term: Number(c.term),
    session: Number(c.session),
    number: c.number,
    duringSession: c.duringSession,
  };
  return lang.value === 'en' ? caseRefEn(parts) : caseRefZh(parts);
}

/** A unit's name from the names at hand, or its id when none is known. */
export const nameOf = (names: ReadonlyMap<string, string>, id: string | null | undefined) =>
  id ? (names.get(id) ?? id) : '—';
