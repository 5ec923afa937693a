/**
 * What the administrator's screens share: a refusal's field errors placed under their inputs (in
 * Chinese), also those of a list's rows, the notice after a save, a password a person can read out
 * over the phone, a screen's first load, and the lists' loading, search and count.
 */
import { computed, nextTick, onMounted, ref, type Ref } from 'vue';
import type { Router, RouteLocationRaw } from 'vue-router';
import { asProblem, type ApiProblem, type FieldProblem } from '../../api/problem';
import type { components } from '../../api/schema';
import { flash, LABELS, lang, t, word } from '../../ui';
import { firstLoad } from '../../view';
import { fieldPath, problemNotes, problemsOf } from './config';

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

/** Notes by field, several on one field joined with ；(a note already there is not said twice). */
export function notesByField(
  notes: Iterable<readonly [field: string, text: string]>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, text] of notes) {
    if (!text) continue;
    const had = out[field];
    if (!had) out[field] = text;
    else if (!had.includes(text)) out[field] = `${had}；${text}`;
  }
  return out;
}

/**
 * A refusal's field errors by API field path (`leaderEmail`, `contacts.1.email`), with the
 * problems a 422 of a jurisdiction or policy body carries (`calendarOverrides.0.date`); `byCode`
 * names the field a whole-request refusal concerns (UNIT_CODE_TAKEN → code), which then shows its
 * detail.
 */
export function fieldErrors(p: ApiProblem, byCode: Record<string, string> = {}): Record<string, string> {
  const field = byCode[p.code];
  return notesByField([
    ...p.errors.flatMap((e): [string, string][] => (e.field ? [[fieldPath(e.field), fieldMessage(e)]] : [])),
    ...problemNotes(problemsOf(p)),
    ...(field ? [[field, p.detail] as const] : []),
  ]);
}

/** What a labelled field of an administrator's form is given (AdminField, AdminInput, AdminSelect). */
export interface FieldProps {
  zh: string;
  en: string;
  /** The API's field path, e.g. leaderEmail or contacts.1.email. */
  field: string;
  errors: Record<string, string>;
  hint?: string | null;
  required?: boolean;
}

/** A field holding one input (AdminInput, AdminSelect), which is named after the field or `name`. */
export interface InputProps extends FieldProps {
  name?: string;
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
 * A form's refusal and its notes under the fields: `root` is the wrapper's template ref, `typed`
 * takes a field's note away as it is corrected, `refused` shows what a save was refused for.
 */
export function useFieldErrors() {
  const problem = ref<ApiProblem | null>(null);
  const errors = ref<Record<string, string>>({});
  const busy = ref(false);
  const root = ref<FormRoot>(null);

  /** Typing into a flagged input takes its note away; the other notes stay until the next save. */
  function typed(field: string) {
    if (!errors.value[field]) return;
    const { [field]: _gone, ...rest } = errors.value;
    errors.value = rest;
  }

  /** A save starts: the form waits, the last refusal goes (its field notes stay until the answer). */
  function saving() {
    busy.value = true;
    problem.value = null;
  }

  /** The save was refused: the problem, its field notes (see fieldErrors), the focus on the first. */
  async function refused(e: unknown, byCode: Record<string, string> = {}) {
    const p = asProblem(e);
    problem.value = p;
    errors.value = fieldErrors(p, byCode);
    busy.value = false;
    await focusFirstInvalid(root.value);
  }

  return { problem, errors, busy, root, typed, saving, refused };
}

/**
 * The fields of a list's rows as the API names them, by a row's place in the last save
 * (`contacts.1.email`): rows left empty are not sent, and a row added since has no place
 * (`contacts.new.email`). `sent` is told the rows of each save.
 */
export function rowFields<R>(list: string) {
  let last: readonly R[] = [];
  return {
    field: (r: R, sub: string) => {
      const i = last.indexOf(r);
      return i >= 0 ? `${list}.${i}.${sub}` : `${list}.new.${sub}`;
    },
    sent: (rows: readonly R[]) => {
      last = rows;
    },
  };
}

/**
 * A screen's first load, when it is mounted: what it throws becomes `loadProblem`, and `ready`
 * tells the page once it is `loaded`, either way.
 */
export function useAdminLoad(load: () => Promise<void>, ready: () => void) {
  const loaded = ref(false);
  const loadProblem = ref<ApiProblem | null>(null);
  onMounted(async () => {
    await firstLoad(loaded, loadProblem, load);
    ready();
  });
  return { loaded, loadProblem };
}

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

/** A text for a table cell: the parts present, joined. */
export const joined = (parts: (string | null | undefined)[], sep = ' · ') => parts.filter(Boolean).join(sep);

/** A role in the interface language (系统管理员). */
export const roleName = (r: string | null | undefined) => word(LABELS.role, r);

/** A proposer with its kind: 李明（代表）. */
export const partyText = (p: Pick<components['schemas']['PartyDto'], 'name' | 'kind'>) =>
  `${p.name}（${word(LABELS.partyKind, p.kind)}）`;

/** An account's state as the list filters it. */
export type AccountState = 'active' | 'locked' | 'inactive';
export const ACCOUNT_STATES: AccountState[] = ['active', 'locked', 'inactive'];
export const accountStateOf = (u: { active: boolean; locked: boolean }): AccountState =>
  !u.active ? 'inactive' : u.locked ? 'locked' : 'active';
const ACCOUNT_STATE_WORDS: Record<AccountState, { zh: string; en: string }> = {
  active: { zh: '启用', en: 'active' },
  locked: { zh: '已锁定', en: 'locked' },
  inactive: { zh: '已停用', en: 'deactivated' },
};
/** 启用, 已锁定, 已停用: the badges and the status filter say the same. */
export const accountStateWord = (s: AccountState) => word(ACCOUNT_STATE_WORDS, s);

/** Whether every word typed in `q` appears in `text` (letter case aside); nothing typed matches all. */
export function matchesAll(q: string, text: string): boolean {
  const words = q.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return true;
  const hay = text.toLowerCase();
  return words.every((w) => hay.includes(w));
}

/**
 * A list of the administrator's screens: loaded when it is mounted (`ready` then tells the page,
 * even when loading was refused), searched by every word typed into `q`, and counted as
 * 共 N 个单位 or 找到 n / N 个单位. `text` is what the search looks in (worked out once per load,
 * not per key typed); `keep` holds the list's other filters.
 */
export function useAdminList<T>(opts: {
  items: Ref<T[]>;
  load: () => Promise<void>;
  text: (item: T) => (string | null | undefined)[];
  keep?: (item: T) => boolean;
  /** What is counted: { zh: '个单位', en: 'units' }. */
  noun: { zh: string; en: string };
  ready: () => void;
}) {
  const q = ref('');
  const { loaded, loadProblem } = useAdminLoad(opts.load, opts.ready);

  const searchable = computed(() =>
    opts.items.value.map((item) => ({ item, text: joined(opts.text(item), ' ').toLowerCase() })),
  );
  const shown = computed(() =>
    searchable.value
      .filter(({ item, text }) => matchesAll(q.value, text) && (opts.keep?.(item) ?? true))
      .map(({ item }) => item),
  );
  const count = computed(() => {
    const n = opts.items.value.length;
    const { zh, en } = opts.noun;
    return shown.value.length === n
      ? t(`共 ${n} ${zh}`, `${n} ${en}`)
      : t(`找到 ${shown.value.length} / ${n} ${zh}`, `${shown.value.length} of ${n} ${en}`);
  });

  return { q, loaded, loadProblem, shown, count };
}
