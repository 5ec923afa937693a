/**
 * Default wording of a reply letter's title and salutation, for a reply record that has none
 * (domain.md §4): 《××关于市十三届人大五次会议建9号建议的答复》, "的会办意见" for a co-handler.
 */
import { chineseNumeral } from './chinese-numerals';

export type Channel = 'npc' | 'cppcc';

/**
 * The session as titles print it. NPC: 市十三届人大五次会议; CPPCC: 市政协十届二次会议.
 * `place` is the short prefix the letters use (市, 省, 州, 区 …), or '' for none.
 */
export function sessionLabel(a: { channel: Channel; place: string; term: number; session: number }): string {
  const term = chineseNumeral(a.term);
  const session = chineseNumeral(a.session);
  return a.channel === 'npc'
    ? `${a.place}${term}届人大${session}次会议`
    : `${a.place}政协${term}届${session}次会议`;
}

/**
 * The proposal number as titles print it: '006' → 第006号, '77' → 第77号; a number with a prefix
 * of its own keeps it and gets only 号: '建9' → 建9号. A trailing 号 is not doubled.
 */
export function numberLabel(number: string): string {
  const n = number.trim().replace(/号$/, '');
  if (!n) throw new Error('numberLabel: empty number');
  return /^[0-9０-９]/.test(n) ? `第${n}号` : `${n}号`;
}

/**
 * The letter's title: 杭州市民政局关于市十三届人大五次会议建9号建议的答复; several units are
 * separated by a space (中共龙泉市委组织部 龙泉市民政局关于…); a co-handler's letter ends 的会办意见.
 */
export function replyTitle(a: {
  unitNames: string[];
  channel: Channel;
  sessionLabel: string;
  number: string;
  kind: 'reply' | 'opinion';
}): string {
  const noun = a.channel === 'npc' ? '建议' : '提案';
  const ending = a.kind === 'reply' ? '的答复' : '的会办意见';
  return `${a.unitNames.join(' ')}关于${a.sessionLabel}${numberLabel(a.number)}${noun}${ending}`;
}

/** Kinds of proposer, as in the domain's vocabulary (domain.md §1). */
export type ProposerKind = 'deputy' | 'member' | 'group' | 'organisation' | 'committee' | 'delegation';

/**
 * The salutation, without its colon: 王征代表, 张三委员; a party, group, committee or delegation
 * is addressed by its name (九三学社辽源市委员会, 民盟、农工党与无党派人士界别组).
 */
export function salutationFor(p: { kind: ProposerKind; name: string }): string {
  const name = p.name.trim();
  switch (p.kind) {
    case 'deputy':
      return `${name}代表`;
    case 'member':
      return `${name}委员`;
    default:
      return name;
  }
}

/** '2020-06-12' → 2020年6月12日, with Arabic numerals as GB/T 9704-2012 writes the date. */
export function chineseDate(isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate.trim());
  if (!m) throw new Error(`chineseDate: not a YYYY-MM-DD date: ${isoDate}`);
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    throw new Error(`chineseDate: no such day: ${isoDate}`);
  }
  return `${year}年${month}月${day}日`;
}
