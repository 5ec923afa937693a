import { actionsPanel } from '../actions.js';
import { get, qs } from '../api.js';
import { append, h, label, problemBox } from '../dom.js';
import {
  ACTOR_ROLES,
  CASE_STAGES,
  CHANNELS,
  CONTACT_METHODS,
  DEADLINE_STATUS,
  HANDLING_ROLES,
  MODES,
  PARTY_KINDS,
  RATINGS,
  START_EVENTS,
  UNIT_STAGES,
  actionLabel,
  caseNumber,
  clockLabel,
  dateTimeZh,
  dateZh,
  displayStageLabel,
  dueDateZh,
  mailKindLabel,
} from '../format.js';
import { dueHint } from './cases.js';
import { mailStatusBadge } from './mail.js';

/** Who may read a case's mail (GET /proposals/:id/messages refuses proposers). */
const MAIL_READERS = ['office', 'admin', 'supervisor', 'unitStaff', 'unitLeader'];

const section = (zh, en, ...content) =>
  h('section', { class: 'card', dataset: { section: en } }, h('h2', {}, label(zh, en)), content);

/** ISO dates inside an explanation line, written the Chinese way. */
const zhDates = (s) =>
  String(s ?? '').replace(
    /\b(\d{4})-(\d{2})-(\d{2})\b/g,
    (_m, y, m, d) => `${y}年${Number(m)}月${Number(d)}日`,
  );

/** Unit names: from GET /units, or for proposers (who may not list units) from their case list. */
async function unitNames(ctx, view) {
  const names = new Map();
  try {
    for (const [id, u] of await ctx.units()) names.set(id, u.name);
  } catch {
    /* fall back below */
  }
  if (view.assignments.some((a) => !names.has(a.unitId))) {
    const { jurisdiction, channel, term, session, number } = view;
    const list = await get(
      `/proposals${qs({ q: number, jurisdiction, channel, term, session, pageSize: 100 })}`,
    ).catch(() => null);
    for (const u of list?.items.find((i) => i.id === view.id)?.units ?? [])
      if (u.unitName) names.set(u.unitId, u.unitName);
  }
  return names;
}

function explanation(d) {
  const x = d.explanation;
  if (!x || typeof x !== 'object') return null;
  const crossed = Array.isArray(x.crossed) ? x.crossed : [];
  return h(
    'details',
    { class: 'explain' },
    h('summary', {}, crossed.length ? `计算说明（跨越节假日、调休 ${crossed.length} 天）` : '计算说明'),
    h(
      'dl',
      {},
      x.ruleText
        ? [
            h('dt', {}, '规则'),
            h(
              'dd',
              {},
              x.ruleText,
              x.policyId ? h('span', { class: 'sub' }, `${x.policyId} 第${x.policyVersion}版`) : '',
            ),
          ]
        : null,
      x.startDate
        ? [
            h('dt', {}, '起算'),
            h(
              'dd',
              {},
              `${START_EVENTS[x.startEvent] ?? x.startEvent ?? ''} ${dateZh(x.startDate)}（当日不计入）`,
            ),
          ]
        : null,
      x.dueDate ? [h('dt', {}, '截止'), h('dd', {}, `${dateZh(x.dueDate)} 24时`)] : null,
      [
        h('dt', {}, '节假日'),
        h(
          'dd',
          {},
          crossed.length
            ? h(
                'ul',
                { class: 'crossed' },
                crossed.map((c) =>
                  h(
                    'li',
                    { class: c.working ? 'workday' : 'holiday' },
                    `${dateZh(c.date)} ${c.reason}`,
                    h('span', { class: 'tag' }, c.working ? '班' : '休'),
                  ),
                ),
              )
            : '期间无法定节假日或调休',
        ),
      ],
      x.rolled ? [h('dt', {}, '顺延'), h('dd', {}, zhDates(x.rolled.reason))] : null,
      Array.isArray(x.warnings) && x.warnings.length
        ? [h('dt', {}, '注意'), h('dd', { class: 'warn' }, x.warnings.join('；'))]
        : null,
      x.note ? [h('dt', {}, '说明'), h('dd', {}, x.note)] : null,
    ),
  );
}

function deadlineRows(view, names, onHold) {
  const now = Date.now();
  return view.deadlines.map((d) => {
    const open = d.status !== 'closed' && d.status !== 'met' && d.status !== 'cancelled';
    const late = open && Date.parse(d.dueAt) < now && !onHold;
    const status = !open
      ? (DEADLINE_STATUS[d.status] ?? d.status)
      : late
        ? DEADLINE_STATUS.overdue
        : DEADLINE_STATUS.open;
    const crossed = Array.isArray(d.explanation?.crossed) ? d.explanation.crossed : [];
    const hover = crossed.length
      ? `跨越：${crossed.map((c) => `${dateZh(c.date)}${c.reason}`).join('、')}`
      : '期间无法定节假日或调休';
    return h(
      'tr',
      { class: `${late ? 'overdue' : ''}${open ? '' : ' done'}`, dataset: { clock: d.clock } },
      h('td', {}, clockLabel(d.clock)),
      h('td', {}, d.scope === 'case' ? '全案' : (names.get(d.scope) ?? '—')),
      h('td', { class: 'nowrap due', title: hover }, dueDateZh(d.dueAt)),
      h(
        'td',
        { class: 'nowrap' },
        h('span', { class: `status ${late ? 'late' : open ? 'open' : 'closed'}` }, status),
        open && !late ? h('span', { class: 'sub' }, dueHint(d.dueAt)) : null,
      ),
      h('td', {}, h('span', { title: hover }, zhDates(d.summary)), explanation(d)),
    );
  });
}

function unitsTable(view, state, names) {
  if (!view.assignments.length) return h('p', { class: 'muted' }, '尚未交办。');
  const live = new Map((state?.units ?? []).map((u) => [u.unitId, u]));
  return h(
    'table',
    { class: 'units' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, '承办单位'),
        h('th', {}, '方式'),
        h('th', {}, '阶段'),
        h('th', {}, '交办'),
        h('th', {}, '签收'),
        h('th', {}, '进展'),
      ),
    ),
    h(
      'tbody',
      {},
      view.assignments.map((a) => {
        const u = live.get(a.unitId);
        const progress = [];
        if (u) {
          const contacts = u.contacts?.length ?? 0;
          if (contacts) progress.push(`沟通 ${contacts} 次`);
          if (u.draft) progress.push(u.draft.signedOffAt ? '答复稿已签发' : '答复稿待签发');
          if (u.replies?.length) progress.push(`已答复 ${u.replies.length} 次`);
          if (u.round > 1) progress.push(`第${u.round}轮办理`);
          if (u.adjustments?.some((x) => !x.decision)) progress.push('调整申请待决定');
          if (u.extensions?.some((x) => !x.decision)) progress.push('延期申请待审批');
        }
        return h(
          'tr',
          { class: a.active ? '' : 'done', dataset: { unitId: a.unitId } },
          h('td', {}, names.get(a.unitId) ?? a.unitId),
          h('td', {}, HANDLING_ROLES[a.role] ?? a.role),
          h('td', {}, h('span', { class: `stage stage-${a.stage}` }, UNIT_STAGES[a.stage] ?? a.stage)),
          h('td', { class: 'nowrap' }, dateZh(a.assignedAt)),
          h('td', { class: 'nowrap' }, a.receivedAt ? dateZh(a.receivedAt) : '—'),
          h('td', {}, progress.join(' · ') || '—'),
        );
      }),
    ),
  );
}

function contactsList(state, names) {
  const rows = (state?.units ?? []).flatMap((u) =>
    (u.contacts ?? []).map((c) => ({ ...c, unitId: u.unitId })),
  );
  if (!rows.length) return null;
  return h(
    'div',
    { class: 'sub-block' },
    h('h3', {}, label('沟通记录', 'contacts')),
    h(
      'ul',
      { class: 'plain' },
      rows.map((c) =>
        h(
          'li',
          {},
          `${dateZh(c.date)} · ${names.get(c.unitId) ?? ''} · ${CONTACT_METHODS[c.method] ?? c.method} · ${c.by}`,
          c.note ? h('span', { class: 'sub' }, c.note) : null,
        ),
      ),
    ),
  );
}

function urgesList(state, names) {
  const urges = state?.urges ?? [];
  if (!urges.length) return null;
  return h(
    'div',
    { class: 'sub-block' },
    h('h3', {}, label('催办记录', 'urges')),
    h(
      'ul',
      { class: 'plain' },
      urges.map((u) =>
        h('li', {}, `${dateZh(u.at)} · ${u.unitId ? (names.get(u.unitId) ?? '') : '全案'}：${u.note}`),
      ),
    ),
  );
}

function repliesBlock(view, names, policy) {
  const replies = view.replies.filter((r) => r.kind === 'reply');
  const opinions = view.replies.filter((r) => r.kind === 'opinion');
  const classLabel = (c) => policy?.replyClasses?.find((x) => x.code === c)?.label ?? '';
  if (!replies.length && !opinions.length) return h('p', { class: 'muted' }, '尚未答复。');
  return [
    replies.map((r) =>
      h(
        'article',
        { class: 'reply', dataset: { unitId: r.unitId } },
        h(
          'header',
          {},
          h('strong', {}, names.get(r.unitId) ?? r.unitId),
          h(
            'span',
            { class: 'badge class' },
            `${r.replyClass ?? ''}类`,
            classLabel(r.replyClass) ? ` ${classLabel(r.replyClass)}` : '',
          ),
          r.round > 1 ? h('span', { class: 'badge' }, `第${r.round}轮`) : null,
          r.late ? h('span', { class: 'badge overdue' }, '逾期答复') : null,
          h('span', { class: 'sub' }, `答复于 ${dateZh(r.repliedAt)}`),
        ),
        h('div', { class: 'pre reply-text' }, r.text),
        h(
          'footer',
          { class: 'muted' },
          [r.contactPerson ? `联系人 ${r.contactPerson}` : '', r.contactPhone ?? '']
            .filter(Boolean)
            .join(' · '),
        ),
      ),
    ),
    opinions.length
      ? h(
          'div',
          { class: 'sub-block' },
          h('h3', {}, label('会办意见', 'co-handling opinions')),
          opinions.map((o) =>
            h(
              'article',
              { class: 'reply opinion' },
              h(
                'header',
                {},
                h('strong', {}, names.get(o.unitId) ?? o.unitId),
                h('span', { class: 'sub' }, dateZh(o.repliedAt)),
              ),
              h('div', { class: 'pre' }, o.text),
            ),
          ),
        )
      : null,
  ];
}

function feedbackBlock(view, names) {
  if (!view.feedback.length) return h('p', { class: 'muted' }, '尚无评价。');
  const who = new Map(view.proposers.map((p) => [p.id, p.name]));
  return h(
    'table',
    {},
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, '提出人'),
        h('th', {}, '答复单位'),
        h('th', {}, '评价'),
        h('th', {}, '意见'),
        h('th', {}, '日期'),
      ),
    ),
    h(
      'tbody',
      {},
      view.feedback.map((f) =>
        h(
          'tr',
          {},
          h('td', {}, who.get(f.partyId) ?? '—'),
          h('td', {}, names.get(f.unitId) ?? '—'),
          h(
            'td',
            {},
            h('span', { class: `rating rating-${f.rating}` }, RATINGS[f.rating] ?? f.rating),
            f.round > 1 ? h('span', { class: 'sub' }, `第${f.round}轮`) : null,
          ),
          h('td', {}, f.comment ?? ''),
          h('td', { class: 'nowrap' }, dateZh(f.ratedAt)),
        ),
      ),
    ),
  );
}

function mailBlock(ctx, mail, names) {
  if (mail.error) return problemBox(mail.error);
  if (!mail.length) return h('p', { class: 'muted' }, '本案尚无邮件。');
  const office = ctx.can('office', 'admin');
  return h(
    'table',
    { class: 'mail compact' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, '邮件'),
        h('th', {}, '收件人'),
        h('th', {}, '状态'),
        h('th', {}, '发送时间或原因'),
      ),
    ),
    h(
      'tbody',
      {},
      mail.map((m) =>
        h(
          'tr',
          { dataset: { messageId: m.id, status: m.status } },
          h('td', { class: 'nowrap', title: m.subject }, mailKindLabel(m)),
          h(
            'td',
            {},
            h('span', { class: 'mail-recipient' }, m.recipient),
            m.unitId && names.has(m.unitId) ? h('span', { class: 'sub' }, names.get(m.unitId)) : null,
            m.originalRecipient ? h('span', { class: 'sub' }, `原地址 ${m.originalRecipient}`) : null,
          ),
          h(
            'td',
            { class: 'nowrap' },
            mailStatusBadge(m),
            m.status === 'failed' && office ? h('a', { href: '#/mail', class: 'sub' }, '去重新投递') : null,
          ),
          h(
            'td',
            {},
            m.status === 'sent'
              ? dateTimeZh(m.sentAt)
              : m.lastError
                ? h('span', { class: 'mail-error' }, m.lastError)
                : '—',
          ),
        ),
      ),
    ),
  );
}

function auditBlock(view, me) {
  if (!view.audit.length) return h('p', { class: 'muted' }, '无（代表委员不显示内部办理记录）。');
  return h(
    'table',
    { class: 'audit' },
    h(
      'thead',
      {},
      h('tr', {}, h('th', {}, '时间'), h('th', {}, '操作'), h('th', {}, '操作人'), h('th', {}, '阶段')),
    ),
    h(
      'tbody',
      {},
      [...view.audit]
        .reverse()
        .map((a) =>
          h(
            'tr',
            {},
            h('td', { class: 'nowrap' }, dateTimeZh(a.at)),
            h('td', {}, actionLabel(a.action)),
            h(
              'td',
              { class: 'actor' },
              // the unit and the person who acted (the role when neither is known, e.g. 系统)
              a.actorUnitName || a.actorName
                ? [a.actorUnitName, a.actorName].filter(Boolean).join(' · ')
                : (ACTOR_ROLES[a.actorRole] ?? a.actorRole),
              a.actorId === me.id
                ? h('span', { class: 'sub' }, '本人')
                : String(a.actorId).startsWith('link:')
                  ? h('span', { class: 'sub' }, '邮件链接')
                  : a.actorUnitName || a.actorName
                    ? h('span', { class: 'sub' }, ACTOR_ROLES[a.actorRole] ?? a.actorRole)
                    : null,
            ),
            h(
              'td',
              {},
              a.fromStage && a.fromStage !== 'NEW' && a.fromStage !== a.toStage
                ? `${displayStageLabel(a.fromStage)} → ${displayStageLabel(a.toStage)}`
                : displayStageLabel(a.toStage ?? ''),
            ),
          ),
        ),
    ),
  );
}

/** 案件详情: the record from the read model, the live state from the workflow, and what you can do now. */
export async function caseView(root, ctx, id, stillCurrent) {
  const [view, live, mail] = await Promise.all([
    get(`/proposals/${encodeURIComponent(id)}`),
    get(`/proposals/${encodeURIComponent(id)}/state`).catch((e) => ({ error: e })),
    ctx.can(...MAIL_READERS)
      ? get(`/proposals/${encodeURIComponent(id)}/messages`).catch((e) => ({ error: e }))
      : null,
  ]);
  const [names, units, policy] = await Promise.all([
    unitNames(ctx, view),
    ctx.units().catch(() => new Map()),
    ctx.policy(view.policyId, view.policyVersion).catch(() => null),
  ]);
  if (!stillCurrent()) return;
  const state = live.error ? null : live.state;
  const summary = live.error ? null : live.summary;
  const overdue = summary?.overdue ?? false;

  const head = h(
    'div',
    { class: 'case-head' },
    h('a', { href: '#/cases', class: 'back' }, '‹ 案件列表'),
    h(
      'p',
      { class: 'case-no' },
      caseNumber(view),
      h('span', { class: 'sub' }, CHANNELS[view.channel] ?? view.channel),
    ),
    h('h1', {}, view.title),
    h(
      'p',
      { class: 'badges' },
      h('span', { class: `stage stage-${view.stage}` }, CASE_STAGES[view.stage] ?? view.stage),
      summary && summary.stage !== view.stage
        ? h('span', { class: 'stage' }, displayStageLabel(summary.stage))
        : null,
      overdue ? h('span', { class: 'badge overdue' }, '超期') : null,
      (state?.keyCase ?? view.keyCase) ? h('span', { class: 'badge key' }, '重点督办') : null,
      state?.onHold ? h('span', { class: 'badge hold' }, `暂停办理：${state.onHold.reason}`) : null,
      summary?.nextDue
        ? h(
            'span',
            { class: 'next-due' },
            `下一时限：${clockLabel(summary.nextDue.clock)} ${dueDateZh(summary.nextDue.dueAt)}（${dueHint(summary.nextDue.dueAt)}）`,
          )
        : null,
    ),
  );

  const facts = h(
    'dl',
    { class: 'facts' },
    h('dt', {}, '辖区政策'),
    h(
      'dd',
      {},
      policy?.name ?? view.policyId,
      h('span', { class: 'sub' }, `${view.policyId} 第${view.policyVersion}版`),
    ),
    h('dt', {}, '登记日期'),
    h('dd', {}, dateZh(view.registeredAt)),
    h('dt', {}, '提出时间'),
    h('dd', {}, view.duringSession ? '会间' : '闭会期间'),
    state?.filing
      ? [h('dt', {}, '立案'), h('dd', {}, `立案号 ${state.filing.number} · ${dateZh(state.filing.filedAt)}`)]
      : null,
    view.category ? [h('dt', {}, '类别'), h('dd', {}, view.category)] : null,
    state?.mode ? [h('dt', {}, '交办方式'), h('dd', {}, MODES[state.mode] ?? state.mode)] : null,
    view.closedAt ? [h('dt', {}, '办结日期'), h('dd', {}, dateZh(view.closedAt))] : null,
    state?.notFiled
      ? [
          h('dt', {}, '不予立案'),
          h('dd', {}, `${state.notFiled.reason}（转为${state.notFiled.convertedTo}）`),
        ]
      : null,
    state?.returned?.length
      ? [h('dt', {}, '退回修改'), h('dd', {}, state.returned[state.returned.length - 1].reason)]
      : null,
  );

  const proposers = h(
    'ul',
    { class: 'plain proposers' },
    view.proposers.map((p, i) =>
      h(
        'li',
        {},
        p.name,
        h('span', { class: 'sub' }, `${PARTY_KINDS[p.kind] ?? p.kind}${i === 0 ? ' · 领衔' : ''}`),
      ),
    ),
  );

  const content = view.content
    ? h(
        'details',
        { class: 'content', open: view.content.length < 600 },
        h('summary', {}, '正文'),
        h('div', { class: 'pre' }, view.content),
      )
    : null;

  const env = {
    ctx,
    view,
    state,
    summary,
    prerequisites: live.error ? null : live.draftPrerequisites,
    units,
    names,
    policy,
    reload: () => ctx.go(location.hash),
  };
  const panel = ctx.user ? actionsPanel(env) : null;

  append(root, [
    head,
    live.error
      ? h(
          'div',
          { class: 'notice notice-warn' },
          '实时状态暂不可用，仅显示已记录的信息：',
          problemBox(live.error),
        )
      : null,
    h(
      'div',
      { class: `case-grid${panel ? '' : ' single'}` },
      h(
        'div',
        { class: 'case-main' },
        section('基本信息', 'case', facts, h('h3', {}, label('提出人', 'proposers')), proposers, content),
        section(
          '承办单位',
          'units',
          unitsTable(view, state, names),
          contactsList(state, names),
          urgesList(state, names),
        ),
        section(
          '办理时限',
          'deadlines',
          view.deadlines.length
            ? h(
                'table',
                { class: 'deadlines' },
                h(
                  'thead',
                  {},
                  h(
                    'tr',
                    {},
                    h('th', {}, '时限'),
                    h('th', {}, '单位'),
                    h('th', {}, '截止日期'),
                    h('th', {}, '状态'),
                    h('th', {}, '计算依据'),
                  ),
                ),
                h('tbody', {}, deadlineRows(view, names, !!state?.onHold)),
              )
            : h('p', { class: 'muted' }, '交办后开始计算时限。'),
        ),
        section('答复', 'replies', repliesBlock(view, names, policy)),
        section('评价', 'feedback', feedbackBlock(view, names)),
        mail ? section('邮件', 'mail', mailBlock(ctx, mail, names)) : null,
        section('办理记录', 'audit trail', auditBlock(view, ctx.user)),
      ),
      panel ? h('aside', { class: 'case-side' }, panel) : null,
    ),
  ]);
}
