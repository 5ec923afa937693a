import type { PartyKind } from '@banli/domain';

/** Splits a cell listing several names: 、，,;； or line breaks (not spaces: 少数民族 names keep theirs). */
export function splitList(cell: string): string[] {
  return cell
    .split(/[、，,;；\n\r]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

// Democratic parties, people's organisations and the like: a proposer under such a name is a group.
const GROUP_MARKS =
  /(中国共产党|中共|民革|民盟|民建|民进|农工党|农工民主党|致公党|九三学社|台盟|工商联|工商业联合会|共青团|团市委|团省委|妇联|妇女联合会|总工会|科协|侨联|台联|青联|界别|联组|小组|党派|学社)/;

/**
 * Kind of a proposer from the name alone: 代表团 → delegation; a party or people's organisation
 * (九三学社辽源市委员会, 市工商联) or a sector (界别) → group; a committee (提案委员会, 专委会) →
 * committee; an association (…协会, …学会) → organisation; otherwise a person, a deputy on the NPC
 * channel and a member on the CPPCC channel.
 */
export function proposerKind(name: string, channel: 'npc' | 'cppcc'): PartyKind {
  const n = name.normalize('NFKC').replace(/\s+/g, '');
  if (/代表团$/.test(n)) return 'delegation';
  if (GROUP_MARKS.test(n)) return 'group';
  if (/(委员会|专委会|工委)$/.test(n)) return 'committee';
  if (/(协会|学会|商会|联合会|研究会|促进会)$/.test(n)) return 'organisation';
  return channel === 'npc' ? 'deputy' : 'member';
}
