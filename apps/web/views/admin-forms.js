// Shared pieces of the administrator's screens: field errors next to the inputs, row-level
// refusals in tables, a two-step delete button and a quick text filter for long lists.
import { clear, h, problemBox } from '../dom.js';

/** class-validator's English messages, in Chinese (the API's problem detail keeps the original). */
const MESSAGES = [
  [/must be an email/, () => '邮箱格式不正确'],
  [/should not be empty/, () => '不能为空'],
  [/must be longer than or equal to (\d+) characters/, (m) => `至少 ${m[1]} 个字符`],
  [/must be shorter than or equal to (\d+) characters/, (m) => `不能超过 ${m[1]} 个字符`],
  [/^code must be/, () => '单位代码须为 1–64 位字母、数字或 . _ -'],
  [/^username must be/, () => '登录名须为 3–64 位字母、数字或 . _ @ -'],
  [/must be a UUID/, () => '请从列表中选择'],
  [/must be one of the following values/, () => '请从列表中选择'],
  [/must contain no more than (\d+) elements/, (m) => `最多 ${m[1]} 项`],
  [/must be a string/, () => '须填写文字'],
  [/must be a boolean/, () => '须为是或否'],
  [/should not exist/, () => '不接受此项'],
];

export function zhFieldMessage(message) {
  for (const [re, say] of MESSAGES) {
    const m = re.exec(message ?? '');
    if (m) return say(m);
  }
  return message ?? '';
}

/** Removes the field errors shown by markFields (all of them, or those of one input). */
export function clearFieldErrors(scope) {
  for (const note of scope.querySelectorAll('.field-error')) note.remove();
  for (const el of scope.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}

/**
 * Shows each field error of a refusal under its input. `locate(field)` finds the input for an
 * API field path such as `leaderEmail` or `contacts.1.email`; `byCode` maps problem codes that
 * concern one field (UNIT_CODE_TAKEN → code) to that field. Returns how many were placed.
 */
export function markFields(form, err, locate, byCode = {}) {
  clearFieldErrors(form);
  const errors = [...(err?.errors ?? [])];
  if (err?.code && byCode[err.code]) errors.push({ field: byCode[err.code], message: err.detail });
  const notes = new Map();
  let first = null;
  for (const e of errors) {
    const input = e.field ? locate(e.field) : null;
    if (!input) continue;
    const text = zhFieldMessage(e.message);
    let note = notes.get(input);
    if (note) {
      if (!note.textContent.includes(text)) note.textContent += `；${text}`;
      continue;
    }
    note = h('span', { class: 'field-error', dataset: { field: e.field } }, text);
    input.setAttribute('aria-invalid', 'true');
    input.insertAdjacentElement('afterend', note);
    notes.set(input, note);
    first ??= input;
  }
  first?.focus();
  return notes.size;
}

/** Typing into a flagged input takes its note away (the rest stay until the next save). */
export function clearOnInput(form) {
  form.addEventListener('input', (ev) => {
    const el = ev.target;
    if (!(el instanceof Element) || !el.hasAttribute('aria-invalid')) return;
    el.removeAttribute('aria-invalid');
    if (el.nextElementSibling?.classList.contains('field-error')) el.nextElementSibling.remove();
  });
}

/** Shows a refusal in its own table row right under `tr` (replacing an earlier one). */
export function rowProblem(tr, err) {
  const next = tr.nextElementSibling;
  if (next?.classList.contains('row-problem')) next.remove();
  if (!err) return;
  const cols = tr.children.length || 1;
  tr.insertAdjacentElement(
    'afterend',
    h('tr', { class: 'row-problem' }, h('td', { colspan: cols }, problemBox(err))),
  );
}

/** A button that asks once more inline before doing something that cannot be undone. */
export function confirmButton(text, question, onConfirm, attrs = {}) {
  const wrap = h('span', { class: 'confirm' });
  const ask = () => {
    clear(wrap).append(
      h('span', { class: 'confirm-q' }, question),
      h(
        'button',
        {
          type: 'button',
          class: 'danger confirm-yes',
          onclick: async (ev) => {
            ev.currentTarget.disabled = true;
            try {
              await onConfirm();
            } finally {
              if (wrap.isConnected) reset();
            }
          },
        },
        `确认${text}`,
      ),
      h('button', { type: 'button', class: 'link-button confirm-no', onclick: () => reset() }, '取消'),
    );
  };
  const reset = () =>
    clear(wrap).append(h('button', { type: 'button', class: 'danger', onclick: ask, ...attrs }, text));
  reset();
  return wrap;
}

/** Disables a button while `work` runs. */
export async function pressing(button, work) {
  button.disabled = true;
  try {
    return await work();
  } finally {
    button.disabled = false;
  }
}

/** Hides the rows whose text does not contain the typed words; `count` says how many remain. */
export function filterRows(input, rows, count, extra = () => true) {
  const apply = () => {
    const words = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const tr of rows) {
      const text = (tr.dataset.search ?? tr.textContent).toLowerCase();
      const ok = words.every((w) => text.includes(w)) && extra(tr);
      tr.hidden = !ok;
      const next = tr.nextElementSibling;
      if (next?.classList.contains('row-problem')) next.hidden = !ok;
      if (ok) shown++;
    }
    count(shown);
  };
  input.addEventListener('input', apply);
  return apply;
}
