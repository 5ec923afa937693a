/**
 * What the administrator's forms share: a refusal's field errors placed under their inputs (in
 * Chinese), the notice after a save, and a password a person can read out over the phone.
 */
import { nextTick } from 'vue';
import type { Router, RouteLocationRaw } from 'vue-router';
import type { ApiProblem, FieldProblem } from '../../api/problem';
import { formatDateTimeEn, formatDateTimeZh } from '../../format';
import { flash, lang, t } from '../../ui';

/** class-validator's English wording, in words that name what to type (the API's messageZh is generic). */
const MESSAGES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/must be an email/, () => t('邮箱格式不正确', 'not an e-mail address')],
  [/should not be empty/, () => t('不能为空', 'must not be empty')],
  [/must not be empty or blank/, () => t('不能为空', 'must not be empty')],
  [
    /must be longer than or equal to (\d+) characters/,
    (m) => t(`至少 ${m[1]} 个字符`, `at least ${m[1]} characters`),
  ],
  [
    /must be shorter than or equal to (\d+) characters/,
    (m) => t(`不能超过 ${m[1]} 个字符`, `at most ${m[1]} characters`),
  ],
  [/^code must be/, () => t('单位代码须为 1–64 位字母、数字或 . _ -', '1–64 letters, digits or . _ -')],
  [/^username must be/, () => t('登录名须为 3–64 位字母、数字或 . _ @ -', '3–64 letters, digits or . _ @ -')],
  [/must be a UUID/, () => t('请从列表中选择', 'choose from the list')],
  [/must be one of the following values/, () => t('请从列表中选择', 'choose from the list')],
  [/must contain no more than (\d+) elements/, (m) => t(`最多 ${m[1]} 项`, `at most ${m[1]}`)],
  [/must be a string/, () => t('须填写文字', 'must be text')],
  [/must be a boolean/, () => t('须为是或否', 'must be yes or no')],
  [/should not exist/, () => t('不接受此项', 'not accepted')],
];

export function fieldMessage(e: FieldProblem): string {
  const message = e.message ?? '';
  for (const [re, say] of MESSAGES) {
    const m = re.exec(message);
    if (m) return say(m);
  }
  return (lang.value === 'en' ? e.message : e.messageZh) ?? e.message ?? '';
}

/**
 * A refusal's field errors by API field path (`leaderEmail`, `contacts.1.email`); `byCode` names the
 * field a whole-request refusal concerns (UNIT_CODE_TAKEN → code), which then shows its detail.
 */
export function fieldErrors(p: ApiProblem, byCode: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (field: string, text: string) => {
    if (!text) return;
    const had = out[field];
    if (!had) out[field] = text;
    else if (!had.includes(text)) out[field] = `${had}；${text}`;
  };
  for (const e of p.errors) if (e.field) add(e.field, fieldMessage(e));
  const field = byCode[p.code];
  if (field) add(field, p.detail);
  return out;
}

/** A wrapper element of a form, as a template ref holds it. */
export type FormRoot = HTMLElement | null;

/** Puts the focus on the first element inside `root` matching `selector`, once Vue has drawn it. */
export async function focusIn(root: FormRoot, selector: string) {
  await nextTick();
  root?.querySelector<HTMLElement>(selector)?.focus();
}

/** Puts the focus on the first input flagged invalid (after Vue has drawn the flags). */
export const focusFirstInvalid = (root: FormRoot) => focusIn(root, '[aria-invalid="true"]');

/**
 * Goes to `to`, then shows `text` there: the layout clears a notice on navigation, so it is set
 * once the new page is current.
 */
export async function goWithNotice(router: Router, to: RouteLocationRaw, text: string) {
  await router.push(to);
  await nextTick();
  flash(text);
}

/** 14 characters a person can read out over the phone (no 0/O, 1/l/I). */
export function randomPassword(): string {
  const abc = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  return [...crypto.getRandomValues(new Uint8Array(14))].map((b) => abc[b % abc.length]).join('');
}

/** An instant in the interface language, or — when there is none. */
export function when(v: string | null | undefined): string {
  if (!v) return '—';
  return lang.value === 'en' ? formatDateTimeEn(v) : formatDateTimeZh(v);
}

/** A text for a table cell: the parts present, joined. */
export const joined = (parts: (string | null | undefined)[], sep = ' · ') => parts.filter(Boolean).join(sep);
