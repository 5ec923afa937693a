import { isIsoDate } from '../calendar/dates';
import type { ConfigFieldError, CalendarOverride } from '../calendar/types';
import type { JurisdictionPolicy } from '../policies/types';
import { ESCALATION_TARGETS } from '../policies/types';
import { CHANNEL_LABELS } from '../vocabulary/labels';
import { CHANNELS, type Channel } from '../vocabulary/stages';
import { numberPatternProblems } from './patterns';
import { JURISDICTION_LEVELS, type Jurisdiction, type JurisdictionCalendarOverride } from './types';

export const JURISDICTION_ID = /^[a-z0-9][a-z0-9-]{1,63}$/;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown, max: number): v is string =>
  typeof v === 'string' && v.trim().length > 0 && v.length <= max;

/**
 * Every problem of a jurisdiction as data, each with its path (channels[1], calendarOverrides[0].date)
 * and a Chinese message; empty when it is sound. With its policy version, also checks that the
 * jurisdiction names that version and that the policy covers each of its channels.
 */
export function validateJurisdiction(j: unknown, policy?: JurisdictionPolicy): ConfigFieldError[] {
  const out: ConfigFieldError[] = [];
  const err = (path: string, message: string) => out.push({ path, message });
  if (!isObject(j)) return [{ path: '', message: '须为对象' }];

  if (!(typeof j.id === 'string' && JURISDICTION_ID.test(j.id)))
    err('id', '须为 2 至 64 个小写字母、数字或连字符，以字母或数字开头，如 liaoyuan-cppcc');
  if (!text(j.name, 100)) err('name', '须填写名称（不超过 100 个字符），如 辽源市政协');
  if (j.nameEn !== undefined && j.nameEn !== null && !text(j.nameEn, 200))
    err('nameEn', '英文名称填写时不能为空，且不超过 200 个字符');
  if (!(JURISDICTION_LEVELS as readonly unknown[]).includes(j.level))
    err('level', `须为 ${JURISDICTION_LEVELS.join('、')} 之一`);

  if (!Array.isArray(j.channels) || j.channels.length === 0) {
    err('channels', '至少选择一个渠道（npc 人大代表建议、cppcc 政协提案）');
  } else {
    const seen = new Set<unknown>();
    j.channels.forEach((c, i) => {
      if (!(CHANNELS as readonly unknown[]).includes(c)) err(`channels[${i}]`, '须为 npc 或 cppcc');
      else if (seen.has(c)) err(`channels[${i}]`, `重复的渠道 ${String(c)}`);
      else if (policy && !policy.channels.includes(c as (typeof CHANNELS)[number]))
        err(
          `channels[${i}]`,
          `政策 ${policy.id} 第${policy.version}版未规定${CHANNEL_LABELS[c as (typeof CHANNELS)[number]].zh}的办理期限`,
        );
      seen.add(c);
    });
  }

  if (typeof j.policyId !== 'string' || j.policyId.trim() === '') err('policyId', '须指定时限政策');
  else if (policy && policy.id !== j.policyId) err('policyId', `与所给政策 ${policy.id} 不符`);
  if (!Number.isInteger(j.policyVersion) || (j.policyVersion as number) < 1)
    err('policyVersion', '须为不小于 1 的整数');
  else if (policy && policy.version !== j.policyVersion)
    err('policyVersion', `与所给政策版本 ${policy.version} 不符`);

  if (!Array.isArray(j.calendarOverrides)) {
    err('calendarOverrides', '须为列表（可为空）');
  } else {
    const dates = new Set<string>();
    j.calendarOverrides.forEach((o, i) => {
      const at = `calendarOverrides[${i}]`;
      if (!isObject(o)) return err(at, '须为对象 {date, kind, note?}');
      if (!isIsoDate(o.date)) err(`${at}.date`, '须为有效日期 YYYY-MM-DD');
      else if (dates.has(o.date)) err(`${at}.date`, `${o.date} 重复`);
      else dates.add(o.date);
      if (o.kind !== 'workday' && o.kind !== 'holiday')
        err(`${at}.kind`, '须为 holiday（放假）或 workday（上班）');
      if (o.note !== undefined && !text(o.note, 200))
        err(`${at}.note`, '说明填写时不能为空，且不超过 200 个字符');
    });
  }

  for (const key of ['docNumberPattern', 'indexNumberPattern'] as const) {
    const v = j[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') err(key, '须为文字');
    else for (const m of numberPatternProblems(v)) err(key, m);
  }

  if (!Array.isArray(j.escalationContacts)) {
    err('escalationContacts', '须为列表（可为空）');
  } else {
    j.escalationContacts.forEach((c, i) => {
      const at = `escalationContacts[${i}]`;
      if (!isObject(c)) return err(at, '须为对象 {target, name, email?, phone?}');
      if (!(ESCALATION_TARGETS as readonly unknown[]).includes(c.target))
        err(`${at}.target`, `须为 ${ESCALATION_TARGETS.join('、')} 之一`);
      if (!text(c.name, 100)) err(`${at}.name`, '须填写姓名或机构名称（不超过 100 个字符）');
      if (
        c.email !== undefined &&
        !(typeof c.email === 'string' && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(c.email))
      )
        err(`${at}.email`, '邮箱格式不正确');
      if (c.phone !== undefined && !text(c.phone, 64))
        err(`${at}.phone`, '电话填写时不能为空，且不超过 64 个字符');
    });
  }
  if (typeof j.shipped !== 'boolean') err('shipped', '须为 true 或 false');
  return out;
}

/** A jurisdiction's local days as calendar overrides, to lay over the calendar in force. */
export function calendarOverridesOf(j: Pick<Jurisdiction, 'name' | 'calendarOverrides'>): CalendarOverride[] {
  return j.calendarOverrides.map((o: JurisdictionCalendarOverride) => ({
    date: o.date,
    working: o.kind === 'workday',
    reason: o.note?.trim() || `${j.name}${o.kind === 'workday' ? '调整为工作日' : '调整为休息日'}`,
  }));
}

/**
 * Why `channel` cannot be registered in a jurisdiction: its name, the channel, and the channels it
 * does handle, e.g. 全国人大代表建议办理（代表法）不办理政协提案，只办理：人大代表建议.
 */
export function channelNotCoveredMessage(
  where: string,
  channel: Channel,
  covered: readonly Channel[],
): string {
  const zh = (c: Channel) => CHANNEL_LABELS[c].zh;
  return `${where}不办理${zh(channel)}，只办理：${covered.map(zh).join('、') || '（无）'}`;
}
