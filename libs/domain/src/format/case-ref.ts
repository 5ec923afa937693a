// How a case is cited: 人大十四届三次会议第006号 / 市政协八届六次会议会后建9号. Pure.
import { CHANNEL_LABELS } from '../vocabulary/labels';
import type { Channel } from '../vocabulary/stages';
import { ordinalEn, zhNumber } from './dates';

/** The session a case belongs to: 人大十四届三次会议. */
export interface SessionCitation {
  channel: Channel;
  /** Short name of the assembly, e.g. 市政协, 省人大; default 政协 / 人大. */
  assembly?: string;
  /** English name of the assembly, e.g. "Municipal CPPCC Committee". */
  assemblyEn?: string;
  /** 届 */
  term: number;
  /** 次 */
  session: number;
}

/** The parts of a case's citation. */
export interface CaseCitation extends SessionCitation {
  /** Number as printed: "006" (→ 第006号) or "建9" (→ 建9号). */
  number: string;
  /** false for items submitted after the session (会后). */
  duringSession?: boolean;
}

/** 第006号; a number that is not all digits (建9) keeps its own form (建9号). */
export function caseNumberZh(n: string): string {
  if (/^\d+$/.test(n)) return `第${n}号`;
  return n.endsWith('号') ? n : `${n}号`;
}

/** 市政协八届六次会议 (人大十四届三次会议 when no assembly is named). */
export function sessionRefZh(s: SessionCitation): string {
  const assembly = s.assembly ?? CHANNEL_LABELS[s.channel].short;
  return `${assembly}${zhNumber(s.term)}届${zhNumber(s.session)}次会议`;
}

/** "Municipal CPPCC Committee, 8th term, 6th session" */
export function sessionRefEn(s: SessionCitation): string {
  const kind = s.channel === 'npc' ? "People's Congress" : 'CPPCC Committee';
  const assembly = s.assemblyEn ?? (s.assembly ? `${s.assembly} ${kind}` : kind);
  return `${assembly}, ${ordinalEn(s.term)} term, ${ordinalEn(s.session)} session`;
}

/** 市政协八届六次会议第006号 */
export function caseRefZh(c: CaseCitation): string {
  return `${sessionRefZh(c)}${c.duringSession === false ? '会后' : ''}${caseNumberZh(c.number)}`;
}

/** "Municipal CPPCC Committee, 8th term, 6th session, proposal No. 006" */
export function caseRefEn(c: CaseCitation): string {
  const after = c.duringSession === false ? ' (after the session)' : '';
  return `${sessionRefEn(c)}${after}, ${CHANNEL_LABELS[c.channel].noun.en} No. ${c.number}`;
}
