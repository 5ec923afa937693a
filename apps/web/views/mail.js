import { api, get } from '../api.js';
import { busy, h, label, showProblem } from '../dom.js';
import { dateTimeZh, mailKindLabel, mailStatusLabel } from '../format.js';

// The same loose check as the outbox: a recipient such as "(无收件人) 市林业局" is no address.
const ADDRESS_RE = /^[^\s@<>()[\]",;:\\]+@[^\s@<>()[\]",;:\\]+$/;

/** 状态 badge of one message (shared with the case view's 邮件 section). */
export const mailStatusBadge = (m) =>
  h('span', { class: `badge mail-status mail-${m.status}`, title: m.status }, mailStatusLabel(m));

/** 重新投递: the address to send to (prefilled when the current one is an address) and the button. */
function resendForm(ctx, m) {
  const problem = h('div', { class: 'slot' });
  const input = h('input', {
    type: 'email',
    name: 'recipient',
    maxlength: 254,
    value: ADDRESS_RE.test(m.recipient) ? m.recipient : '',
    placeholder: '更正后的收件邮箱',
    'aria-label': '收件邮箱',
  });
  const form = h(
    'form',
    { class: 'resend', dataset: { messageId: m.id } },
    h('div', { class: 'resend-row' }, input, h('button', { type: 'submit', class: 'primary' }, '重新投递')),
    problem,
  );
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const recipient = input.value.trim();
    // an unchanged (or empty) address is left to the server: it re-sends to the address on the row
    const body = recipient && recipient !== m.recipient ? { recipient } : {};
    await busy(form, async () => {
      try {
        const { data } = await api('POST', `/mail/${encodeURIComponent(m.id)}/resend`, body);
        ctx.flash(`已重新投递至 ${data.recipient}，邮件将在一分钟内发出。`);
        ctx.go(location.hash);
      } catch (e) {
        showProblem(problem, e);
      }
    });
  });
  return form;
}

function row(ctx, m, units) {
  const unit = m.unitId ? units.get(m.unitId)?.name : null;
  return h(
    'tr',
    { dataset: { messageId: m.id, status: m.status } },
    h('td', { class: 'nowrap' }, mailStatusBadge(m), h('span', { class: 'sub' }, `已尝试 ${m.attempts} 次`)),
    h(
      'td',
      {},
      h('span', { class: 'mail-kind' }, mailKindLabel(m)),
      h('span', { class: 'sub mail-subject' }, m.subject),
    ),
    h(
      'td',
      {},
      h('span', { class: 'mail-recipient' }, m.recipient),
      unit ? h('span', { class: 'sub' }, unit) : null,
      m.originalRecipient ? h('span', { class: 'sub' }, `原地址 ${m.originalRecipient}`) : null,
      m.resendCount
        ? h(
            'span',
            { class: 'sub' },
            `已重新投递 ${m.resendCount} 次${m.resentBy ? `（${m.resentBy}，${dateTimeZh(m.resentAt)}）` : ''}`,
          )
        : null,
    ),
    h('td', {}, m.lastError ? h('span', { class: 'mail-error' }, m.lastError) : '—'),
    h(
      'td',
      { class: 'nowrap' },
      m.proposalId ? h('a', { href: `#/cases/${m.proposalId}`, class: 'case-link' }, '查看案件') : '—',
      h('span', { class: 'sub' }, dateTimeZh(m.updatedAt)),
    ),
    h('td', {}, m.status === 'failed' ? resendForm(ctx, m) : null),
  );
}

/** 邮件投递: mail that failed for good or still waits for a retry, and the office's re-send. */
export async function mailView(root, ctx, stillCurrent) {
  const office = ctx.can('office', 'admin');
  root.append(
    h(
      'div',
      { class: 'page-head' },
      h('h1', {}, label('邮件投递', 'Mail delivery')),
      office ? h('button', { type: 'button', onclick: () => ctx.go(location.hash) }, '刷新') : null,
    ),
  );
  if (!office) {
    root.append(h('p', { class: 'muted' }, '邮件投递情况仅供交办机关查看 (office only)。'));
    return;
  }
  const [list, units] = await Promise.all([
    get('/mail/failed?includeRetrying=true'),
    ctx.units().catch(() => new Map()),
  ]);
  if (!stillCurrent()) return;
  root.append(
    h(
      'p',
      { class: 'muted' },
      '投递失败的邮件不会自动重试。请先在承办单位或用户资料中更正邮箱（以后的邮件才会发往新地址），再在此填写更正后的地址重新投递；暂时失败的邮件由系统自动重试。',
    ),
    list.length
      ? h(
          'table',
          { class: 'mail' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', {}, label('状态', 'status')),
              h('th', {}, label('邮件', 'message')),
              h('th', {}, label('收件人', 'recipient')),
              h('th', {}, label('原因', 'error')),
              h('th', {}, label('案件', 'case')),
              h('th', {}, label('重新投递', 're-send')),
            ),
          ),
          h(
            'tbody',
            {},
            list.map((m) => row(ctx, m, units)),
          ),
        )
      : h('p', { class: 'empty' }, '没有投递失败的邮件。'),
  );
}
