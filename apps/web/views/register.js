import { api, get } from '../api.js';
import { busy, clear, field, formValues, h, label, select, showProblem } from '../dom.js';
import { CHANNELS, PARTY_KINDS } from '../format.js';

function proposerRow(first) {
  const row = h(
    'div',
    { class: 'proposer-row' },
    field(
      first ? '领衔人/第一提案人' : '提出人',
      'name',
      h('input', { name: 'p.name', required: true, maxlength: 200 }),
    ),
    field('身份', 'kind', select('p.kind', PARTY_KINDS, 'deputy')),
    field('邮箱', 'email', h('input', { name: 'p.email', type: 'email' })),
    field('电话', 'phone', h('input', { name: 'p.phone', maxlength: 64 })),
  );
  if (!first) {
    row.append(
      h('button', { type: 'button', class: 'link-button remove', onclick: () => row.remove() }, '移除'),
    );
  }
  return row;
}

/** 登记: the office registers one proposal (the case workflow starts on submit). */
export async function registerView(root, ctx) {
  if (!ctx.can('office', 'admin')) {
    root.append(h('p', {}, '只有交办机关可以登记建议/提案 (office only)。'));
    return;
  }
  const policies = await get('/policies');
  const proposers = h('div', { class: 'proposers' }, proposerRow(true));
  const problem = h('div', { class: 'slot' });
  const form = h(
    'form',
    { class: 'card register' },
    h(
      'div',
      { class: 'grid-4' },
      field(
        '辖区政策',
        'jurisdiction',
        select(
          'jurisdiction',
          Object.fromEntries(policies.map((p) => [p.id, `${p.name}（${p.id}）`])),
          policies.some((p) => p.id === 'cn-national') ? 'cn-national' : policies[0]?.id,
        ),
      ),
      field('渠道', 'channel', select('channel', CHANNELS, 'npc')),
      field('届', 'term', h('input', { name: 'term', type: 'number', min: 1, required: true, value: 14 })),
      field(
        '次',
        'session',
        h('input', { name: 'session', type: 'number', min: 1, required: true, value: 3 }),
      ),
      field(
        '编号',
        'number',
        h('input', { name: 'number', required: true, maxlength: 32, placeholder: '如 006 或 建9' }),
      ),
      field('类别', 'category', h('input', { name: 'category', maxlength: 100, placeholder: '如 教育' })),
      h(
        'label',
        { class: 'check' },
        h('input', { type: 'checkbox', name: 'duringSession', checked: true }),
        label('会间提出', 'during the session'),
      ),
    ),
    field('标题', 'title', h('input', { name: 'title', required: true, maxlength: 500, class: 'wide' })),
    field('正文', 'content', h('textarea', { name: 'content', rows: 8 })),
    h('h2', {}, label('提出人', 'proposers')),
    proposers,
    h(
      'button',
      { type: 'button', class: 'link-button', onclick: () => proposers.append(proposerRow(false)) },
      '＋ 添加提出人',
    ),
    problem,
    h(
      'div',
      { class: 'form-buttons' },
      h('button', { type: 'submit', class: 'primary' }, '登记'),
      h('a', { href: '#/cases' }, '取消'),
    ),
  );

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const v = formValues(form);
    const people = [...proposers.querySelectorAll('.proposer-row')].map((row) => {
      const get = (n) => row.querySelector(`[name="p.${n}"]`).value.trim();
      return {
        name: get('name'),
        kind: get('kind'),
        ...(get('email') ? { email: get('email') } : {}),
        ...(get('phone') ? { phone: get('phone') } : {}),
      };
    });
    const body = {
      jurisdiction: v.jurisdiction,
      channel: v.channel,
      term: v.term,
      session: v.session,
      number: v.number,
      duringSession: v.duringSession,
      title: v.title,
      ...(v.content ? { content: v.content } : {}),
      ...(v.category ? { category: v.category } : {}),
      proposers: people,
    };
    await busy(form, async () => {
      try {
        const res = await api('POST', '/proposals', body);
        ctx.flash(
          res.status === 202
            ? '已受理登记，系统仍在写入，请稍后刷新 (accepted, still being written)。'
            : '已登记。下一步：立案。',
        );
        ctx.go(`#/cases/${res.data.id}`);
      } catch (e) {
        showProblem(problem, e);
        if (e.code === 'DUPLICATE_PROPOSAL' && e.body.existingId) {
          problem.append(h('a', { href: `#/cases/${e.body.existingId}` }, '打开已登记的案件'));
        }
      }
    });
  });
  clear(root).append(h('h1', {}, label('登记建议/提案', 'Register a proposal')), form);
}
