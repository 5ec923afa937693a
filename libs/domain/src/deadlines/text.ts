import type { ClockId, ClockStartEvent } from '../policies/types';
import type { DeadlineRule } from './types';

const START_ZH: Record<ClockStartEvent, string> = {
  assigned: '交办',
  received: '收到交办件',
  sessionClosed: '大会闭幕',
  adjustmentRequested: '收到调整申请',
  replied: '答复',
  rehandlingAssigned: '重新交办',
  feedbackReceived: '收到反馈意见',
  summoned: '约见',
};

const START_EN: Record<ClockStartEvent, string> = {
  assigned: 'assignment',
  received: 'receipt',
  sessionClosed: 'close of session',
  adjustmentRequested: 'the adjustment request',
  replied: 'the reply',
  rehandlingAssigned: 're-assignment',
  feedbackReceived: 'feedback',
  summoned: 'the summons',
};

const CLOCK_ZH: Record<ClockId, string> = {
  signFor: '签收',
  adjustmentWindow: '申请调整（退回）',
  adjustmentDecision: '答复调整申请',
  coHandlerOpinion: '会办单位提出会办意见',
  contactProposer: '联系沟通代表委员',
  mainReply: '主办单位答复',
  mainReplyComplex: '主办单位答复（复杂件）',
  extensionCap: '延期办理上限',
  feedback: '代表委员反馈意见',
  rehandling: '重新办理答复',
  followUpReport: '跟踪办理报告',
  publication: '答复公开',
};

const CLOCK_EN: Record<ClockId, string> = {
  signFor: 'sign-for',
  adjustmentWindow: 'adjustment request window',
  adjustmentDecision: 'answer to an adjustment request',
  coHandlerOpinion: "co-handler's opinion",
  contactProposer: 'contact with the proposer',
  mainReply: 'main reply',
  mainReplyComplex: 'main reply (complex item)',
  extensionCap: 'extension cap',
  feedback: "proposer's feedback",
  rehandling: 're-handling reply',
  followUpReport: 'follow-up report',
  publication: 'publication of the reply',
};

/** Chinese name of a start event, e.g. 交办. */
export function startEventLabelZh(e: ClockStartEvent): string {
  return START_ZH[e];
}

/** Chinese name of a clock, e.g. 主办单位答复. */
export function clockLabelZh(id: ClockId): string {
  return CLOCK_ZH[id];
}

/** English name of a clock, e.g. main reply. */
export function clockLabelEn(id: ClockId): string {
  return CLOCK_EN[id];
}

/** Short Chinese length of a rule, e.g. 3个月, 7个工作日, 5月31日前. */
export function ruleLengthZh(rule: DeadlineRule): string {
  switch (rule.kind) {
    case 'calendarDays':
      return `${rule.days}日`;
    case 'workingDays':
      return `${rule.days}个工作日`;
    case 'months':
      return `${rule.months}个月`;
    case 'fixedMonthDay':
      return `${rule.month}月${rule.day}日前`;
    case 'fixedDate':
      return `${Number(rule.date.slice(0, 4))}年${Number(rule.date.slice(5, 7))}月${Number(rule.date.slice(8, 10))}日前`;
    case 'offsetBefore':
      return `${CLOCK_ZH[rule.clock]}期限届满前${rule.days}${rule.unit === 'workingDays' ? '个工作日' : '日'}`;
  }
}

/** The rule in Chinese as a regulation would word it, e.g. 交办之日起3个月. */
export function ruleTextZh(rule: DeadlineRule, start: ClockStartEvent): string {
  const s = START_ZH[start];
  switch (rule.kind) {
    case 'calendarDays':
    case 'workingDays':
    case 'months':
      return `${s}之日起${ruleLengthZh(rule)}`;
    case 'fixedMonthDay':
      return `${s}当年${ruleLengthZh(rule)}`;
    case 'fixedDate':
    case 'offsetBefore':
      return ruleLengthZh(rule);
  }
}

/** The rule in English, e.g. 3 months from assignment. */
export function ruleTextEn(rule: DeadlineRule, start: ClockStartEvent): string {
  const s = START_EN[start];
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  switch (rule.kind) {
    case 'calendarDays':
      return `${plural(rule.days, 'day')} from ${s}`;
    case 'workingDays':
      return `${plural(rule.days, 'working day')} from ${s}`;
    case 'months':
      return `${plural(rule.months, 'month')} from ${s}`;
    case 'fixedMonthDay':
      return `by ${String(rule.month).padStart(2, '0')}-${String(rule.day).padStart(2, '0')} of the year of ${s}`;
    case 'fixedDate':
      return `by ${rule.date}`;
    case 'offsetBefore':
      return `${plural(rule.days, rule.unit === 'workingDays' ? 'working day' : 'day')} before the ${CLOCK_EN[rule.clock]} deadline`;
  }
}
