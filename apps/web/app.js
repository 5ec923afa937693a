// The web workspace of Banli: a hash-routed single page over the API. No build step: plain ES
// modules served by the API itself at / and /web/*.
import { get, keepSessionWhileActive, session, whenSessionEnds } from './api.js';
import { clear, h, label, problemBox } from './dom.js';
import { USER_ROLES } from './format.js';
import { adminView } from './views/admin.js';
import { caseView } from './views/case.js';
import { caseListView } from './views/cases.js';
import { importView } from './views/import.js';
import { linkView } from './views/link.js';
import { loginView } from './views/login.js';
import { mailView } from './views/mail.js';
import { previewView } from './views/preview.js';
import { registerView } from './views/register.js';

const header = document.getElementById('header');
const main = document.getElementById('main');

/** Shared by the views: who is signed in, cached look-ups, navigation and a one-shot notice. */
export const ctx = {
  get user() {
    return session.user;
  },
  can(...roles) {
    return !!this.user && roles.includes(this.user.role);
  },
  go(hash) {
    if (location.hash === hash) void render();
    else location.hash = hash;
  },
  notice: null,
  /** Shows `text` at the top of the next rendered view (success or why the user was sent there). */
  flash(text, kind = 'ok') {
    this.notice = { text, kind };
  },
  _units: null,
  /** Handling units by id (GET /units; proposers may not list units and get an empty map). */
  async units() {
    if (!this.can('admin', 'office', 'supervisor', 'unitStaff', 'unitLeader')) return new Map();
    if (!this._units) {
      this._units = get('/units').then(
        (list) => new Map(list.map((u) => [u.id, u])),
        (e) => {
          this._units = null;
          throw e;
        },
      );
    }
    return this._units;
  },
  _policies: new Map(),
  /** One policy version (reply classes, clocks, sources), cached. */
  policy(id, version) {
    const key = `${id}@${version ?? ''}`;
    if (!this._policies.has(key)) {
      const p = get(`/policies/${encodeURIComponent(id)}${version ? `?version=${version}` : ''}`);
      p.catch(() => this._policies.delete(key));
      this._policies.set(key, p);
    }
    return this._policies.get(key);
  },
  signedOut() {
    session.clear();
    this._units = null;
  },
};

whenSessionEnds((err) => {
  // several requests of one page can fail together: only the first ends the session and says why,
  // or a second navigation would render the login page again without the notice
  if (!session.token) return;
  ctx.signedOut();
  ctx.flash(`${err.detail}（${err.code}）请重新登录。`, 'warn');
  const next = location.hash.startsWith('#/login') ? '' : `?next=${encodeURIComponent(location.hash)}`;
  location.hash = `#/login${next}`;
});

function renderHeader(route) {
  clear(header);
  const user = ctx.user;
  const link = (hash, zh, en, key) =>
    h('a', { href: hash, class: route === key ? 'active' : '' }, label(zh, en));
  header.append(
    h(
      'div',
      { class: 'bar' },
      h('a', { class: 'brand', href: user ? '#/cases' : '#/login' }, '办理', h('small', {}, 'Banli')),
      user
        ? h(
            'nav',
            {},
            link('#/cases', '案件列表', 'Cases', 'cases'),
            ctx.can('office', 'admin') ? link('#/new', '登记', 'Register', 'new') : null,
            link('#/preview', '时限试算', 'Deadlines', 'preview'),
            ctx.can('office', 'admin') ? link('#/import', '批量导入', 'Import', 'import') : null,
            ctx.can('office', 'admin') ? link('#/mail', '邮件投递', 'Mail', 'mail') : null,
            ctx.can('admin') ? link('#/admin/units', '单位与账号', 'Admin', 'admin') : null,
          )
        : h('nav', {}),
      user
        ? h(
            'div',
            { class: 'who' },
            h('span', { class: 'who-name' }, user.displayName),
            h('span', { class: 'role-tag', title: user.role }, USER_ROLES[user.role] ?? user.role),
            h('span', { class: 'who-unit', id: 'who-unit' }),
            h(
              'button',
              {
                type: 'button',
                class: 'link-button',
                onclick: () => {
                  ctx.signedOut();
                  ctx.flash('已退出登录。', 'ok');
                  ctx.go('#/login');
                },
              },
              '退出',
            ),
          )
        : null,
    ),
  );
  if (user?.unitId) {
    ctx
      .units()
      .then((units) => {
        const slot = document.getElementById('who-unit');
        if (slot) slot.textContent = units.get(user.unitId)?.name ?? '';
      })
      .catch(() => {});
  }
}

function parseRoute() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = raw.split('?');
  return { parts: path.split('/').filter(Boolean), query: new URLSearchParams(query) };
}

let renderSeq = 0;

async function render() {
  const seq = ++renderSeq;
  const { parts, query } = parseRoute();
  const [first, second] = parts;
  const isPublic = first === 'login' || first === 'link';
  if (!isPublic && !session.token) {
    const next = parts.length ? `?next=${encodeURIComponent(location.hash)}` : '';
    location.replace(`#/login${next}`);
    return;
  }
  if (!first) {
    location.replace('#/cases');
    return;
  }
  const key = first === 'cases' && second ? 'case' : first;
  renderHeader(key);
  // data-hash and data-ready (set once the view has loaded) let scripts and tests tell renders apart.
  const root = h('div', { class: `view view-${key}`, dataset: { hash: location.hash } });
  const notice = ctx.notice;
  ctx.notice = null;
  if (notice) root.append(h('div', { class: `notice notice-${notice.kind}`, role: 'status' }, notice.text));
  const body = h('div', {});
  root.append(body);
  clear(main).append(root);
  const stillCurrent = () => seq === renderSeq;
  try {
    if (first === 'login') await loginView(body, ctx, query);
    else if (first === 'link' && second) await linkView(body, ctx, decodeURIComponent(second));
    else if (first === 'cases' && second) await caseView(body, ctx, second, stillCurrent);
    else if (first === 'cases') await caseListView(body, ctx, query, stillCurrent);
    else if (first === 'new') await registerView(body, ctx);
    else if (first === 'preview') await previewView(body, ctx);
    else if (first === 'mail') await mailView(body, ctx, stillCurrent);
    else if (first === 'import') await importView(body, ctx, query, stillCurrent);
    else if (first === 'admin') await adminView(body, ctx, second ?? 'units', parts.slice(2), stillCurrent);
    else
      body.append(h('p', {}, '没有这个页面 (no such page)。'), h('a', { href: '#/cases' }, '返回案件列表'));
  } catch (e) {
    if (stillCurrent()) clear(body).append(problemBox(e));
  }
  root.dataset.ready = 'true';
  document.title = `${document.querySelector('h1')?.textContent ?? ''} · 办理 Banli`.replace(/^ · /, '');
}

window.addEventListener('hashchange', () => void render());
keepSessionWhileActive();
void render();
