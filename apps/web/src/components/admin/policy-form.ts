/**
 * The policy editor's form over a JurisdictionPolicy, and back: what a person edits (name,
 * channels, sources, each clock's start, rule, reminders, escalation, source and note, reply
 * classes, the yes/no rules, notes) as rows; what they do not edit here (a clock's variants, a
 * rule counted to a fixed date) is carried over exactly as it came.
 */
import type { DeadlineRule } from '@banli/domain/deadlines/types';
import type {
  ClockSpec,
  EscalationTarget,
  FeedbackNoAnswer,
  JurisdictionPolicy,
  PolicySource,
} from '@banli/domain/policies';
import { leadWaitsForCoOpinionsOf } from '@banli/domain/policies/lifecycle-rules';
import { CLOCK_IDS, type Channel, type ClockId, type StartEvent } from '@banli/domain/vocabulary';

/** The rule kinds the editor edits; a fixed date or day of the year is kept as it is. */
export const EDITABLE_KINDS = ['calendarDays', 'workingDays', 'months', 'offsetBefore'] as const;
export type EditableKind = (typeof EDITABLE_KINDS)[number];
export const OFFSET_UNITS = ['calendarDays', 'workingDays'] as const;
export type OffsetUnit = (typeof OFFSET_UNITS)[number];

/** A source of the policy; clocks point at one by its key, so renaming it renames theirs. */
export interface SourceRow {
  key: number;
  title: string;
  url: string;
  article: string;
}

/** Variants of a clock the editor carries over without editing them. */
export type Carried = Pick<ClockSpec, 'byChannel' | 'closedSession' | 'complex' | 'repeat'>;

export interface ClockRow {
  id: ClockId;
  enabled: boolean;
  startsAt: StartEvent;
  kind: EditableKind;
  /** Days or months (null while the field is empty). */
  count: number | null;
  offsetClock: ClockId;
  offsetUnit: OffsetUnit;
  /** The rule's own roll flag, kept. */
  roll?: boolean;
  /** A rule the editor does not edit (fixedDate, fixedMonthDay): kept, shown in words. */
  fixedRule: DeadlineRule | null;
  /** Days before the due date, as typed: "7, 3, 1". */
  reminders: string;
  escalateTo: EscalationTarget[];
  /** A SourceRow's key; OWN_SOURCE for a source the policy's list does not hold; NO_SOURCE. */
  sourceKey: number;
  ownSource: PolicySource | null;
  article: string;
  note: string;
  carried: Carried;
}

export const OWN_SOURCE = -1;
export const NO_SOURCE = 0;

export interface ClassRow {
  key: number;
  code: string;
  label: string;
  labelEn: string;
  /** Replies of this class go on to follow-up tracking (trackingClasses). */
  tracking: boolean;
}

export interface PolicyDraft {
  /** The policy id (typed for a copy; fixed for a new version). */
  id: string;
  name: string;
  nameEn: string;
  channels: Channel[];
  sources: SourceRow[];
  clocks: ClockRow[];
  classes: ClassRow[];
  contactRequiredBeforeReply: boolean;
  rehandlingOnBasicallySatisfied: boolean;
  notifyProposerOfExtension: boolean;
  leadWaitsForCoOpinions: boolean;
  /** 联合行文: the lead's draft is countersigned by the co-handlers. */
  jointReply: boolean;
  /** 审核: the office reviews each reply before it reaches the proposer. */
  officeReview: boolean;
  /** 逐人答复 (the policy's default when it says nothing). */
  replyPerProposer: boolean;
  /** 抄送 on every reply letter, one a line. */
  copies: string;
  feedbackNoAnswer: FeedbackNoAnswer;
  /** One note a line. */
  notes: string;
}

let nextKey = 1;
export const newKey = () => nextKey++;

export const sourceRow = (s?: Partial<PolicySource>): SourceRow => ({
  key: newKey(),
  title: s?.title ?? '',
  url: s?.url ?? '',
  article: s?.article ?? '',
});

export const classRow = (
  c?: { code: string; label: string; labelEn?: string },
  tracking = false,
): ClassRow => ({
  key: newKey(),
  code: c?.code ?? '',
  label: c?.label ?? '',
  labelEn: c?.labelEn ?? '',
  tracking,
});

const isEditable = (k: string): k is EditableKind => (EDITABLE_KINDS as readonly string[]).includes(k);

/** A clock the policy does not have yet: off, with a plain 30-day rule to start from. */
function emptyClock(id: ClockId): ClockRow {
  return {
    id,
    enabled: false,
    startsAt: 'assigned',
    kind: 'calendarDays',
    count: 30,
    offsetClock: 'mainReply',
    offsetUnit: 'calendarDays',
    fixedRule: null,
    reminders: '3, 1',
    escalateTo: ['office'],
    sourceKey: NO_SOURCE,
    ownSource: null,
    article: '',
    note: '',
    carried: {},
  };
}

function clockRow(id: ClockId, spec: ClockSpec | undefined, sources: SourceRow[]): ClockRow {
  const row = emptyClock(id);
  if (!spec) return row;
  row.enabled = true;
  row.startsAt = spec.startsAt;
  const rule = spec.rule;
  if (isEditable(rule.kind)) {
    row.kind = rule.kind;
    if (rule.kind === 'months') row.count = rule.months;
    else if (rule.kind === 'calendarDays' || rule.kind === 'workingDays' || rule.kind === 'offsetBefore')
      row.count = rule.days;
    if (rule.kind === 'offsetBefore') {
      row.offsetClock = rule.clock;
      row.offsetUnit = rule.unit ?? 'calendarDays';
    }
    if ('roll' in rule && rule.roll !== undefined) row.roll = rule.roll;
  } else {
    row.fixedRule = rule;
  }
  row.reminders = spec.reminders.join(', ');
  row.escalateTo = [...spec.escalateTo];
  if (spec.source) {
    const listed = sources.find((s) => s.title === spec.source?.title && s.url === spec.source?.url);
    row.sourceKey = listed ? listed.key : OWN_SOURCE;
    row.ownSource = listed ? null : { title: spec.source.title, url: spec.source.url };
    row.article = spec.source.article ?? '';
  }
  row.note = spec.note ?? '';
  const carried: Carried = {};
  if (spec.byChannel) carried.byChannel = spec.byChannel;
  if (spec.closedSession) carried.closedSession = spec.closedSession;
  if (spec.complex) carried.complex = spec.complex;
  if (spec.repeat) carried.repeat = spec.repeat;
  row.carried = carried;
  return row;
}

/** The form over `p`, under the policy id `id`. */
export function draftOf(p: JurisdictionPolicy, id: string): PolicyDraft {
  const sources = p.sources.map((s) => sourceRow(s));
  const tracking = new Set(p.trackingClasses);
  return {
    id,
    name: p.name,
    nameEn: p.nameEn,
    channels: [...p.channels],
    sources,
    clocks: CLOCK_IDS.map((c) => clockRow(c, p.clocks[c], sources)),
    classes: p.replyClasses.map((c) => classRow(c, tracking.has(c.code))),
    contactRequiredBeforeReply: p.contactRequiredBeforeReply,
    rehandlingOnBasicallySatisfied: p.rehandlingOnBasicallySatisfied,
    notifyProposerOfExtension: p.notifyProposerOfExtension === true,
    leadWaitsForCoOpinions: leadWaitsForCoOpinionsOf(p),
    jointReply: p.jointReply === true,
    officeReview: p.officeReview === true,
    replyPerProposer: p.replyPerProposer !== false,
    copies: (p.copies ?? []).join('\n'),
    feedbackNoAnswer: p.feedbackNoAnswer,
    notes: (p.notes ?? []).join('\n'),
  };
}

/** "7, 3、1" → [7, 3, 1]; what is not a number stays visible to the validator (null). */
export function parseReminders(text: string): (number | null)[] {
  return text
    .split(/[\s,，、;；]+/)
    .filter(Boolean)
    .map((x) => (/^\d+$/.test(x) ? Number(x) : null));
}

/** The rule a clock row stands for (its numbers as typed, for the validator to judge). */
export function ruleOf(r: ClockRow): unknown {
  if (r.fixedRule) return r.fixedRule;
  const roll = r.roll !== undefined ? { roll: r.roll } : {};
  switch (r.kind) {
    case 'months':
      return { kind: 'months', months: r.count, ...roll };
    case 'calendarDays':
      return { kind: 'calendarDays', days: r.count, ...roll };
    case 'workingDays':
      return { kind: 'workingDays', days: r.count };
    case 'offsetBefore':
      return { kind: 'offsetBefore', clock: r.offsetClock, days: r.count, unit: r.offsetUnit, ...roll };
  }
}

function sourceOf(r: ClockRow, sources: SourceRow[]): PolicySource | undefined {
  const article = r.article.trim();
  let s: PolicySource | undefined;
  if (r.sourceKey === OWN_SOURCE && r.ownSource) s = { title: r.ownSource.title, url: r.ownSource.url };
  else {
    const row = sources.find((x) => x.key === r.sourceKey);
    if (row) s = { title: row.title.trim(), url: row.url.trim() };
  }
  return s && article ? { ...s, article } : s;
}

/** The policy body the API takes (no id or version: the server sets them). */
export function bodyOf(d: PolicyDraft): Record<string, unknown> {
  const clocks: Record<string, unknown> = {};
  for (const r of d.clocks) {
    if (!r.enabled) continue;
    const source = sourceOf(r, d.sources);
    const note = r.note.trim();
    clocks[r.id] = {
      startsAt: r.startsAt,
      rule: ruleOf(r),
      reminders: parseReminders(r.reminders),
      escalateTo: [...r.escalateTo],
      ...(source ? { source } : {}),
      ...(note ? { note } : {}),
      ...r.carried,
    };
  }
  const lines = (text: string) =>
    text
      .split('\n')
      .map((n) => n.trim())
      .filter(Boolean);
  const notes = lines(d.notes);
  const copies = lines(d.copies);
  return {
    name: d.name.trim(),
    nameEn: d.nameEn.trim(),
    sources: d.sources.map((s) => {
      const article = s.article.trim();
      return { title: s.title.trim(), url: s.url.trim(), ...(article ? { article } : {}) };
    }),
    channels: [...d.channels],
    clocks,
    leadWaitsForCoOpinions: d.leadWaitsForCoOpinions,
    notifyProposerOfExtension: d.notifyProposerOfExtension,
    jointReply: d.jointReply,
    officeReview: d.officeReview,
    replyPerProposer: d.replyPerProposer,
    ...(copies.length ? { copies } : {}),
    contactRequiredBeforeReply: d.contactRequiredBeforeReply,
    replyClasses: d.classes.map((c) => {
      const labelEn = c.labelEn.trim();
      return { code: c.code.trim(), label: c.label.trim(), ...(labelEn ? { labelEn } : {}) };
    }),
    feedbackNoAnswer: d.feedbackNoAnswer,
    rehandlingOnBasicallySatisfied: d.rehandlingOnBasicallySatisfied,
    trackingClasses: d.classes.filter((c) => c.tracking && c.code.trim()).map((c) => c.code.trim()),
    ...(notes.length ? { notes } : {}),
  };
}

/**
 * The field of the form a problem's path belongs to: the items of a list to the list
 * (clocks.mainReply.reminders.1 → clocks.mainReply.reminders), a source's parts to the source, a
 * variant's anything to the carried variants, the rule's number to `rule.count`.
 */
export function formField(path: string): string {
  const p = path.replace(/\[(\d+)\]/g, '.$1');
  const clock = /^(clocks\.\w+)\.(.+)$/.exec(p);
  if (clock) {
    const [, at, rest] = clock;
    if (/^(reminders|escalateTo)\./.test(rest)) return `${at}.${rest.split('.')[0]}`;
    if (/^source\./.test(rest)) return `${at}.source`;
    if (/^(complex|byChannel|closedSession|repeat)(\.|$)/.test(rest)) return `${at}.carried`;
    if (/^rule\.(months|days)$/.test(rest)) return `${at}.rule.count`;
    if (/^rule\.(roll|date|month|day)$/.test(rest)) return `${at}.rule`;
    return p;
  }
  if (/^(channels|trackingClasses|notes)\.\d+$/.test(p)) return p.split('.')[0];
  return p;
}
