/**
 * What every page shares: the interface language (Chinese first, English by a switch), a one-shot
 * notice shown at the top of the next page, and the words of the domain's one label table.
 */
import { ref } from 'vue';
import { LABELS, labelOf, type Label, type Lang } from '@banli/domain/vocabulary';

const LANG_KEY = 'banli.lang';

/** The interface language; zh-CN unless the person switched to English (kept in this browser). */
export const lang = ref<Lang>(localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh-CN');

export function setLang(l: Lang) {
  lang.value = l;
  localStorage.setItem(LANG_KEY, l);
  document.documentElement.lang = l;
}

/** Chinese or English by the current language. */
export const t = (zh: string, en: string): string => (lang.value === 'en' ? en : zh);

/** A label from the domain's table in the current language; unknown keys are shown as they are. */
export function word(table: Readonly<Record<string, Label>>, key: string | null | undefined): string {
  if (key === null || key === undefined || key === '') return '';
  return labelOf(table, key, lang.value);
}

export { LABELS };

/** What a select (:empty-values) treats as nothing chosen: '' is a real choice (全部, 全案, 不指定). */
export const EMPTY = [null, undefined];

export interface Notice {
  text: string;
  kind: 'ok' | 'warn';
  /** When it was set (ms): a navigation right after it carries it to the page it leads to. */
  at: number;
}

/**
 * What an action wants the person to read (已签收。, why they were signed out): shown at the top of
 * the page, whether the action stays on its page or moves to another one; a later navigation
 * clears it.
 */
export const notice = ref<Notice | null>(null);

export function flash(text: string, kind: Notice['kind'] = 'ok') {
  notice.value = { text, kind, at: Date.now() };
}

/** A navigation clears the notice unless the notice was set just before it (for the page it leads to). */
export function noticeAfterNavigation(now = Date.now()) {
  if (notice.value && now - notice.value.at > 1500) notice.value = null;
}
