import { clockLabel, startEventLabel, type StartEvent } from '../vocabulary/index';
import type { DeadlineRule } from './types';

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
      return `${clockLabel(rule.clock)}期限届满前${rule.days}${rule.unit === 'workingDays' ? '个工作日' : '日'}`;
    case 'minutes':
      return `${rule.minutes}分钟（演练）`;
  }
}

/** The rule in Chinese as a regulation would word it, e.g. 交办之日起3个月. */
export function ruleTextZh(rule: DeadlineRule, start: StartEvent): string {
  const s = startEventLabel(start);
  switch (rule.kind) {
    case 'calendarDays':
    case 'workingDays':
    case 'months':
      return `${s}之日起${ruleLengthZh(rule)}`;
    case 'minutes':
      return `${s}起${ruleLengthZh(rule)}`;
    case 'fixedMonthDay':
      return `${s}当年${ruleLengthZh(rule)}`;
    case 'fixedDate':
    case 'offsetBefore':
      return ruleLengthZh(rule);
  }
}

/** The rule in English, e.g. 3 months from assignment. */
export function ruleTextEn(rule: DeadlineRule, start: StartEvent): string {
  const s = startEventLabel(start, 'en');
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
      return `${plural(rule.days, rule.unit === 'workingDays' ? 'working day' : 'day')} before the ${clockLabel(rule.clock, 'en')} deadline`;
    case 'minutes':
      return `${plural(rule.minutes, 'minute')} from ${s} (drill)`;
  }
}
