import { api, get } from '../api.js';
import { append, busy, clear, h, label, showProblem } from '../dom.js';
import { HANDLING_ROLES, UNIT_STAGES, caseNumber, clockLabel, dateZh, dueDateZh } from '../format.js';

/**
 * 任务链接: the unit's task behind a signed link from the task mail (#/link/<token>); no sign-in,
 * the token is the credential and allows only what it names (open, sign for).
 */
export async function linkView(root, ctx, token) {
  const enc = encodeURIComponent(token);
  const task = await get(`/links/${enc}`);
  const p = task.proposal;
  const problem = h('div', { class: 'slot' });
  const canSign = task.allowedActions.includes('signFor') && task.assignment.stage === 'ASSIGNED';
  const form = h(
    'form',
    { class: 'action', dataset: { action: 'signFor' } },
    problem,
    h('button', { type: 'submit', class: 'primary' }, '一键签收'),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    await busy(form, async () => {
      try {
        await api('POST', `/links/${enc}/sign-for`);
        ctx.flash('签收：已签收。');
        ctx.go(location.hash);
      } catch (e) {
        showProblem(problem, e);
      }
    });
  });
  append(clear(root), [
    h('p', { class: 'case-no' }, caseNumber(p)),
    h('h1', {}, p.title),
    h(
      'section',
      { class: 'card' },
      h('h2', {}, label('承办任务', 'task')),
      h(
        'dl',
        { class: 'facts' },
        h('dt', {}, '承办单位'),
        h('dd', {}, task.unit.name ?? task.unit.id),
        h('dt', {}, '方式'),
        h('dd', {}, HANDLING_ROLES[task.assignment.role] ?? task.assignment.role),
        h('dt', {}, '阶段'),
        h('dd', {}, UNIT_STAGES[task.assignment.stage] ?? task.assignment.stage),
        h('dt', {}, '交办日期'),
        h('dd', {}, dateZh(task.assignment.assignedAt)),
        h('dt', {}, '提出人'),
        h('dd', {}, p.proposers.join('、')),
        h('dt', {}, '链接有效期至'),
        h('dd', {}, dateZh(task.expiresAt)),
      ),
      h(
        'ul',
        { class: 'plain' },
        task.deadlines.map((d) =>
          h(
            'li',
            {},
            `${clockLabel(d.clock)}：${dueDateZh(d.dueAt)}`,
            h('span', { class: 'sub' }, d.summary),
          ),
        ),
      ),
      canSign ? form : null,
      h(
        'p',
        { class: 'muted' },
        '起草、签发和答复请登录后办理。',
        // sign in and come back to this case, not to the case list
        h(
          'a',
          { href: `#/login?next=${encodeURIComponent(`#/cases/${task.caseId}`)}`, class: 'login-to-case' },
          '登录',
        ),
      ),
    ),
    p.content
      ? h('section', { class: 'card' }, h('h2', {}, '正文'), h('div', { class: 'pre' }, p.content))
      : null,
  ]);
}
