// 单位与账号 (administrator): handling units with their contacts, and accounts.
import { h } from '../dom.js';

/** #/admin/units, #/admin/units/<id>, #/admin/users, #/admin/users/<id> */
export async function adminView(root, ctx, section, rest, stillCurrent) {
  void ctx;
  void rest;
  void stillCurrent;
  root.append(h('h1', {}, '单位与账号'), h('p', {}, `(${section})`));
}
