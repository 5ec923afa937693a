// How a case is cited: 人大十四届三次会议第006号 / 市政协八届六次会议会后建9号. Pure.
import type { Channel } from '../vocabulary/stages';
import { ordinalEn, zhNumber } from './dates';

/** The parts of a case's citation. */
export interface CaseCitation {
  channel: Channel;
  /** Short name of the assembly, e.g. 市政协, 省人大; default 政协 / 人大. */
  assembly?: string;
  /** English name of the assembly, e.g. "Municipal CPPCC Committee". */
  assemblyEn?: string;
  /** 届 */
  term: number;
  /** 次 */
  session: number;
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

/** 市政协八届六次会议第006号 */
export function caseRefZh(c: CaseCitation): string {
  const assembly = c.assembly ?? (c.channel === 'npc' ? '人大' : '政协');
  return `${assembly}${zhNumber(c.term)}届${zhNumber(c.session)}次会议${c.duringSession === false ? '会后' : ''}${caseNumberZh(c.number)}`;
}

/** "Municipal CPPCC Committee, 8th term, 6th session, proposal No. 006" */
export function caseRefEn(c: CaseCitation): string {
  const kind = c.channel === 'npc' ? "People's Congress" : 'CPPCC Committee';
  const assembly = c.assemblyEn ?? (c.assembly ? `${c.assembly} ${kind}` : kind);
  const after = c.duringSession === false ? ' (after the session)' : '';
  const noun = c.channel === 'npc' ? 'suggestion' : 'proposal';
  return `${assembly}, ${ordinalEn(c.term)} term, ${ordinalEn(c.session)} session${after}, ${noun} No. ${c.number}`;
}
