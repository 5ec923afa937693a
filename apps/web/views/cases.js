import { get, qs } from '../api.js';
import { field, h, label, select } from '../dom.js';
import {
  CASE_STAGES,
  CHANNELS,
  HANDLING_ROLES,
  UNIT_STAGES,
  caseNumber,
  daysLeft,
  dueDateZh,
} from '../format.js';

const PAGE_SIZE = 20;
const FILTERS = [
  'jurisdiction',
  'channel',
  'term',
  'session',
  'stage',
  'unitStage',
  'overdue',
  'keyCase',
  'dueWithinDays',
  'q',
  'sort',
  'order',
  'page',
];

/** How far away a due date is, in words: 还剩5天 / 今日到期 / 已超期3天 */
export function dueHint(dueAt) {
  const n = daysLeft(dueAt);
  if (n === null) return '';
  if (n > 0) return `还剩${n}天`;
  if (n === 0) return '今日到期';
  return `已超期${-n}天`;
}

/** 案件列表: the cases this person may see, with filters and paging kept in the address. */
export async function caseListView(root, ctx, query, stillCurrent) {
  const params = Object.fromEntries(FILTERS.map((k) => [k, query.get(k) ?? '']));
  const page = Math.max(1, Number(params.page) || 1);

  const form = h(
    'form',
    { class: 'filters', role: 'search' },
    field('渠道', 'channel', select('channel', { '': '全部', ...CHANNELS }, params.channel)),
    field(
      '届',
      'term',
      h('input', { name: 'term', type: 'number', min: 1, value: params.term, placeholder: '届' }),
    ),
    field(
      '次',
      'session',
      h('input', {
        name: 'session',
        type: 'number',
        min: 1,
        value: params.session,
        placeholder: '次',
      }),
    ),
    // kept from a link (e.g. an import's session); there is no picker for it on this page
    params.jurisdiction
      ? h('input', { type: 'hidden', name: 'jurisdiction', value: params.jurisdiction })
      : null,
    field('案件阶段', 'stage', select('stage', { '': '全部', ...CASE_STAGES }, params.stage)),
    field(
      '单位办理阶段',
      'unit stage',
      select('unitStage', { '': '全部', ...UNIT_STAGES }, params.unitStage),
    ),
    field(
      '超期',
      'overdue',
      select('overdue', { '': '全部', true: '已超期', false: '未超期' }, params.overdue),
    ),
    field(
      'N天内到期',
      'due within',
      h('input', {
        name: 'dueWithinDays',
        type: 'number',
        min: 0,
        max: 366,
        value: params.dueWithinDays,
        placeholder: '天数',
      }),
    ),
    h(
      'label',
      { class: 'check' },
      h('input', { type: 'checkbox', name: 'keyCase', checked: params.keyCase === 'true' }),
      label('重点督办件', 'key cases'),
    ),
    field('标题或编号', 'search', h('input', { name: 'q', value: params.q, placeholder: '关键词' })),
    field(
      '排序',
      'sort',
      select('sort', { '': '最新登记', nextDueAt: '时限最近', number: '编号' }, params.sort),
    ),
    h(
      'div',
      { class: 'filter-buttons' },
      h('button', { type: 'submit', class: 'primary' }, '筛选'),
      h('a', { href: '#/cases' }, '清除'),
    ),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const f = new FormData(form);
    const next = {
      jurisdiction: f.get('jurisdiction'),
      channel: f.get('channel'),
      term: f.get('term'),
      session: f.get('session'),
      stage: f.get('stage'),
      unitStage: f.get('unitStage'),
      overdue: f.get('overdue'),
      dueWithinDays: f.get('dueWithinDays'),
      keyCase: f.get('keyCase') ? 'true' : '',
      q: String(f.get('q') ?? '').trim(),
      sort: f.get('sort'),
      order: f.get('sort') === 'nextDueAt' || f.get('sort') === 'number' ? 'asc' : '',
    };
    ctx.go(`#/cases${qs(next)}`);
  });

  root.append(
    h(
      'div',
      { class: 'page-head' },
      h('h1', {}, label('案件列表', 'Cases')),
      ctx.can('office', 'admin') ? h('a', { class: 'button primary', href: '#/new' }, '登记建议/提案') : null,
    ),
    form,
  );

  const request = { ...params, page, pageSize: PAGE_SIZE };
  const list = await get(`/proposals${qs(request)}`);
  if (!stillCurrent()) return;

  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  const rows = list.items.map((c) => {
    const lead = c.units.find((u) => u.active && u.role !== 'co') ?? c.units.find((u) => u.active);
    const leadCell = lead
      ? [
          h('span', {}, lead.unitName ?? '—'),
          h(
            'span',
            { class: 'sub' },
            `${HANDLING_ROLES[lead.role] ?? lead.role} · ${UNIT_STAGES[lead.stage] ?? lead.stage}`,
          ),
        ]
      : '—';
    return h(
      'tr',
      { class: c.overdue ? 'overdue' : '', dataset: { caseId: c.id } },
      h('td', { class: 'nowrap' }, caseNumber(c)),
      h(
        'td',
        { class: 'title', title: c.title },
        c.keyCase ? h('span', { class: 'badge key' }, '重点督办') : null,
        h('a', { href: `#/cases/${c.id}`, class: 'case-link' }, c.title),
      ),
      h('td', {}, h('span', { class: `stage stage-${c.stage}` }, CASE_STAGES[c.stage] ?? c.stage)),
      h('td', { class: 'unit' }, leadCell),
      h(
        'td',
        { class: 'nowrap' },
        c.nextDueAt
          ? [h('span', {}, dueDateZh(c.nextDueAt)), h('span', { class: 'sub' }, dueHint(c.nextDueAt))]
          : '—',
      ),
      h('td', {}, c.overdue ? h('span', { class: 'badge overdue', title: 'overdue' }, '超期') : ''),
    );
  });

  const pager = h(
    'div',
    { class: 'pager' },
    h('span', {}, `共 ${list.total} 件 · 第 ${list.page} / ${pages} 页`),
    page > 1
      ? h('a', { class: 'button', href: `#/cases${qs({ ...params, page: page - 1 })}` }, '‹ 上一页')
      : null,
    page < pages
      ? h('a', { class: 'button', href: `#/cases${qs({ ...params, page: page + 1 })}` }, '下一页 ›')
      : null,
  );

  root.append(
    list.items.length
      ? h(
          'table',
          { class: 'cases' },
          h(
            'colgroup',
            {},
            ['no', 'title', 'stage', 'unit', 'due', 'flag'].map((c) => h('col', { class: `col-${c}` })),
          ),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', {}, label('编号', 'No.')),
              h('th', {}, label('标题', 'title')),
              h('th', {}, label('阶段', 'stage')),
              h('th', {}, label('主办单位', 'lead unit')),
              h('th', {}, label('下一时限', 'next due')),
              h('th', {}, ''),
            ),
          ),
          h('tbody', {}, rows),
        )
      : h('p', { class: 'empty' }, '没有符合条件的案件。'),
    pager,
  );
}
