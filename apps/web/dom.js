// Small DOM helpers. Text always goes in as text nodes, never as HTML, so case content typed
// by anyone cannot inject markup.

/** h('p', { class: 'x', onclick: fn }, 'text', child, [more]) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'value') el.value = v;
    else if (k === 'checked') el.checked = true;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of [children].flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

/** Chinese label with a small English hint: 案件列表 Cases */
export const label = (zh, en) => [zh, en ? h('small', { class: 'en' }, en) : null];

/** The API's refusal, as the user should see it: its detail first, then code, status and request id. */
export function problemBox(err) {
  const fields = (err.errors ?? []).map((e) =>
    h('li', {}, h('code', {}, e.field ?? ''), ' ', e.messageZh ?? e.message ?? JSON.stringify(e)),
  );
  return h(
    'div',
    { class: 'problem', role: 'alert' },
    h('p', { class: 'problem-detail' }, err.detail ?? err.message ?? String(err)),
    fields.length ? h('ul', { class: 'problem-fields' }, fields) : null,
    h(
      'p',
      { class: 'problem-meta' },
      h('code', { class: 'problem-code' }, err.code ?? 'ERROR'),
      err.status ? ` · HTTP ${err.status}` : '',
      err.requestId ? ` · 请求号 ${err.requestId}` : '',
    ),
  );
}

/** Replaces the contents of `slot` with the error (or empties it when `err` is null). */
export function showProblem(slot, err) {
  clear(slot);
  if (err) slot.append(problemBox(err));
}

/** A labelled form field. `input` is an element; the label wraps it so clicks focus it. */
export function field(zh, en, input, hint) {
  return h(
    'label',
    { class: 'field' },
    h('span', { class: 'field-label' }, label(zh, en)),
    input,
    hint ? h('span', { class: 'hint' }, hint) : null,
  );
}

export function select(name, options, selected, attrs = {}) {
  return h(
    'select',
    { name, ...attrs },
    Object.entries(options).map(([value, text]) =>
      h('option', { value, selected: value === selected }, text),
    ),
  );
}

/** Form values by input name; checkboxes as booleans, number inputs as numbers. */
export function formValues(form) {
  const out = {};
  for (const el of form.elements) {
    if (!el.name || el.disabled) continue;
    if (el.type === 'checkbox') out[el.name] = el.checked;
    else if (el.type === 'radio') {
      if (el.checked) out[el.name] = el.value;
    } else if (el.type === 'number') out[el.name] = el.value === '' ? undefined : Number(el.value);
    else out[el.name] = el.value.trim();
  }
  return out;
}

/** Disables a form's controls while `work` runs. */
export async function busy(form, work) {
  const controls = [...form.querySelectorAll('button, input, select, textarea')].filter((c) => !c.disabled);
  controls.forEach((c) => (c.disabled = true));
  form.classList.add('busy');
  try {
    return await work();
  } finally {
    controls.forEach((c) => (c.disabled = false));
    form.classList.remove('busy');
  }
}
