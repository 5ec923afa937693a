// 单位与账号 (administrator): handling units with their contacts, and accounts.
import { h, label, problemBox } from '../dom.js';
import { USER_ROLES } from '../format.js';
import { unitsSection } from './admin-units.js';
import { usersSection } from './admin-users.js';

const TABS = [
  ['units', '承办单位', 'Units'],
  ['users', '账号', 'Accounts'],
];

/** #/admin/units, #/admin/units/new, #/admin/units/<id>, #/admin/users, #/admin/users/new, #/admin/users/<id> */
export async function adminView(root, ctx, section, rest, stillCurrent) {
  root.append(h('h1', {}, label('单位与账号', 'Units and accounts')));
  if (!ctx.can('admin')) {
    const role = USER_ROLES[ctx.user?.role] ?? ctx.user?.role ?? '未登录';
    root.append(
      problemBox({
        code: 'FORBIDDEN_ROLE',
        status: 403,
        detail: `只有系统管理员可以管理承办单位与账号，当前账号的角色是“${role}”。如需修改单位联系人或账号，请联系系统管理员。`,
      }),
      h('a', { href: '#/cases' }, '返回案件列表'),
    );
    return;
  }
  root.append(
    h(
      'div',
      { class: 'tabs', role: 'navigation', 'aria-label': '单位与账号' },
      TABS.map(([key, zh, en]) =>
        h(
          'a',
          {
            href: `#/admin/${key}`,
            class: key === section ? 'active' : '',
            'aria-current': key === section ? 'page' : null,
          },
          label(zh, en),
        ),
      ),
    ),
  );
  const body = h('div', { class: 'admin-body' });
  root.append(body);
  if (section === 'units') await unitsSection(body, ctx, rest, stillCurrent);
  else if (section === 'users') await usersSection(body, ctx, rest, stillCurrent);
  else
    body.append(
      h('p', {}, '没有这个页面 (no such page)。'),
      h('a', { href: '#/admin/units' }, '返回承办单位'),
    );
}
