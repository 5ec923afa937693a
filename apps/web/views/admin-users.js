// 账号 (administrator): the accounts list with unlock and deactivate, and one account's form.
import { api, get, post, qs } from '../api.js';
import { busy, clear, field, formValues, h, label, select, showProblem } from '../dom.js';
import { PARTY_KINDS, USER_ROLES, dateTimeZh } from '../format.js';
import { clearOnInput, confirmButton, filterRows, markFields, pressing, rowProblem } from './admin-forms.js';

const esc = (s) => encodeURIComponent(s);
const roleName = (r) => USER_ROLES[r] ?? r;
const partyText = (p) => `${p.name}（${PARTY_KINDS[p.kind] ?? p.kind}）`;
/** Which binding a role needs, when GET /roles did not say (it always does). */
const bindingOf = (roles, role) =>
  roles.find((r) => r.role === role)?.binding ??
  (role === 'unitStaff' || role === 'unitLeader' ? 'unit' : role === 'proposer' ? 'party' : 'none');

/** The query part of the address (#/admin/users?unitId=…), which the router does not pass on. */
const hashQuery = () => new URLSearchParams(location.hash.split('?')[1] ?? '');

/** #/admin/users (list), #/admin/users/new, #/admin/users/<id> */
export async function usersSection(root, ctx, rest, stillCurrent) {
  const [id] = rest;
  if (id) {
    const [user, roles, units, parties] = await Promise.all([
      id === 'new' ? null : get(`/users/${esc(id)}`),
      get('/roles'),
      get('/units'),
      get(`/parties${qs({ limit: 200 })}`),
    ]);
    if (!stillCurrent()) return;
    return userForm(root, ctx, user, roles, units, parties);
  }
  return userList(root, ctx, stillCurrent);
}

function statusCell(u) {
  return [
    u.active
      ? h('span', { class: 'badge active', title: 'active' }, '启用')
      : h('span', { class: 'badge inactive', title: 'deactivated' }, '已停用'),
    u.locked ? h('span', { class: 'badge locked', title: 'locked' }, '已锁定') : null,
    u.locked && u.lockedUntil ? h('span', { class: 'sub' }, `锁定至 ${dateTimeZh(u.lockedUntil)}`) : null,
    !u.locked && u.failedLogins
      ? h('span', { class: 'sub warn' }, `已连续登录失败 ${u.failedLogins} 次`)
      : null,
    h('span', { class: 'sub' }, u.lastLoginAt ? `最近登录 ${dateTimeZh(u.lastLoginAt)}` : '从未登录'),
  ];
}

async function userList(root, ctx, stillCurrent) {
  const [users, units, parties] = await Promise.all([
    get('/users'),
    get('/units'),
    get(`/parties${qs({ limit: 200 })}`),
  ]);
  if (!stillCurrent()) return;
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const partyName = new Map(parties.map((p) => [p.id, partyText(p)]));
  const me = ctx.user?.id;

  root.append(
    h(
      'div',
      { class: 'page-head' },
      h('h2', {}, label('账号', 'Accounts')),
      h('a', { class: 'button primary', href: '#/admin/users/new' }, '新增账号'),
    ),
  );

  const rows = users.map((u) => {
    const binding = u.unitId
      ? (unitName.get(u.unitId) ?? u.unitId)
      : u.partyId
        ? (partyName.get(u.partyId) ?? '提出人（不在前 200 名内）')
        : '—';
    const tr = h(
      'tr',
      {
        class: u.active ? '' : 'done',
        dataset: {
          userId: u.id,
          username: u.username,
          role: u.role,
          unitId: u.unitId ?? '',
          status: !u.active ? 'inactive' : u.locked ? 'locked' : 'active',
          search: [u.username, u.displayName, u.email, binding].filter(Boolean).join(' '),
        },
      },
      h(
        'td',
        { class: 'nowrap' },
        h('a', { href: `#/admin/users/${u.id}`, class: 'username' }, u.username),
        u.id === me ? h('span', { class: 'sub' }, '（当前登录）') : null,
      ),
      h('td', {}, u.displayName),
      h('td', { class: 'nowrap' }, h('span', { class: 'role', title: u.role }, roleName(u.role))),
      h('td', {}, binding),
      h('td', { class: 'mail-recipient' }, u.email ?? '—'),
      h('td', { class: 'nowrap status' }, statusCell(u)),
      h('td', { class: 'nowrap row-actions' }),
    );
    const cell = tr.lastElementChild;
    cell.append(h('a', { class: 'button', href: `#/admin/users/${u.id}` }, '修改'));
    if (u.locked) {
      const unlock = unlockButton(ctx, u, (e) => rowProblem(tr, e));
      cell.append(' ', unlock);
    }
    if (u.id !== me) {
      const setActive = async (active) => {
        try {
          await api('PATCH', `/users/${esc(u.id)}`, { active });
          ctx.flash(
            active
              ? `已启用账号 ${u.username}，可以重新登录。`
              : `已停用账号 ${u.username}，其登录立即失效。`,
          );
          ctx.go(location.hash);
        } catch (e) {
          rowProblem(tr, e);
        }
      };
      if (u.active) {
        cell.append(
          ' ',
          confirmButton('停用', `停用 ${u.username}？`, () => setActive(false)),
        );
      } else {
        const enable = h(
          'button',
          { type: 'button', class: 'enable', onclick: () => pressing(enable, () => setActive(true)) },
          '启用',
        );
        cell.append(' ', enable);
      }
    }
    return tr;
  });

  const wanted = hashQuery();
  const search = h('input', {
    type: 'search',
    class: 'list-filter',
    placeholder: '按登录名、姓名、邮箱或单位查找',
    'aria-label': '查找账号',
  });
  const roleFilter = select('role', { '': '全部角色', ...USER_ROLES }, wanted.get('role') ?? '', {
    'aria-label': '角色',
  });
  const unitFilter = select(
    'unitId',
    { '': '全部单位', ...Object.fromEntries(units.map((u) => [u.id, u.name])) },
    wanted.get('unitId') ?? '',
    { 'aria-label': '承办单位' },
  );
  const statusFilter = select(
    'status',
    { '': '全部状态', active: '启用', locked: '已锁定', inactive: '已停用' },
    wanted.get('status') ?? '',
    { 'aria-label': '状态' },
  );
  const count = h('span', { class: 'muted list-count' });
  const apply = filterRows(
    search,
    rows,
    (n) => {
      count.textContent =
        n === users.length ? `共 ${users.length} 个账号` : `找到 ${n} / ${users.length} 个账号`;
    },
    (tr) =>
      (!roleFilter.value || tr.dataset.role === roleFilter.value) &&
      (!unitFilter.value || tr.dataset.unitId === unitFilter.value) &&
      (!statusFilter.value || tr.dataset.status === statusFilter.value),
  );
  for (const s of [roleFilter, unitFilter, statusFilter]) s.addEventListener('change', apply);

  root.append(
    h('div', { class: 'list-tools' }, search, roleFilter, unitFilter, statusFilter, count),
    h(
      'table',
      { class: 'admin users-admin' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, label('登录名', 'user name')),
          h('th', {}, label('姓名', 'name')),
          h('th', {}, label('角色', 'role')),
          h('th', {}, label('所属单位/提出人', 'bound to')),
          h('th', {}, label('邮箱', 'e-mail')),
          h('th', {}, label('状态', 'status')),
          h('th', {}, ''),
        ),
      ),
      h('tbody', {}, rows),
    ),
  );
  apply();
}

/** 14 characters a person can read out over the phone (no 0/O, 1/l/I). */
function randomPassword() {
  const abc = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
  return [...crypto.getRandomValues(new Uint8Array(14))].map((b) => abc[b % abc.length]).join('');
}

function userForm(root, ctx, user, roles, units, parties) {
  const creating = !user;
  const self = !!user && user.id === ctx.user?.id;
  const problem = h('div', { class: 'slot' });

  const roleOptions = Object.fromEntries(roles.map((r) => [r.role, roleName(r.role)]));
  const roleSelect = select('role', roleOptions, user?.role ?? 'unitStaff', { disabled: self });
  const roleHint = h('span', { class: 'role-hint' });

  const unitSelect = select(
    'unitId',
    { '': '请选择承办单位', ...Object.fromEntries(units.map((u) => [u.id, `${u.name}（${u.code}）`])) },
    user?.unitId ?? '',
  );
  const unitField = h(
    'div',
    { class: 'bind-unit grid-2' },
    field('所属承办单位', 'unit', unitSelect, units.length ? null : '还没有承办单位，请先在“承办单位”页新增'),
  );

  const partySelect = h('select', { name: 'partyId' });
  const fillParties = (list) => {
    const current = partySelect.value || user?.partyId || '';
    clear(partySelect).append(h('option', { value: '' }, '请选择提出人'));
    for (const p of list) partySelect.append(h('option', { value: p.id }, partyText(p)));
    if (current && !list.some((p) => p.id === current))
      partySelect.append(h('option', { value: current }, '（当前绑定的提出人）'));
    partySelect.value = current;
  };
  fillParties(parties);
  const partySearch = h('input', { type: 'search', placeholder: '输入姓名查找', 'aria-label': '查找提出人' });
  const partyProblem = h('div', { class: 'slot' });
  let searchTimer = 0;
  partySearch.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(async () => {
      try {
        fillParties(await get(`/parties${qs({ q: partySearch.value.trim(), limit: 200 })}`));
        showProblem(partyProblem, null);
      } catch (e) {
        showProblem(partyProblem, e);
      }
    }, 300);
  });
  const partyField = h(
    'div',
    { class: 'bind-party' },
    h(
      'div',
      { class: 'grid-2' },
      field('查找提出人', 'search', partySearch, '代表、委员或党派团体，登记建议/提案时录入'),
      field('代表委员（提出人）', 'party', partySelect),
    ),
    partyProblem,
  );

  const showBinding = () => {
    const binding = bindingOf(roles, roleSelect.value);
    unitField.hidden = binding !== 'unit';
    unitSelect.disabled = binding !== 'unit';
    partyField.hidden = binding !== 'party';
    partySelect.disabled = binding !== 'party';
    const r = roles.find((x) => x.role === roleSelect.value);
    roleHint.textContent = r ? r.description : '';
  };
  roleSelect.addEventListener('change', showBinding);

  const password = h('input', {
    name: 'password',
    type: 'password',
    maxlength: 200,
    autocomplete: 'new-password',
    required: creating,
  });
  const generate = h(
    'button',
    {
      type: 'button',
      class: 'link-button generate',
      onclick: () => {
        password.value = randomPassword();
        password.type = 'text';
        password.dispatchEvent(new Event('input', { bubbles: true }));
      },
    },
    '随机生成',
  );

  const form = h(
    'form',
    {
      class: 'card admin-form admin-user',
      novalidate: true,
      autocomplete: 'off',
      dataset: { userId: user?.id ?? '' },
    },
    h(
      'h2',
      {},
      creating ? label('新增账号', 'New account') : label(`修改账号：${user.username}`, 'Edit account'),
    ),
    h(
      'div',
      { class: 'grid-2' },
      creating
        ? field(
            '登录名',
            'user name',
            h('input', { name: 'username', maxlength: 64, autocomplete: 'off', required: true }),
            '3–64 位字母、数字或 . _ @ -，创建后不能修改',
          )
        : field(
            '登录名',
            'user name',
            h('input', { value: user.username, readonly: true, class: 'readonly' }),
            '登录名不能修改',
          ),
      field(
        '姓名',
        'display name',
        h('input', { name: 'displayName', maxlength: 100, required: true, value: user?.displayName ?? '' }),
      ),
    ),
    h(
      'div',
      { class: 'grid-2' },
      field('角色', 'role', roleSelect, [
        roleHint,
        self ? h('span', { class: 'sub' }, '不能修改自己的角色（请由其他管理员操作）') : null,
      ]),
      field(
        '邮箱',
        'e-mail',
        h('input', { name: 'email', type: 'email', maxlength: 254, value: user?.email ?? '' }),
        '接收本人的任务邮件',
      ),
    ),
    unitField,
    partyField,
    h(
      'div',
      { class: 'grid-2' },
      field(
        creating ? '初始密码' : '新密码',
        'password',
        password,
        creating ? '至少 8 位；请告知本人' : '留空则不修改；至少 8 位，设置后同时解除登录锁定',
      ),
      h('div', { class: 'generate-wrap' }, generate),
    ),
    creating
      ? null
      : h(
          'label',
          { class: 'check' },
          h('input', { type: 'checkbox', name: 'active', checked: user.active, disabled: self }),
          label('启用', 'active'),
          h(
            'span',
            { class: 'hint' },
            self ? '不能停用自己' : '取消勾选即停用，该账号的登录立即失效；记录仍保留',
          ),
        ),
    problem,
    h(
      'div',
      { class: 'form-buttons' },
      h('button', { type: 'submit', class: 'primary' }, creating ? '新增' : '保存'),
      h('a', { href: '#/admin/users' }, '取消'),
    ),
  );
  clearOnInput(form);
  showBinding();

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const v = formValues(form);
    const role = roleSelect.value;
    const binding = bindingOf(roles, role);
    const bound = {
      // an empty choice goes as null, so the API says which binding the role needs
      unitId: binding === 'unit' ? v.unitId || null : null,
      partyId: binding === 'party' ? v.partyId || null : null,
    };
    let body;
    if (creating) {
      body = { username: v.username, displayName: v.displayName, password: password.value, role };
      if (binding === 'unit') body.unitId = bound.unitId;
      if (binding === 'party') body.partyId = bound.partyId;
      if (v.email) body.email = v.email;
    } else {
      body = { displayName: v.displayName, email: v.email || null, ...bound };
      if (!self) {
        body.role = role;
        body.active = v.active;
      }
      if (password.value) body.password = password.value;
    }
    const byCode = {
      USERNAME_TAKEN: 'username',
      USER_BINDING_INVALID: binding === 'unit' ? 'unitId' : binding === 'party' ? 'partyId' : 'role',
      UNKNOWN_UNIT_ID: 'unitId',
      UNKNOWN_PARTY: 'partyId',
      LAST_ADMIN: 'role',
    };
    let refused = null;
    await busy(form, async () => {
      try {
        const saved = creating
          ? (await api('POST', '/users', body)).data
          : (await api('PATCH', `/users/${esc(user.id)}`, body)).data;
        ctx.flash(
          creating
            ? `已新增账号 ${saved.username}（${roleName(saved.role)}）。请将登录名和初始密码告知本人。`
            : `已保存账号 ${saved.username}。`,
        );
        ctx.go('#/admin/users');
      } catch (e) {
        refused = e;
      }
    });
    if (refused) {
      showProblem(problem, refused);
      markFields(form, refused, (f) => form.querySelector(`[name="${f.split('.')[0]}"]`), byCode);
    }
  });

  root.append(form);
  if (user) root.append(statusCard(ctx, user));
  form.querySelector(creating ? '[name=username]' : '[name=displayName]').focus();
}

/** 登录状态 of an existing account, with 解锁 while it is locked. */
/** 解锁: lifts a login lock, then reloads the page; a refusal goes to `onProblem`. */
function unlockButton(ctx, user, onProblem) {
  const button = h(
    'button',
    {
      type: 'button',
      class: 'unlock',
      onclick: () =>
        pressing(button, async () => {
          try {
            await post(`/users/${esc(user.id)}/unlock`);
            ctx.flash(`已解除账号 ${user.username} 的登录锁定。`);
            ctx.go(location.hash);
          } catch (e) {
            onProblem(e);
          }
        }),
    },
    '解锁',
  );
  return button;
}

function statusCard(ctx, user) {
  const slot = h('div', { class: 'slot' });
  const unlock = user.locked ? unlockButton(ctx, user, (e) => showProblem(slot, e)) : null;
  return h(
    'section',
    { class: 'card account-status', dataset: { section: 'status' } },
    h('h2', {}, label('登录状态', 'sign-in status')),
    h(
      'dl',
      { class: 'facts' },
      h('dt', {}, '状态'),
      h('dd', {}, statusCell(user).slice(0, 2), unlock),
      h('dt', {}, '最近登录'),
      h('dd', {}, user.lastLoginAt ? dateTimeZh(user.lastLoginAt) : '从未登录'),
      h('dt', {}, '连续失败'),
      h('dd', {}, `${user.failedLogins} 次`),
      h('dt', {}, '锁定至'),
      h('dd', {}, user.locked && user.lockedUntil ? dateTimeZh(user.lockedUntil) : '—'),
      h('dt', {}, '创建于'),
      h('dd', {}, dateTimeZh(user.createdAt)),
    ),
    slot,
  );
}
