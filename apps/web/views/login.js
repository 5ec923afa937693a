import { post, session } from '../api.js';
import { busy, field, formValues, h, label, showProblem } from '../dom.js';

/** 登录: user name and password → a short-lived token kept for this browser tab only. */
export async function loginView(root, ctx, query) {
  const problem = h('div', { class: 'slot' });
  const form = h(
    'form',
    { class: 'card login', autocomplete: 'on' },
    h('h1', {}, label('登录', 'Sign in')),
    h('p', { class: 'muted' }, '人大代表建议、政协提案办理系统'),
    field(
      '用户名',
      'user name',
      h('input', { name: 'username', required: true, autocomplete: 'username', autofocus: true }),
    ),
    field(
      '密码',
      'password',
      h('input', { name: 'password', type: 'password', required: true, autocomplete: 'current-password' }),
    ),
    problem,
    h('button', { type: 'submit', class: 'primary' }, '登录'),
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const { username, password } = formValues(form);
    await busy(form, async () => {
      try {
        const res = await post('/auth/login', { username, password });
        session.save(res);
        ctx._units = null;
        const next = query.get('next');
        ctx.go(next && next.startsWith('#/') && !next.startsWith('#/login') ? next : '#/cases');
      } catch (e) {
        showProblem(problem, e);
      }
    });
  });
  root.append(form);
}
