/**
 * What the 辖区 and 时限政策 screens (and the forms that pick a jurisdiction) share: the API's
 * shapes, who may see and who may change them, the jurisdictions (fetched once a session, asked
 * again after a change), policy versions, a policy's rules in words, and the problems the API
 * finds in a policy or a jurisdiction, placed under their fields.
 */
import { ruleTextEn, ruleTextZh } from '@banli/domain/deadlines/text';
import type { DeadlineRule } from '@banli/domain/deadlines/types';
import type { ClockSpec, JurisdictionPolicy, PolicySource } from '@banli/domain/policies';
import { CLOCK_IDS, type StartEvent } from '@banli/domain/vocabulary';
import { api, data } from '../../api/client';
import type { ApiProblem } from '../../api/problem';
import type { components } from '../../api/schema';
import { cachedOnce, policy, useChoices } from '../../lookups';
import { session } from '../../session';
import { LABELS, t, word } from '../../ui';

export type Jurisdiction = components['schemas']['JurisdictionDto'];
export type JurisdictionDetail = components['schemas']['JurisdictionDetailDto'];
export type PolicySummary = components['schemas']['PolicySummaryDto'];
export type DeadlinePreview = components['schemas']['DeadlinePreviewResultDto'];

/** A policy version as GET /policies/{id} answers it: the domain's rules and where they come from. */
export type PolicyVersion = JurisdictionPolicy & {
  shipped: boolean;
  publishedAt?: string;
  publishedBy?: string;
  basedOn?: { id: string; version: number } | null;
};

/** One problem of a policy or jurisdiction body: where (clocks.mainReply.rule.months) and what. */
export interface ConfigProblem {
  path: string;
  message: string;
}

/** Only an administrator creates, changes or publishes (the API refuses everyone else). */
export const canEditConfig = () => session.can('admin');
/** Who may read jurisdictions and policies (GET /jurisdictions answers these roles). */
export const canViewConfig = () => session.can('admin', 'office', 'supervisor', 'unitStaff', 'unitLeader');

// -- jurisdictions ------------------------------------------------------------------------------

const jurisdictionCache = cachedOnce(() => data(api.GET('/jurisdictions')));

/** Every jurisdiction (GET /jurisdictions), fetched once; a refusal is asked again next time. */
export const jurisdictionList: () => Promise<Jurisdiction[]> = jurisdictionCache.get;

/** Forget the cached list (after an administrator created or changed a jurisdiction). */
export const forgetJurisdictions = jurisdictionCache.forget;

/** The jurisdiction forms start with, when there is one. */
export const DEFAULT_JURISDICTION = 'cn-national';

/** The jurisdictions for a form, cn-national first choice (see useChoices). */
export const useJurisdictions = () => useChoices(jurisdictionList, DEFAULT_JURISDICTION);

/** 广州市…（guangzhou）: a jurisdiction as a select names it (its id last, as tests and people find it). */
export const jurisdictionLabel = (j: Pick<Jurisdiction, 'id' | 'name' | 'nameEn'>) =>
  t(`${j.name}（${j.id}）`, `${j.nameEn || j.name} (${j.id})`);

// -- policies -----------------------------------------------------------------------------------

/**
 * A policy version; its latest when `version` is left out (a numbered version is kept, the latest
 * asked each time: see lookups' policy()).
 */
export const policyVersion = (id: string, version?: number) => policy(id, version) as Promise<PolicyVersion>;

/** Every policy (GET /policies), asked each time: the screens that change them show the newest. */
export const policySummaries = () => data(api.GET('/policies'));

/** 第2版 */
export const versionText = (v: number) => t(`第${v}版`, `v${v}`);

/** A policy's versions, the newest first. */
export const newestFirst = (versions: readonly number[]) => [...versions].sort((a, b) => b - a);

/** A jurisdiction's or policy's name in the interface language (the Chinese one when no other). */
export const nameOf = (x: { name: string; nameEn?: string | null }) => t(x.name, x.nameEn || x.name);

/** 人大代表建议、政协提案 */
export const channelsText = (channels: readonly string[]) =>
  channels.map((c) => word(LABELS.channel, c)).join(t('、', ', '));

// -- a policy in words --------------------------------------------------------------------------

/** 交办之日起3个月 / 3 months from assignment. */
export const ruleText = (rule: DeadlineRule, startsAt: StartEvent) =>
  t(ruleTextZh(rule, startsAt), ruleTextEn(rule, startsAt));

/** A source as one line: its title, then the article. */
export const sourceText = (s: PolicySource | undefined) =>
  s ? [s.title, s.article].filter(Boolean).join(' ') : '';

/** 提前 7、3、1 日 */
export const remindersText = (days: readonly number[]) =>
  days.length ? t(`提前 ${days.join('、')} 日`, `${days.join(', ')} days before`) : '—';

/** The people an overdue clock is escalated to, by their role's name. */
export const escalationText = (targets: readonly string[]) =>
  targets.length ? targets.map((r) => word(LABELS.role, r)).join(t('、', ', ')) : '—';

/** One variant of a clock (complex item, a channel, between sessions, a repeated report). */
export interface Variant {
  /** Where it is, as the policy's data names it: complex.byChannel.cppcc. */
  path: string;
  /** When it applies: 复杂件 · 政协提案. */
  when: string;
  spec: ClockSpec;
}

/** Every variant of a clock, in the order a reader meets them. */
export function variantsOf(spec: ClockSpec): Variant[] {
  const out: Variant[] = [];
  const complex = t('复杂件', 'complex');
  const closed = t('闭会期间', 'between sessions');
  const walk = (s: ClockSpec, path: string, when: string[]) => {
    const at = (k: string) => (path ? `${path}.${k}` : k);
    for (const [ch, v] of Object.entries(s.byChannel ?? {})) {
      if (v)
        out.push({
          path: at(`byChannel.${ch}`),
          when: [...when, word(LABELS.channel, ch)].join(' · '),
          spec: v,
        });
    }
    if (s.closedSession)
      out.push({ path: at('closedSession'), when: [...when, closed].join(' · '), spec: s.closedSession });
  };
  walk(spec, '', []);
  if (spec.complex) {
    out.push({ path: 'complex', when: complex, spec: spec.complex });
    walk(spec.complex, 'complex', [complex]);
  }
  if (spec.repeat)
    out.push({ path: 'repeat', when: t('此后每次报告', 'each later report'), spec: spec.repeat });
  return out;
}

/** A policy's clocks in the vocabulary's order (clocks of newer code after them). */
export function clocksOf(p: Pick<JurisdictionPolicy, 'clocks'>): [string, ClockSpec][] {
  const entries = Object.entries(p.clocks).filter((e): e is [string, ClockSpec] => !!e[1]);
  const rank = (id: string) => {
    const i = (CLOCK_IDS as readonly string[]).indexOf(id);
    return i < 0 ? CLOCK_IDS.length : i;
  };
  return entries.sort((a, b) => rank(a[0]) - rank(b[0]));
}

// -- problems under their fields ----------------------------------------------------------------

/** `calendarOverrides[0].date` and `calendarOverrides.0.date` name the same field. */
export const fieldPath = (path: string) => path.replace(/\[(\d+)\]/g, '.$1');

/** The `problems` a 422 (POLICY_INVALID, JURISDICTION_INVALID) carries, if any. */
export function problemsOf(p: ApiProblem | null): ConfigProblem[] {
  const list = p?.body.problems;
  return Array.isArray(list)
    ? list.filter((x): x is ConfigProblem => !!x && typeof x === 'object' && typeof x.path === 'string')
    : [];
}

/** The policy validator's English, in words that say what to change (unknown ones as they are). */
const POLICY_MESSAGES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^required, non-empty text/, () => '须填写'],
  [/^must be an http\(s\) URL/, () => '须为以 http:// 或 https:// 开头的网址'],
  [/^when present, non-empty text/, () => '填写时不能只有空白'],
  [/^must not be empty/, () => '至少选择一项'],
  [/^duplicate code (.+)/, (m) => `代码 ${m[1]} 重复`],
  [/^duplicate (.+)/, (m) => `${m[1]} 重复`],
  [/^must be an array of whole days/, () => '须为到期前的天数，用逗号分隔，如 7, 3, 1'],
  [/^must be a whole number of days from 1 to (\d+)/, (m) => `须为 1 至 ${m[1]} 的整数天数`],
  [/^must be a whole number from 1 to (\d+)/, (m) => `须为 1 至 ${m[1]} 的整数`],
  [/^must be a whole number ≥ 1/, () => '须为不小于 1 的整数'],
  [/^has duplicates/, () => '有重复的天数'],
  [/^cannot count back from itself/, () => '不能从自身的期限倒推'],
  [
    /^refers to (\w+), which this policy does not define/,
    (m) => `所依据的时限“${word(LABELS.clock, m[1])}”未启用`,
  ],
  [
    /^offsetBefore cycle: (.+)/,
    (m) =>
      `倒推的时限互相依据：${m[1]
        .split(' → ')
        .map((c) => word(LABELS.clock, c))
        .join(' → ')}`,
  ],
  [/^must be lower-case letters, digits and hyphens/, () => '须为小写字母、数字和连字符，如 liaoyuan'],
  [/^id must be lower-case letters/, () => '须为小写字母、数字和连字符，如 liaoyuan'],
  [/^required \(Chinese name\)/, () => '须填写中文名称'],
  [/^required \(English name\)/, () => '须填写英文名称'],
  [/^must list at least one source/, () => '至少列出一项来源（标题与网址）'],
  [/^required: every policy needs a main reply/, () => '每项政策都须有答复期限'],
  [/^must be true or false/, () => '须为是或否'],
  [/^must be recordedAsNoAnswer or deemedSatisfied/, () => '请选择逾期未反馈的处理方式'],
  [/^must list at least one class/, () => '至少列出一个答复类别'],
  [/^required, e\.g\. A/, () => '须填写代码，如 A'],
  [/^required, Chinese label/, () => '须填写中文名称'],
  [/^must be one of the replyClasses codes/, () => '须为答复类别中的代码'],
  [/^when present, an array of non-empty text/, () => '每行须有文字'],
  [/^at most (\d+) characters/, (m) => `不能超过 ${m[1]} 个字符`],
  [/^must be one of calendarDays/, () => '请选择计算方式'],
  [/^must be one of /, () => '请从列表中选择'],
  [/^a variant cannot have variants/, () => '变体不能再有变体'],
];

/** A problem's message in the interface language (the policy validator writes English). */
export function problemText(message: string): string {
  if (/[\u4e00-\u9fff]/.test(message)) return message;
  for (const [re, say] of POLICY_MESSAGES) {
    const m = re.exec(message);
    if (m) return t(say(m), message);
  }
  return message;
}

/** Problems as notes under their fields: [field, words], the field as `where` places a path. */
export const problemNotes = (
  list: readonly ConfigProblem[],
  where: (path: string) => string = fieldPath,
): [string, string][] => list.map((p) => [where(p.path), problemText(p.message)]);
