// 批量导入 (office): a session's proposal list from .xlsx or .csv — check first, then import.
import { h } from '../dom.js';

export async function importView(root, ctx, query, stillCurrent) {
  void ctx;
  void query;
  void stillCurrent;
  root.append(h('h1', {}, '批量导入'));
}
