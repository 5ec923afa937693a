// 承办单位 (administrator): the list, and one unit's form with its contacts (联络员).
import { api, get } from '../api.js';
import { busy, field, formValues, h, label, showProblem } from '../dom.js';
import { dateTimeZh } from '../format.js';
import { clearOnInput, confirmButton, filterRows, markFields, rowProblem } from './admin-forms.js';

/** The unit's own fields: name, Chinese label, English hint, input attributes, hint. */
const FIELDS = [
  ['code', '单位代码', 'code', { maxlength: 64, autocomplete: 'off' }, '字母、数字或 . _ -，全系统唯一'],
  ['name', '单位名称', 'name', { maxlength: 200 }, null],
  ['shortName', '简称', 'short name', { maxlength: 64 }, '如 省教育厅'],
  ['contactName', '主要联系人', 'contact', { maxlength: 64 }, null],
  ['contactPhone', '联系电话', 'phone', { maxlength: 64 }, null],
  ['contactEmail', '联系人邮箱', 'e-mail', { maxlength: 254, type: 'email' }, '交办通知等任务邮件发往此邮箱'],
  ['leaderName', '单位负责人', 'leader', { maxlength: 64 }, '签发答复的负责人'],
  ['leaderEmail', '负责人邮箱', 'leader e-mail', { maxlength: 254, type: 'email' }, null],
];
const REQUIRED = ['code', 'name'];
const OPTIONAL = FIELDS.map(([name]) => name).filter((n) => !REQUIRED.includes(n));

const esc = (s) => encodeURIComponent(s);

/** #/admin/units (list), #/admin/units/new, #/admin/units/<id> */
export async function unitsSection(root, ctx, rest, stillCurrent) {
  const [id] = rest;
  if (id === 'new') return unitForm(root, ctx, null);
  if (id) {
    const unit = await get(`/units/${esc(id)}`);
    if (!stillCurrent()) return;
    return unitForm(root, ctx, unit);
  }
  return unitList(root, ctx, stillCurrent);
}

function contactCell(u) {
  const main = [u.contactName, u.contactPhone].filter(Boolean).join(' · ');
  return [
    h('span', {}, main || '—'),
    u.contactEmail ? h('span', { class: 'sub mail-recipient' }, u.contactEmail) : null,
  ];
}

function leaderCell(u) {
  return [
    h('span', {}, u.leaderName || '—'),
    u.leaderEmail ? h('span', { class: 'sub mail-recipient' }, u.leaderEmail) : null,
  ];
}

function contactsCell(u) {
  if (!u.contacts.length) return h('span', { class: 'muted' }, '—');
  return h(
    'ul',
    { class: 'plain contacts' },
    u.contacts.map((c) =>
      h(
        'li',
        {},
        h('span', {}, c.name),
        c.title ? h('span', { class: 'muted' }, `（${c.title}）`) : null,
        c.receivesTasks
          ? h('span', { class: 'badge tasks', title: 'receives task mail' }, '收任务邮件')
          : null,
        [c.phone, c.email].some(Boolean)
          ? h('span', { class: 'sub' }, [c.phone, c.email].filter(Boolean).join(' · '))
          : null,
      ),
    ),
  );
}

async function unitList(root, ctx, stillCurrent) {
  const [units, users] = await Promise.all([get('/units'), get('/users')]);
  if (!stillCurrent()) return;
  const accounts = new Map();
  for (const u of users) if (u.unitId) accounts.set(u.unitId, (accounts.get(u.unitId) ?? 0) + 1);

  const search = h('input', {
    type: 'search',
    class: 'list-filter',
    placeholder: '按代码、名称或联系人查找',
    'aria-label': '查找承办单位',
  });
  const count = h('span', { class: 'muted list-count' }, `共 ${units.length} 个单位`);
  root.append(
    h(
      'div',
      { class: 'page-head' },
      h('h2', {}, label('承办单位', 'Handling units')),
      h('a', { class: 'button primary', href: '#/admin/units/new' }, '新增承办单位'),
    ),
  );
  if (!units.length) {
    root.append(h('p', { class: 'empty' }, '还没有承办单位。请先新增，交办时才能选择。'));
    return;
  }

  const rows = units.map((u) => {
    const n = accounts.get(u.id) ?? 0;
    const tr = h(
      'tr',
      {
        dataset: {
          unitId: u.id,
          search: [u.code, u.name, u.shortName, u.contactName, u.leaderName, ...u.contacts.map((c) => c.name)]
            .filter(Boolean)
            .join(' '),
        },
      },
      h('td', { class: 'nowrap' }, h('code', {}, u.code)),
      h(
        'td',
        {},
        h('a', { href: `#/admin/units/${u.id}`, class: 'unit-name' }, u.name),
        u.shortName ? h('span', { class: 'sub' }, `简称：${u.shortName}`) : null,
      ),
      h('td', {}, contactCell(u)),
      h('td', {}, leaderCell(u)),
      h('td', {}, contactsCell(u)),
      h(
        'td',
        { class: 'nowrap' },
        n ? h('a', { href: `#/admin/users?unitId=${u.id}`, title: '查看该单位的账号' }, `${n} 个`) : '0',
      ),
      h('td', { class: 'nowrap row-actions' }),
    );
    tr.lastElementChild.append(
      h('a', { class: 'button', href: `#/admin/units/${u.id}` }, '修改'),
      ' ',
      confirmButton('删除', `删除“${u.name}”？`, async () => {
        try {
          await api('DELETE', `/units/${esc(u.id)}`);
          ctx._units = null;
          ctx.flash(`已删除承办单位“${u.name}”。`);
          ctx.go('#/admin/units');
        } catch (e) {
          rowProblem(tr, e);
        }
      }),
    );
    return tr;
  });

  root.append(
    h('div', { class: 'list-tools' }, search, count),
    h(
      'table',
      { class: 'admin units-admin' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, label('代码', 'code')),
          h('th', {}, label('单位名称', 'name')),
          h('th', {}, label('主要联系人', 'contact')),
          h('th', {}, label('负责人', 'leader')),
          h('th', {}, label('联络员', 'contacts')),
          h('th', {}, label('账号', 'accounts')),
          h('th', {}, ''),
        ),
      ),
      h('tbody', {}, rows),
    ),
  );
  filterRows(search, rows, (n) => {
    count.textContent =
      n === units.length ? `共 ${units.length} 个单位` : `找到 ${n} / ${units.length} 个单位`;
  });
}

/** One row of the contacts editor; a new row receives task mail unless unticked. */
function contactRow(c = {}) {
  const row = h(
    'div',
    { class: 'contact-row' },
    field('姓名', 'name', h('input', { name: 'c.name', maxlength: 64, value: c.name ?? '' })),
    field('职务', 'title', h('input', { name: 'c.title', maxlength: 64, value: c.title ?? '' })),
    field('电话', 'phone', h('input', { name: 'c.phone', maxlength: 64, value: c.phone ?? '' })),
    field(
      '邮箱',
      'e-mail',
      h('input', { name: 'c.email', type: 'email', maxlength: 254, value: c.email ?? '' }),
    ),
    h(
      'label',
      { class: 'check', title: '勾选后，交办通知等任务邮件也发给此联络员' },
      h('input', { type: 'checkbox', name: 'c.receivesTasks', checked: c.receivesTasks ?? true }),
      '接收任务邮件',
    ),
    h(
      'button',
      {
        type: 'button',
        class: 'link-button remove',
        title: '移除此联络员（保存后生效）',
        onclick: () => row.remove(),
      },
      '移除',
    ),
  );
  return row;
}

/** The contacts as the API takes them; rows left completely empty are skipped. */
function readContacts(box) {
  const rows = [];
  const contacts = [];
  for (const row of box.querySelectorAll('.contact-row')) {
    const v = (n) => row.querySelector(`[name="c.${n}"]`).value.trim();
    const c = { name: v('name'), title: v('title'), phone: v('phone'), email: v('email') };
    if (!c.name && !c.title && !c.phone && !c.email) continue;
    const out = { name: c.name };
    for (const k of ['title', 'phone', 'email']) if (c[k]) out[k] = c[k];
    out.receivesTasks = row.querySelector('[name="c.receivesTasks"]').checked;
    contacts.push(out);
    rows.push(row);
  }
  return { contacts, rows };
}

function unitForm(root, ctx, unit) {
  const creating = !unit;
  const problem = h('div', { class: 'slot' });
  const contactsBox = h(
    'div',
    { class: 'contacts-editor' },
    (unit?.contacts ?? []).map((c) => contactRow(c)),
  );
  const addContact = h(
    'button',
    {
      type: 'button',
      class: 'link-button add-contact',
      onclick: () => {
        const row = contactRow();
        contactsBox.append(row);
        row.querySelector('input').focus();
      },
    },
    '＋ 添加联络员',
  );
  const input = ([name, , , attrs]) =>
    h('input', { name, value: unit?.[name] ?? '', ...attrs, required: REQUIRED.includes(name) });
  const fieldOf = (f) => field(f[1], f[2], input(f), f[4]);
  const byName = Object.fromEntries(FIELDS.map((f) => [f[0], f]));

  const form = h(
    'form',
    { class: 'card admin-form admin-unit', novalidate: true, dataset: { unitId: unit?.id ?? '' } },
    h(
      'h2',
      {},
      creating ? label('新增承办单位', 'New unit') : label(`修改承办单位：${unit.name}`, 'Edit unit'),
    ),
    h('div', { class: 'grid-2' }, fieldOf(byName.code), fieldOf(byName.name)),
    h('div', { class: 'grid-4' }, fieldOf(byName.shortName)),
    h('h3', {}, label('主要联系人', 'main contact')),
    h(
      'div',
      { class: 'grid-4' },
      fieldOf(byName.contactName),
      fieldOf(byName.contactPhone),
      fieldOf(byName.contactEmail),
    ),
    h('h3', {}, label('单位负责人', 'leader')),
    h('div', { class: 'grid-4' }, fieldOf(byName.leaderName), fieldOf(byName.leaderEmail)),
    h('h3', {}, label('其他联络员', 'contacts')),
    h(
      'p',
      { class: 'muted' },
      '勾选“接收任务邮件”的联络员与主要联系人一同收到交办通知、催办等邮件。保存时联络员名单整体替换。',
    ),
    contactsBox,
    addContact,
    problem,
    h(
      'div',
      { class: 'form-buttons' },
      h('button', { type: 'submit', class: 'primary' }, creating ? '新增' : '保存'),
      h('a', { href: '#/admin/units' }, '取消'),
      unit
        ? h(
            'span',
            { class: 'muted stamp' },
            `创建于 ${dateTimeZh(unit.createdAt)} · 最近修改 ${dateTimeZh(unit.updatedAt)}`,
          )
        : null,
    ),
  );
  clearOnInput(form);

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const v = formValues(form);
    const { contacts, rows } = readContacts(contactsBox);
    const body = { code: v.code, name: v.name };
    for (const k of OPTIONAL) {
      // a cleared field is stored as empty (null) when editing; left out when creating
      if (v[k]) body[k] = v[k];
      else if (!creating) body[k] = null;
    }
    body.contacts = contacts;
    const locate = (path) => {
      const [top, index, sub] = path.split('.');
      if (top === 'contacts') {
        if (index === undefined) return addContact;
        return rows[Number(index)]?.querySelector(`[name="c.${sub ?? 'name'}"]`) ?? null;
      }
      return form.querySelector(`[name="${top}"]`);
    };
    let refused = null;
    await busy(form, async () => {
      try {
        const saved = creating
          ? (await api('POST', '/units', body)).data
          : (await api('PATCH', `/units/${esc(unit.id)}`, body)).data;
        ctx._units = null;
        ctx.flash(creating ? `已新增承办单位“${saved.name}”。` : `已保存承办单位“${saved.name}”。`);
        ctx.go('#/admin/units');
      } catch (e) {
        refused = e;
      }
    });
    // after busy() has enabled the inputs again, so the first flagged one can take the focus
    if (refused) {
      showProblem(problem, refused);
      markFields(form, refused, locate, { UNIT_CODE_TAKEN: 'code' });
    }
  });
  root.append(form);
  form.querySelector(creating ? '[name=code]' : '[name=name]').focus();
}
