// The case actions a signed-in person may take, one form per API endpoint. Which of them are
// offered first follows the role and the live case state; the others stay reachable under
// 其他操作, because the workflow, not the page, decides what is allowed and says why not.
import { api, get } from './api.js';
import { busy, clear, field, formValues, h, label, select, showProblem } from './dom.js';
import {
  CONTACT_METHODS,
  HANDLING_ROLES,
  MODES,
  RATINGS,
  UNIT_STAGES,
  dateZh,
  shanghaiInstant,
  todayShanghai,
} from './format.js';

const OFFICE = ['office', 'admin'];
const UNIT = ['unitStaff', 'unitLeader'];
const SUPERVISE = ['supervisor', 'office', 'admin'];
const OPEN_CASE = ['UNDER_REVIEW', 'RETURNED', 'FILED', 'ASSIGNED'];
const ENDED_UNIT = ['REPLACED', 'REMOVED', 'CLOSED'];

/** A refusal raised in the page before anything is sent. */
const invalid = (detail) => ({ code: 'FORM_INVALID', detail });

const liveUnits = (s) => (s?.units ?? []).filter((u) => !['REPLACED', 'REMOVED'].includes(u.stage));
const stageIs = (u, ...stages) => !!u && stages.includes(u.stage);

const text = (name, attrs = {}) => h('input', { name, ...attrs });
const area = (name, attrs = {}) => h('textarea', { name, rows: 4, ...attrs });
const check = (name, zh, en, on = false) =>
  h('label', { class: 'check' }, h('input', { type: 'checkbox', name, checked: on }), label(zh, en));
/** Radio buttons; with `selected` undefined none is chosen and `required` makes the person pick one. */
const radios = (name, options, selected, { required = false, title } = {}) =>
  h(
    'div',
    { class: 'radios', role: 'radiogroup', ...(title ? { 'aria-label': title } : {}) },
    Object.entries(options).map(([value, t]) =>
      h(
        'label',
        { class: 'check' },
        h('input', { type: 'radio', name, value, checked: value === selected, required }),
        t,
      ),
    ),
  );

/** Last instant of a Shanghai calendar day (24:00), the way deadlines are stored. */
function endOfDay(date) {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1) - 8 * 3_600_000).toISOString();
}

const unitName = (e, id) => e.names.get(id) ?? id;
const unitOptions = (e, units, blank) => ({
  ...(blank ? { '': blank } : {}),
  ...Object.fromEntries(units.map((u) => [u.unitId ?? u.id, u.name ?? unitName(e, u.unitId)])),
});

function draftPreview(e, draft) {
  if (!draft) return null;
  const cls = e.policy?.replyClasses?.find((c) => c.code === draft.class);
  return h(
    'div',
    { class: 'draft' },
    h('p', {}, h('strong', {}, `答复类别 ${draft.class}`), cls ? ` ${cls.label}` : ''),
    h('p', { class: 'pre' }, draft.text),
    h('p', { class: 'muted' }, `联系人 ${draft.contactPerson} · ${draft.contactPhone}`),
    h(
      'p',
      { class: 'muted' },
      draft.signedOffAt
        ? `已于 ${dateZh(draft.signedOffAt)} 签发`
        : `起草于 ${dateZh(draft.draftedAt)}，待单位负责人签发`,
    ),
  );
}

/** Units to assign from: a searchable list with a check box each and a 主办 choice for joint handling. */
function assignFields(e) {
  const all = [...e.units.values()];
  const rows = all.map((u) =>
    h(
      'tr',
      { dataset: { unitId: u.id, search: `${u.name} ${u.shortName ?? ''} ${u.code}`.toLowerCase() } },
      h('td', {}, h('input', { type: 'checkbox', class: 'pick', value: u.id, 'aria-label': u.name })),
      h(
        'td',
        {},
        h('label', { class: 'lead-pick' }, h('input', { type: 'radio', name: 'lead', value: u.id }), '主办'),
      ),
      h('td', {}, u.name, h('span', { class: 'sub' }, u.code)),
    ),
  );
  const filter = h('input', { type: 'search', placeholder: '查找单位', class: 'unit-filter' });
  filter.addEventListener('input', () => {
    const q = filter.value.trim().toLowerCase();
    for (const r of rows) r.hidden = !!q && !r.dataset.search.includes(q);
  });
  const modeSelect = select('mode', MODES, 'sole');
  const table = h('table', { class: 'unit-picker mode-sole' }, h('tbody', {}, rows));
  modeSelect.addEventListener('change', () => (table.className = `unit-picker mode-${modeSelect.value}`));
  // Units suggested in an imported session list, as a starting point.
  if (e.ctx.can('office', 'admin')) {
    get(`/proposals/${e.view.id}/suggested-units`)
      .then((suggested) => {
        if (!suggested.length) return;
        const leads = suggested.filter((s) => s.role === 'lead');
        const mode = leads.length > 1 ? 'separate' : suggested.length > 1 ? 'joint' : 'sole';
        modeSelect.value = mode;
        table.className = `unit-picker mode-${mode}`;
        for (const s of suggested) {
          const row = rows.find((r) => r.dataset.unitId === s.unitId);
          if (!row) continue;
          row.querySelector('.pick').checked = true;
          if (s.role === 'lead' && mode === 'joint') row.querySelector('input[name=lead]').checked = true;
        }
      })
      .catch(() => {});
  }
  return [
    field(
      '交办方式',
      'mode',
      modeSelect,
      '单独办理：一个单位；分别办理：各单位分别答复；会同办理：选定主办，其余会办',
    ),
    filter,
    all.length
      ? h('div', { class: 'unit-scroll' }, table)
      : h('p', { class: 'muted' }, '尚无承办单位，请管理员先添加。'),
  ];
}

function assignRequest(v, _e, form) {
  const picked = [...form.querySelectorAll('.pick:checked')].map((c) => c.value);
  if (v.mode === 'joint') {
    const lead = v.lead;
    if (!lead) throw invalid('会同办理须选定一个主办单位 (choose the lead unit)');
    const co = picked.filter((id) => id !== lead);
    if (!co.length) throw invalid('会同办理须至少勾选一个会办单位 (tick at least one co-handler)');
    return {
      path: '/assign',
      body: {
        mode: 'joint',
        units: [{ unitId: lead, role: 'lead' }, ...co.map((unitId) => ({ unitId, role: 'co' }))],
      },
    };
  }
  if (!picked.length) throw invalid('请勾选承办单位 (tick a unit)');
  if (v.mode === 'sole' && picked.length > 1)
    throw invalid('单独办理只能勾选一个单位 (one unit for sole handling)');
  return { path: '/assign', body: { mode: v.mode, units: picked.map((unitId) => ({ unitId })) } };
}

/**
 * Every action. `primary(e)`: offered first in this state; `fields(e)`: the form's inputs;
 * `request(values, e, form)`: the call ({ path below /proposals/:id, body }).
 */
const ACTIONS = [
  // -- office: review and assignment
  {
    id: 'file',
    label: '立案',
    en: 'file',
    roles: OFFICE,
    primary: (e) => e.state.stage === 'UNDER_REVIEW',
    fields: (e) => [
      field('立案号', 'filing no.', text('number', { required: true, maxlength: 32, value: e.view.number })),
      field(
        '类别',
        'category',
        text('category', { required: true, maxlength: 100, value: e.view.category ?? '' }),
      ),
      check('keyCase', '列为重点督办件', 'key case'),
      check('fastTrack', '快速办理通道', 'fast track'),
      check('complex', '内容复杂、涉及面广', 'complex'),
    ],
    request: (v) => ({
      path: '/file',
      body: {
        number: v.number,
        category: v.category,
        ...(v.keyCase ? { keyCase: true } : {}),
        ...(v.fastTrack ? { fastTrack: true } : {}),
        ...(v.complex ? { complex: true } : {}),
      },
    }),
    done: '已立案，下一步：交办。',
  },
  {
    id: 'assign',
    label: '交办',
    en: 'assign',
    roles: OFFICE,
    primary: (e) => e.state.stage === 'FILED',
    fields: assignFields,
    request: assignRequest,
    done: '已交办，承办单位将收到任务邮件。',
  },
  {
    id: 'returnForRevision',
    label: '退回修改',
    en: 'return for revision',
    roles: OFFICE,
    primary: (e) => e.state.stage === 'UNDER_REVIEW',
    fields: () => [field('退回理由', 'reason', area('reason', { required: true }))],
    request: (v) => ({ path: '/return-for-revision', body: { reason: v.reason } }),
  },
  {
    id: 'notFile',
    label: '不予立案',
    en: 'not filed',
    roles: OFFICE,
    danger: true,
    primary: () => false,
    fields: () => [
      field('理由', 'reason', area('reason', { required: true })),
      field(
        '转化方式',
        'converted to',
        text('convertedTo', { required: true, value: '社情民意', maxlength: 100 }),
      ),
    ],
    confirm: (v) => `将不予立案并转为“${v.convertedTo}”，案件办理随之结束，不能撤销。`,
    request: (v) => ({ path: '/not-file', body: { reason: v.reason, convertedTo: v.convertedTo } }),
  },
  {
    id: 'decideAdjustment',
    label: '决定调整申请',
    en: 'decide adjustment',
    roles: OFFICE,
    primary: (e) => liveUnits(e.state).some((u) => u.stage === 'ADJUSTMENT_REQUESTED'),
    fields: (e) => {
      const pending = liveUnits(e.state).filter((u) => u.stage === 'ADJUSTMENT_REQUESTED');
      const reqs = pending.map((u) => {
        const r = u.adjustments[u.adjustments.length - 1];
        return h(
          'p',
          { class: 'muted' },
          `${unitName(e, u.unitId)} 申请调整：${r?.reason ?? ''}`,
          r?.proposedUnitId ? `（建议改由 ${unitName(e, r.proposedUnitId)} 承办）` : '',
        );
      });
      return [
        ...reqs,
        field(
          '申请单位',
          'unit',
          select('unitId', unitOptions(e, pending.length ? pending : liveUnits(e.state))),
        ),
        radios('approve', { true: '同意调整', false: '不同意' }, 'false'),
        field(
          '新的承办单位',
          'new unit',
          select('newUnitId', unitOptions(e, [...e.units.values()], '（按申请中建议的单位）')),
        ),
        field('理由', 'reason', area('reason')),
      ];
    },
    confirm: (v, e) =>
      v.approve === 'true'
        ? `将同意${unitName(e, v.unitId)}的调整申请，本件改由${v.newUnitId ? unitName(e, v.newUnitId) : '申请中建议的单位'}承办，不能撤销。`
        : null,
    request: (v) => ({
      path: '/adjustment-decisions',
      body: {
        unitId: v.unitId,
        approve: v.approve === 'true',
        ...(v.reason ? { reason: v.reason } : {}),
        ...(v.approve === 'true' && v.newUnitId ? { newUnitId: v.newUnitId } : {}),
      },
    }),
  },
  {
    id: 'decideExtension',
    label: '审批延期',
    en: 'decide extension',
    roles: OFFICE,
    primary: (e) => liveUnits(e.state).some((u) => u.extensions.some((x) => !x.decision)),
    fields: (e) => {
      const pending = liveUnits(e.state).filter((u) => u.extensions.some((x) => !x.decision));
      return [
        ...pending.map((u) => {
          const x = u.extensions.find((r) => !r.decision);
          return h(
            'p',
            { class: 'muted' },
            `${unitName(e, u.unitId)} 申请延期：${x.reason}`,
            x.requestedDueAt ? `（申请延至 ${dateZh(new Date(Date.parse(x.requestedDueAt) - 1))}）` : '',
          );
        }),
        field(
          '申请单位',
          'unit',
          select('unitId', unitOptions(e, pending.length ? pending : liveUnits(e.state))),
        ),
        radios('approve', { true: '同意延期', false: '不同意' }, 'true'),
        field(
          '批准延至',
          'new due date',
          h('input', { type: 'date', name: 'newDueDate' }),
          '留空则按申请的日期；不得超过政策允许的最长期限',
        ),
        field('理由', 'reason', area('reason')),
      ];
    },
    request: (v) => ({
      path: '/extension-decisions',
      body: {
        unitId: v.unitId,
        approve: v.approve === 'true',
        ...(v.reason ? { reason: v.reason } : {}),
        ...(v.approve === 'true' && v.newDueDate ? { newDueAt: endOfDay(v.newDueDate) } : {}),
      },
    }),
  },
  {
    id: 'resume',
    label: '恢复办理',
    en: 'resume',
    roles: OFFICE,
    primary: (e) => !!e.state.onHold,
    note: () => '恢复后，各项时限按暂停时长顺延。',
    request: () => ({ path: '/resume' }),
  },
  {
    id: 'hold',
    label: '暂停办理',
    en: 'hold',
    roles: OFFICE,
    primary: () => false,
    fields: () => [field('理由', 'reason', area('reason', { required: true }))],
    request: (v) => ({ path: '/hold', body: { reason: v.reason } }),
  },

  // -- the handling unit
  {
    id: 'signFor',
    label: '签收',
    en: 'sign for',
    roles: UNIT,
    primary: (e) => stageIs(e.myUnit, 'ASSIGNED'),
    note: () => '签收后开始计算答复等时限。',
    request: (_v, e) => ({ path: `/units/${e.myUnit?.unitId ?? e.ctx.user.unitId}/sign-for` }),
    done: '已签收。',
  },
  {
    id: 'sendOpinion',
    label: '会办意见',
    en: 'co-handling opinion',
    roles: UNIT,
    primary: (e) => e.myUnit?.role === 'co' && stageIs(e.myUnit, 'RECEIVED', 'IN_PROGRESS'),
    fields: () => [field('会办意见', 'opinion to the lead unit', area('text', { required: true, rows: 6 }))],
    request: (v) => ({ path: '/opinions', body: { text: v.text } }),
  },
  {
    id: 'recordContact',
    label: '记录沟通',
    en: 'record contact',
    roles: UNIT,
    primary: (e) =>
      e.myUnit?.role !== 'co' &&
      stageIs(e.myUnit, 'RECEIVED', 'IN_PROGRESS', 'REHANDLING', 'REPLY_REVIEW', 'TRACKING'),
    note: (e) => {
      const n = e.myUnit?.contacts?.filter((c) => c.round === e.myUnit.round).length ?? 0;
      return n ? `本轮已登记沟通 ${n} 次。` : '答复前须与代表委员沟通联系并登记。';
    },
    fields: (e) => [
      field('沟通方式', 'method', select('method', CONTACT_METHODS, 'faceToFace')),
      h(
        'div',
        { class: 'grid-2' },
        field(
          '日期',
          'date',
          h('input', { type: 'date', name: 'date', required: true, value: todayShanghai() }),
        ),
        field('时间', 'time', h('input', { type: 'time', name: 'time', value: '09:00' })),
      ),
      field('沟通人', 'by', text('by', { required: true, maxlength: 64, value: e.ctx.user.displayName })),
      field('情况', 'note', area('note', { maxlength: 2000 })),
    ],
    request: (v) => ({
      path: '/contacts',
      body: {
        method: v.method,
        date: shanghaiInstant(v.date, v.time),
        by: v.by,
        ...(v.note ? { note: v.note } : {}),
      },
    }),
    done: '已登记沟通情况。',
  },
  {
    id: 'draftReply',
    label: '起草答复',
    en: 'draft reply',
    roles: UNIT,
    primary: (e) =>
      e.myUnit?.role !== 'co' &&
      (stageIs(e.myUnit, 'RECEIVED', 'IN_PROGRESS', 'REHANDLING') ||
        (stageIs(e.myUnit, 'REPLY_REVIEW') && !e.myUnit.draft)),
    // what the workflow will check, as the API computed it for this unit (one rule, not a copy)
    note: (e) => {
      const need = e.prerequisites;
      if (!need) return null;
      const lines = [
        need.contact ? '起草答复前须与代表委员沟通联系，并先在“记录沟通”中登记。' : null,
        need.coOpinions?.length
          ? `会办单位 ${need.coOpinions.map((id) => unitName(e, id)).join('、')} 的会办意见尚未送达，且会办期限未到，暂不能提交答复稿。`
          : null,
      ].filter(Boolean);
      return lines.length ? h('div', { class: 'needs', role: 'note' }, lines.map((t) => h('p', {}, t))) : null;
    },
    fields: (e) => {
      const d = e.myUnit?.draft;
      const classes = e.policy?.replyClasses ?? [];
      const classInput = classes.length
        ? select(
            'class',
            Object.fromEntries(classes.map((c) => [c.code, `${c.code} ${c.label}`])),
            d?.class ?? classes[0].code,
          )
        : text('class', { required: true, maxlength: 16, value: d?.class ?? 'A' });
      return [
        field('答复类别', 'class', classInput),
        field('答复正文', 'text', area('text', { required: true, rows: 8, value: d?.text ?? '' })),
        h(
          'div',
          { class: 'grid-2' },
          field(
            '联系人',
            'contact person',
            text('contactPerson', {
              required: true,
              maxlength: 64,
              value: d?.contactPerson ?? e.ctx.user.displayName,
            }),
          ),
          field(
            '联系电话',
            'phone',
            text('contactPhone', { required: true, maxlength: 64, value: d?.contactPhone ?? '' }),
          ),
        ),
      ];
    },
    request: (v) => ({
      path: '/reply-draft',
      body: { class: v.class, text: v.text, contactPerson: v.contactPerson, contactPhone: v.contactPhone },
    }),
    done: '答复稿已提交，待单位负责人签发。',
  },
  {
    id: 'signOff',
    label: '签发',
    en: 'sign off',
    roles: ['unitLeader'],
    primary: (e) => stageIs(e.myUnit, 'REPLY_REVIEW') && !!e.myUnit.draft && !e.myUnit.draft.signedOffAt,
    note: (e) => draftPreview(e, e.myUnit?.draft),
    request: () => ({ path: '/reply-draft/sign-off' }),
    done: '已签发，经办人可正式答复。',
  },
  {
    id: 'returnDraft',
    label: '退回答复稿',
    en: 'return the draft',
    roles: ['unitLeader'],
    primary: (e) => stageIs(e.myUnit, 'REPLY_REVIEW') && !!e.myUnit.draft && !e.myUnit.draft.signedOffAt,
    fields: () => [field('退回理由', 'reason', area('reason', { required: true }))],
    request: (v) => ({ path: '/reply-draft/return', body: { reason: v.reason } }),
  },
  {
    id: 'reply',
    label: '答复',
    en: 'send the reply',
    roles: UNIT,
    primary: (e) => stageIs(e.myUnit, 'REPLY_REVIEW') && !!e.myUnit.draft?.signedOffAt,
    note: (e) => draftPreview(e, e.myUnit?.draft),
    confirm: () => '将以签发稿正式答复代表委员，答复发出后不能撤回。',
    request: () => ({ path: '/reply', body: {} }),
    done: '已答复代表委员，进入征询意见。',
  },
  {
    id: 'reportTracking',
    label: '跟踪办理报告',
    en: 'tracking report',
    roles: UNIT,
    primary: (e) => stageIs(e.myUnit, 'TRACKING'),
    fields: () => [
      field('办理情况', 'report', area('text', { required: true, rows: 6 })),
      check('resolved', '已解决', 'resolved'),
    ],
    request: (v) => ({ path: '/tracking-reports', body: { text: v.text, resolved: !!v.resolved } }),
  },
  {
    id: 'requestAdjustment',
    label: '申请调整',
    en: 'request adjustment',
    roles: UNIT,
    primary: () => false,
    fields: (e) => [
      field('理由', 'reason', area('reason', { required: true })),
      field(
        '建议改由',
        'proposed unit',
        select('proposedUnitId', unitOptions(e, [...e.units.values()], '（不指定）')),
      ),
    ],
    request: (v) => ({
      path: '/adjustment-requests',
      body: { reason: v.reason, ...(v.proposedUnitId ? { proposedUnitId: v.proposedUnitId } : {}) },
    }),
  },
  {
    id: 'requestExtension',
    label: '申请延期',
    en: 'request extension',
    roles: UNIT,
    primary: () => false,
    fields: () => [
      field('理由', 'reason', area('reason', { required: true })),
      field('申请延至', 'until', h('input', { type: 'date', name: 'until' })),
    ],
    request: (v) => ({
      path: '/extension-requests',
      body: { reason: v.reason, ...(v.until ? { requestedDueAt: endOfDay(v.until) } : {}) },
    }),
  },

  // -- the proposer
  {
    id: 'feedback',
    label: '评价',
    en: 'feedback',
    roles: ['proposer'],
    primary: (e) => liveUnits(e.state).some((u) => u.role !== 'co' && u.stage === 'FEEDBACK_PENDING'),
    fields: (e) => {
      const waiting = liveUnits(e.state).filter((u) => u.role !== 'co' && u.stage === 'FEEDBACK_PENDING');
      return [
        waiting.length > 1
          ? field('评价哪个单位的答复', 'unit', select('unitId', unitOptions(e, waiting)))
          : null,
        // no choice is made for the proposer: they pick one
        radios(
          'rating',
          {
            satisfied: RATINGS.satisfied,
            basicallySatisfied: RATINGS.basicallySatisfied,
            dissatisfied: RATINGS.dissatisfied,
          },
          undefined,
          { required: true, title: '评价' },
        ),
        field('意见', 'comment', area('comment', { maxlength: 2000 })),
      ];
    },
    check: (v) => {
      if (!v.rating) throw invalid('请选择满意、基本满意或不满意 (choose a rating)');
    },
    confirm: (v, e) => {
      const waiting = liveUnits(e.state).filter((u) => u.role !== 'co' && u.stage === 'FEEDBACK_PENDING');
      const unit = v.unitId ?? waiting[0]?.unitId;
      return `将记录您对${unit ? unitName(e, unit) : '承办单位'}答复的评价：${RATINGS[v.rating]}${v.comment ? `，意见：“${v.comment}”` : ''}。提交后不能修改${v.rating === 'dissatisfied' ? '，承办单位将重新办理' : ''}。`;
    },
    request: (v) => ({
      path: '/feedback',
      body: {
        rating: v.rating,
        ...(v.comment ? { comment: v.comment } : {}),
        ...(v.unitId ? { unitId: v.unitId } : {}),
      },
    }),
    done: '感谢您的评价。',
  },
  {
    id: 'resubmit',
    label: '修改后重新提交',
    en: 'resubmit',
    roles: ['proposer'],
    primary: (e) => e.state.stage === 'RETURNED',
    request: () => ({ path: '/resubmit' }),
  },
  {
    id: 'withdraw',
    label: '撤回',
    en: 'withdraw',
    roles: ['proposer', ...OFFICE],
    danger: true,
    primary: () => false,
    fields: () => [field('理由', 'reason', area('reason', { required: true }))],
    confirm: () => '撤回后本件办理即告结束，不能恢复。',
    request: (v) => ({ path: '/withdraw', body: { reason: v.reason } }),
  },

  // -- supervision
  {
    id: 'urge',
    label: '催办',
    en: 'urge',
    roles: SUPERVISE,
    primary: (e) => e.ctx.user.role === 'supervisor' && e.state.stage === 'ASSIGNED',
    fields: (e) => {
      const open = liveUnits(e.state).filter((u) => !ENDED_UNIT.includes(u.stage));
      return [
        field(
          '催办对象',
          'unit',
          select(
            'unitId',
            {
              '': '全案',
              ...Object.fromEntries(
                open.map((u) => [
                  u.unitId,
                  `${unitName(e, u.unitId)}（${HANDLING_ROLES[u.role] ?? u.role} · ${UNIT_STAGES[u.stage] ?? u.stage}）`,
                ]),
              ),
            },
            open.find((u) => u.role !== 'co')?.unitId ?? '',
          ),
        ),
        field('催办意见', 'note', area('note', { required: true, value: '请抓紧办理，按时答复。' })),
      ];
    },
    request: (v) => ({ path: '/urge', body: { note: v.note, ...(v.unitId ? { unitId: v.unitId } : {}) } }),
    done: '已催办，承办单位将收到催办邮件。',
  },
  {
    id: 'keyCase',
    label: '重点督办',
    en: 'key case',
    roles: SUPERVISE,
    primary: (e) => e.ctx.user.role === 'supervisor' && OPEN_CASE.includes(e.state.stage),
    note: (e) => (e.state.keyCase ? '本件现为重点督办件。' : '列为重点督办件后，督办将持续跟踪。'),
    fields: (e) => [
      radios(
        'keyCase',
        { true: '列为重点督办件', false: '取消重点督办' },
        e.state.keyCase ? 'false' : 'true',
      ),
      field('说明', 'note', area('note', { maxlength: 2000 })),
    ],
    request: (v) => ({
      path: '/key-case',
      body: { keyCase: v.keyCase === 'true', ...(v.note ? { note: v.note } : {}) },
    }),
  },
];

function actionForm(def, e, compact) {
  const problem = h('div', { class: 'slot' });
  const note = def.note?.(e);
  const form = h(
    'form',
    { class: `action${def.danger ? ' danger' : ''}`, dataset: { action: def.id } },
    compact ? null : h('h3', {}, label(def.label, def.en)),
    note ? (note instanceof Node ? note : h('p', { class: 'muted' }, note)) : null,
    def.fields?.(e) ?? [],
    problem,
    h('button', { type: 'submit', class: def.danger ? 'danger' : 'primary' }, def.label),
  );
  const confirmSlot = h('div', { class: 'slot' });
  form.insertBefore(confirmSlot, problem);
  let confirmed = false;
  // a change after the question was asked asks it again
  form.addEventListener('input', () => {
    confirmed = false;
    clear(confirmSlot);
  });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    let req;
    let values;
    try {
      values = formValues(form);
      def.check?.(values, e);
      req = def.request(values, e, form);
    } catch (err) {
      showProblem(problem, err);
      return;
    }
    showProblem(problem, null);
    // irreversible: say what will be recorded and ask once more, in the page
    const question = def.confirm?.(values, e);
    if (question && !confirmed) {
      clear(confirmSlot).append(
        h(
          'div',
          { class: 'confirm', role: 'alertdialog', 'aria-label': `确认${def.label}` },
          h('p', {}, question),
          h('button', { type: 'submit', class: def.danger ? 'danger' : 'primary', dataset: { confirm: 'yes' } }, `确认${def.label}`),
          h(
            'button',
            {
              type: 'button',
              dataset: { confirm: 'no' },
              onclick: () => {
                confirmed = false;
                clear(confirmSlot);
              },
            },
            '取消',
          ),
        ),
      );
      confirmed = true;
      confirmSlot.querySelector('[data-confirm=yes]').focus();
      return;
    }
    confirmed = false;
    clear(confirmSlot);
    await busy(form, async () => {
      try {
        await api('POST', `/proposals/${e.view.id}${req.path}`, req.body);
        e.ctx.flash(`${def.label}：${def.done ?? '已完成。'}`);
        e.reload();
      } catch (err) {
        showProblem(problem, err);
      }
    });
  });
  return form;
}

/**
 * The actions panel of a case for the signed-in person: `env` has ctx, view (GET /proposals/:id),
 * state (live workflow state), units (all units by id), names (unit names), policy and reload().
 */
export function actionsPanel(env) {
  const role = env.ctx.user.role;
  const mine = ACTIONS.filter((a) => a.roles.includes(role));
  if (!mine.length || !env.state) return null;
  const myUnit = liveUnits(env.state).find((u) => u.unitId === env.ctx.user.unitId);
  // the unit's stage as lists show it (a signed-off draft reads 已签发，待答复)
  const myStage = env.summary?.units?.find((u) => u.unitId === myUnit?.unitId)?.stage ?? myUnit?.stage;
  const e = { ...env, myUnit };
  const primary = mine.filter((a) => a.primary(e));
  const other = mine.filter((a) => !primary.includes(a));
  return h(
    'section',
    { class: 'actions', 'aria-label': '办理操作' },
    h('h2', {}, label('办理操作', 'actions')),
    myUnit
      ? h(
          'p',
          { class: 'muted' },
          `本单位：${unitName(e, myUnit.unitId)} · ${HANDLING_ROLES[myUnit.role] ?? myUnit.role} · ${UNIT_STAGES[myStage] ?? myStage}`,
        )
      : null,
    primary.length
      ? primary.map((a) => actionForm(a, e, false))
      : h('p', { class: 'muted' }, '当前阶段没有待您办理的事项。'),
    other.length
      ? h(
          'details',
          { class: 'more-actions' },
          h('summary', {}, label('其他操作', 'more')),
          h('p', { class: 'hint' }, '按当前阶段通常不适用；如仍提交，系统会说明不能办理的原因。'),
          other.map((a) =>
            h(
              'details',
              { class: 'more-action', dataset: { action: a.id } },
              h('summary', {}, a.label),
              actionForm(a, e, true),
            ),
          ),
        )
      : null,
  );
}
