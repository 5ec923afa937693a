/**
 * The jurisdiction form's rows and numbering: a calendar override or escalation contact as typed,
 * and a 文号 or 索引号 pattern shown as a number it would make.
 */
import { formatNumberPattern, numberPatternProblems } from '@banli/domain/jurisdictions/patterns';
import type { JurisdictionCalendarOverride } from '@banli/domain/jurisdictions/types';
import type { EscalationTarget } from '@banli/domain/policies';
import { t } from '../../ui';
import { newKey } from './policy-form';

/** A handling unit's short name, as a 文号 starts with it. */
const EXAMPLE_UNIT_SHORT_NAME = '穗教';

/** The values an example number is made of: a unit's short name, an organisation code, this year. */
const EXAMPLE = {
  unit: EXAMPLE_UNIT_SHORT_NAME,
  org: '11440100',
  year: new Date().getFullYear(),
  seq: 12,
  term: 14,
  session: 3,
  number: '006',
};

/** `{unit}函〔{year}〕{seq}号` → 穗教函〔2026〕12号 */
export const examplePattern = (pattern: string) => formatNumberPattern(pattern, EXAMPLE);

/** What is wrong with a pattern as typed (Chinese, from the domain), or the example it makes. */
export function patternHint(pattern: string): { ok: boolean; text: string } {
  if (!pattern.trim()) return { ok: true, text: t('可不填', 'optional') };
  const problems = numberPatternProblems(pattern);
  if (problems.length) return { ok: false, text: problems.join('；') };
  return { ok: true, text: t(`示例：${examplePattern(pattern)}`, `e.g. ${examplePattern(pattern)}`) };
}

/** A local day rests (holiday) or works (workday) unlike the national calendar. */
export type OverrideKind = JurisdictionCalendarOverride['kind'];
export const OVERRIDE_KINDS: readonly OverrideKind[] = ['holiday', 'workday'];

export interface OverrideRow {
  key: number;
  date: string | null;
  kind: OverrideKind;
  note: string;
}

export interface ContactRow {
  key: number;
  target: EscalationTarget;
  name: string;
  email: string;
  phone: string;
}

export const overrideRow = (o?: { date: string; kind: OverrideKind; note?: string }): OverrideRow => ({
  key: newKey(),
  date: o?.date ?? null,
  kind: o?.kind ?? 'holiday',
  note: o?.note ?? '',
});

export const contactRow = (c?: {
  target: EscalationTarget;
  name: string;
  email?: string;
  phone?: string;
}): ContactRow => ({
  key: newKey(),
  target: c?.target ?? 'supervisor',
  name: c?.name ?? '',
  email: c?.email ?? '',
  phone: c?.phone ?? '',
});
