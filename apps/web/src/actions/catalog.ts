/**
 * Every case action, one per API endpoint. Which of them are offered first follows the role and
 * the live case state; the others stay reachable under 其他操作, because the workflow, not the
 * page, decides what is allowed and says why not.
 */
import {
  draftPrerequisites,
  isTerminal,
  liveUnits,
  type CaseState,
  type LetterFields,
  type ReplyRecord,
  type UnitState,
} from '@banli/domain/lifecycle';
import { lifecycleRulesOf } from '@banli/domain/policies';
import { CONTACT_METHODS, LABELS, RATINGS, type UserRole } from '@banli/domain/vocabulary';
import { api, data } from '../api/client';
import { formProblem } from '../api/problem';
import { beijingInstant, day, dueDay, endOfShanghaiDay, nameOf, shanghaiDateOf } from '../format';
import { t, word } from '../ui';
import type { ActionDef, CaseContext, Field, Option, Suggestion, Values } from './types';

const OFFICE: UserRole[] = ['office', 'admin'];
const UNIT: UserRole[] = ['unitStaff', 'unitLeader'];
const SUPERVISE: UserRole[] = ['supervisor', 'office', 'admin'];

const stageIs = (u: UnitState | undefined, ...stages: string[]) => !!u && stages.includes(u.stage);
const replyingAwaitingFeedback = (c: CaseContext) =>
  liveUnits(c.state).filter((u) => u.role !== 'co' && u.stage === 'FEEDBACK_PENDING');

const unitOptions = (c: CaseContext, ids: string[], blank?: string): Option[] => [
  ...(blank !== undefined ? [{ value: '', label: blank }] : []),
  ...ids.map((id) => ({ value: id, label: nameOf(c.names, id) })),
];
const allUnits = (c: CaseContext) => [...c.units.keys()];

/** A form value as trimmed text ('' when absent). */
const s = (v: Values, k: string): string => {
  const x = v[k];
  return typeof x === 'string' ? x.trim() : '';
};
const on = (v: Values, k: string): boolean => v[k] === true;
/** Only the members that have a value (the API refuses empty strings for optional fields). */
const given = <T extends Record<string, unknown>>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, x]) => x !== '' && x !== undefined)) as Partial<T>;
const path = (c: CaseContext) => ({ params: { path: { id: c.view.id } } });
const today = () => shanghaiDateOf(new Date().toISOString());

// -- joint reply (联合行文), countersign (会签), review (审核), publication (公开)

const leadOf = (st: CaseState) => liveUnits(st).find((u) => u.unitId === st.leadUnitId);
const coUnitsOf = (st: CaseState) => liveUnits(st).filter((u) => u.role === 'co');
/** Whether this joint case replies jointly: the office's choice, else the policy's rule. */
const repliesJointly = (c: CaseContext) =>
  c.state.mode === 'joint' && (c.state.jointReply ?? c.policy?.jointReply === true);
/** The lead's draft while it waits for `unitId`'s countersignature. */
function countersignAwaited(c: CaseContext, unitId: string | undefined) {
  const lead = leadOf(c.state);
  const draft = lead?.draft;
  if (!unitId || !draft || draft.signedOffAt) return null;
  return draft.countersigns?.some((x) => x.unitId === unitId && !x.answer) ? { lead: lead!, draft } : null;
}
/** A countersignature: agree, or ask for changes (then the changes are required). */
const countersignFields = (): Field[] => [
  {
    kind: 'radios',
    name: 'agree',
    zh: '会签意见',
    en: 'answer',
    initial: 'true',
    options: [
      { value: 'true', label: t('同意', 'agree') },
      { value: 'false', label: t('提出修改意见', 'ask for changes') },
    ],
  },
  {
    kind: 'area',
    name: 'comment',
    zh: '修改意见',
    en: 'changes asked',
    required: true,
    rows: 4,
    maxlength: 5000,
    when: (v) => s(v, 'agree') === 'false',
  },
];

/** Co-handlers whose countersignature the lead's draft still waits for. */
const countersignsPending = (c: CaseContext) =>
  coUnitsOf(c.state).filter((u) => countersignAwaited(c, u.unitId));
/** Replying units whose signed-off draft waits for the office's review. */
const awaitingReview = (c: CaseContext) =>
  c.policy?.officeReview
    ? liveUnits(c.state).filter((u) => u.role !== 'co' && !!u.draft?.signedOffAt && !u.draft.reviewedAt)
    : [];

interface ReplyRef {
  unit: UnitState;
  reply: ReplyRecord;
}
/** Replies with no publication decision yet (a unit sees its own). */
function undecidedReplies(c: CaseContext, publishable: boolean): ReplyRef[] {
  const out: ReplyRef[] = [];
  for (const unit of liveUnits(c.state)) {
    if (unit.role === 'co') continue;
    if ((c.user.role === 'unitStaff' || c.user.role === 'unitLeader') && unit.unitId !== c.user.unitId)
      continue;
    for (const reply of unit.replies) {
      if (reply.publication) continue;
      if (publishable && (reply.publicity === 'none' || reply.publicity === 'onRequest')) continue;
      if (publishable && reply.proposerAgreesToPublish === false) continue;
      out.push({ unit, reply });
    }
  }
  return out;
}
/** A select's options with the first one chosen. */
function firstChosen(f: Extract<Field, { kind: 'select' }>): Field {
  return { ...f, initial: f.initial ?? f.options[0]?.value ?? '' };
}
const replyKey = (r: ReplyRef) => `${r.unit.unitId}:${r.reply.round}`;
function replyOptions(c: CaseContext, refs: ReplyRef[]): Option[] {
  return refs.map((r) => ({
    value: replyKey(r),
    label:
      `${nameOf(c.names, r.unit.unitId)} · ` +
      t(`第${r.reply.round}轮答复`, `round ${r.reply.round}`) +
      (r.reply.docNumber ? ` · ${r.reply.docNumber}` : ''),
  }));
}
/** The unit and round a reply choice stands for. */
function pickedReply(v: Values): { unitId: string; round: number } {
  const [unitId, round] = s(v, 'reply').split(':');
  if (!unitId) throw formProblem(t('请选择答复 (choose a reply)', 'Choose a reply.'));
  return { unitId, round: Number(round) || 1 };
}

/** The unit's next 文号 (its pattern's next number), proposed in the form; none without a pattern. */
const nextDocNumber =
  (unitId: string | undefined, kind: 'reply' | 'opinion') => async (): Promise<Suggestion | null> => {
    if (!unitId) return null;
    const r = await data(
      api.GET('/units/{unitId}/next-doc-number', { params: { path: { unitId }, query: { kind } } }),
    );
    return r.docNumber ? { value: r.docNumber, note: t('建议文号', 'Proposed number') } : null;
  };

const PUBLICITY_CODES = ['active', 'onRequest', 'none'] as const;
type PublicityCode = (typeof PUBLICITY_CODES)[number];
const publicityOf = (v: Values): PublicityCode | undefined =>
  PUBLICITY_CODES.find((x) => x === s(v, 'publicity'));

/** The reply letter's own fields (domain.md §4), after class and text. */
function letterFields(c: CaseContext, d: LetterFields | undefined, unit: UnitState | undefined): Field[] {
  const leader = unit ? c.units.get(unit.unitId)?.leaderName : undefined;
  return [
    {
      kind: 'text',
      name: 'title',
      zh: '标题',
      en: 'title',
      maxlength: 200,
      initial: d?.title ?? '',
      hint: t('留空则按规范生成，如《关于……建议的答复》', 'empty: the standard title is generated'),
    },
    {
      kind: 'text',
      name: 'docNumber',
      zh: '文号',
      en: 'document no.',
      maxlength: 64,
      half: true,
      initial: d?.docNumber ?? '',
      suggest: d?.docNumber ? undefined : nextDocNumber(unit?.unitId, 'reply'),
    },
    {
      kind: 'date',
      name: 'letterDate',
      zh: '答复日期',
      en: 'letter date',
      required: true,
      half: true,
      initial: d?.letterDate ?? today(),
    },
    {
      kind: 'text',
      name: 'signerName',
      zh: '签发人',
      en: 'signer',
      maxlength: 64,
      half: true,
      initial: d?.signerName ?? leader ?? '',
    },
    {
      kind: 'text',
      name: 'signerTitle',
      zh: '职务',
      en: 'signer’s title',
      maxlength: 64,
      half: true,
      initial: d?.signerTitle ?? '',
    },
    {
      kind: 'tags',
      name: 'copies',
      zh: '抄送',
      en: 'copies',
      max: 20,
      initial: d?.copies ?? c.policy?.copies ?? [],
    },
    {
      kind: 'radios',
      name: 'publicity',
      zh: '公开属性',
      en: 'publicity',
      initial: d?.publicity ?? 'active',
      options: PUBLICITY_CODES.map((x) => ({ value: x, label: word(LABELS.publicity, x) })),
    },
    {
      kind: 'area',
      name: 'publicityReason',
      zh: '不予公开理由',
      en: 'why not published',
      required: true,
      maxlength: 500,
      rows: 2,
      initial: d?.publicityReason ?? '',
      when: (v) => s(v, 'publicity') === 'none',
    },
    {
      kind: 'radios',
      name: 'proposerAgreesToPublish',
      zh: '代表委员是否同意公开',
      en: 'proposer agrees to publication',
      initial: d?.proposerAgreesToPublish === undefined ? '' : d.proposerAgreesToPublish ? 'true' : 'false',
      options: [
        { value: 'true', label: t('同意', 'yes') },
        { value: 'false', label: t('不同意', 'no') },
        { value: '', label: t('未征询', 'not asked') },
      ],
    },
  ];
}

/** The letter fields as the API takes them (only those with a value). */
function letterBody(v: Values) {
  const publicity = publicityOf(v);
  const copies = Array.isArray(v.copies) ? v.copies.map((x) => x.trim()).filter(Boolean) : [];
  const agrees = s(v, 'proposerAgreesToPublish');
  return {
    ...given({
      title: s(v, 'title'),
      docNumber: s(v, 'docNumber'),
      letterDate: s(v, 'letterDate'),
      signerName: s(v, 'signerName'),
      signerTitle: s(v, 'signerTitle'),
      publicityReason: publicity === 'none' ? s(v, 'publicityReason') : '',
    }),
    ...(copies.length ? { copies } : {}),
    ...(publicity ? { publicity } : {}),
    ...(agrees ? { proposerAgreesToPublish: agrees === 'true' } : {}),
  };
}

/** A co-handling opinion as a document: its text and letter particulars (its own 文号 series). */
function opinionFields(c: CaseContext, unitId: string | undefined): Field[] {
  const u = unitId ? c.units.get(unitId) : undefined;
  return [
    { kind: 'area', name: 'text', zh: '会办意见', en: 'opinion to the lead unit', required: true, rows: 6 },
    {
      kind: 'text',
      name: 'title',
      zh: '标题',
      en: 'title',
      maxlength: 200,
      hint: t('留空则按规范生成，如《关于……的会办意见》', 'empty: the standard title is generated'),
    },
    {
      kind: 'text',
      name: 'docNumber',
      zh: '文号',
      en: 'document no.',
      maxlength: 64,
      half: true,
      suggest: nextDocNumber(unitId, 'opinion'),
    },
    { kind: 'date', name: 'letterDate', zh: '日期', en: 'date', half: true, initial: today() },
    {
      kind: 'text',
      name: 'signerName',
      zh: '签发人',
      en: 'signer',
      maxlength: 64,
      initial: u?.leaderName ?? '',
    },
    {
      kind: 'text',
      name: 'contactPerson',
      zh: '联系人',
      en: 'contact person',
      maxlength: 64,
      half: true,
      initial: c.user.unitId === unitId ? c.user.displayName : (u?.contactName ?? ''),
    },
    {
      kind: 'text',
      name: 'contactPhone',
      zh: '联系电话',
      en: 'phone',
      maxlength: 64,
      half: true,
      initial: u?.contactPhone ?? '',
    },
  ];
}
const opinionBody = (v: Values) => ({
  text: s(v, 'text'),
  ...given({
    title: s(v, 'title'),
    docNumber: s(v, 'docNumber'),
    letterDate: s(v, 'letterDate'),
    signerName: s(v, 'signerName'),
    contactPerson: s(v, 'contactPerson'),
    contactPhone: s(v, 'contactPhone'),
  }),
});

/**
 * The form of an office decision on a unit's request (adjustment, extension): which unit, approve
 * or not, what the approval sets, and why.
 */
function decisionFields(
  c: CaseContext,
  pending: UnitState[],
  approve: { zh: string; initial: 'true' | 'false' },
  approvalFields: Field[],
): Field[] {
  return [
    {
      kind: 'select',
      name: 'unitId',
      zh: '申请单位',
      en: 'unit',
      options: unitOptions(
        c,
        (pending.length ? pending : liveUnits(c.state)).map((u) => u.unitId),
      ),
    },
    {
      kind: 'radios',
      name: 'approve',
      zh: '决定',
      en: 'decision',
      initial: approve.initial,
      options: [
        { value: 'true', label: t(approve.zh, 'approve') },
        { value: 'false', label: t('不同意', 'reject') },
      ],
    },
    ...approvalFields,
    { kind: 'area', name: 'reason', zh: '理由', en: 'reason' },
  ];
}

const ACTIONS: ActionDef[] = [
  // -- office: review and assignment
  {
    id: 'file',
    command: 'file',
    en: 'File',
    roles: OFFICE,
    primary: (c) => c.state.stage === 'UNDER_REVIEW',
    fields: (c) => [
      {
        kind: 'text',
        name: 'number',
        zh: '立案号',
        en: 'filing no.',
        required: true,
        maxlength: 32,
        initial: c.view.number,
      },
      {
        kind: 'text',
        name: 'category',
        zh: '类别',
        en: 'category',
        required: true,
        maxlength: 100,
        initial: c.view.category ?? '',
      },
      { kind: 'check', name: 'keyCase', zh: '列为重点督办件', en: 'key case' },
      { kind: 'check', name: 'fastTrack', zh: '快速办理通道', en: 'fast track' },
      { kind: 'check', name: 'complex', zh: '内容复杂、涉及面广', en: 'complex' },
    ],
    send: (v, c) =>
      api.POST('/proposals/{id}/file', {
        ...path(c),
        body: {
          number: s(v, 'number'),
          category: s(v, 'category'),
          ...(on(v, 'keyCase') ? { keyCase: true } : {}),
          ...(on(v, 'fastTrack') ? { fastTrack: true } : {}),
          ...(on(v, 'complex') ? { complex: true } : {}),
        },
      }),
    done: () => t('已立案，下一步：交办。', 'Filed; next: assign it.'),
  },
  {
    id: 'assign',
    command: 'assign',
    en: 'Assign',
    roles: OFFICE,
    primary: (c) => c.state.stage === 'FILED',
    fields: () => [{ kind: 'units', name: 'units', zh: '承办单位', en: 'units' }],
    check: (v) => void assignment(v),
    send: (v, c) => api.POST('/proposals/{id}/assign', { ...path(c), body: assignment(v) }),
    done: () => t('已交办，承办单位将收到任务邮件。', 'Assigned; the units will get their task mail.'),
  },
  {
    id: 'returnForRevision',
    command: 'returnForRevision',
    en: 'Return for revision',
    roles: OFFICE,
    primary: (c) => c.state.stage === 'UNDER_REVIEW',
    fields: () => [{ kind: 'area', name: 'reason', zh: '退回理由', en: 'reason', required: true }],
    send: (v, c) =>
      api.POST('/proposals/{id}/return-for-revision', { ...path(c), body: { reason: s(v, 'reason') } }),
  },
  {
    id: 'notFile',
    command: 'notFile',
    en: 'Do not file',
    roles: OFFICE,
    danger: true,
    primary: () => false,
    fields: () => [
      { kind: 'area', name: 'reason', zh: '理由', en: 'reason', required: true },
      {
        kind: 'text',
        name: 'convertedTo',
        zh: '转化方式',
        en: 'converted to',
        required: true,
        maxlength: 100,
        initial: '社情民意',
      },
    ],
    confirm: (v) =>
      t(
        `将不予立案并转为“${s(v, 'convertedTo')}”，案件办理随之结束，不能撤销。`,
        `The case will not be filed and becomes “${s(v, 'convertedTo')}”; handling ends and cannot be undone.`,
      ),
    send: (v, c) =>
      api.POST('/proposals/{id}/not-file', {
        ...path(c),
        body: { reason: s(v, 'reason'), convertedTo: s(v, 'convertedTo') },
      }),
  },
  {
    id: 'decideAdjustment',
    command: 'decideAdjustment',
    en: 'Decide the adjustment',
    roles: OFFICE,
    primary: (c) => pendingAdjustments(c).length > 0,
    notes: (c) => ({
      lines: pendingAdjustments(c).map((u) => {
        const r = u.adjustments[u.adjustments.length - 1];
        const proposed = r?.proposedUnitId
          ? t(
              `（建议改由 ${nameOf(c.names, r.proposedUnitId)} 承办）`,
              ` (proposes ${nameOf(c.names, r.proposedUnitId)})`,
            )
          : '';
        return (
          t(
            `${nameOf(c.names, u.unitId)} 申请调整：${r?.reason ?? ''}`,
            `${nameOf(c.names, u.unitId)} asks to be replaced: ${r?.reason ?? ''}`,
          ) + proposed
        );
      }),
    }),
    fields: (c) =>
      decisionFields(c, pendingAdjustments(c), { zh: '同意调整', initial: 'false' }, [
        {
          kind: 'select',
          name: 'newUnitId',
          zh: '新的承办单位',
          en: 'new unit',
          options: unitOptions(
            c,
            allUnits(c),
            t('（按申请中建议的单位）', '(the unit proposed in the request)'),
          ),
        },
      ]),
    confirm: (v, c) =>
      s(v, 'approve') === 'true'
        ? t(
            `将同意${nameOf(c.names, s(v, 'unitId'))}的调整申请，本件改由${s(v, 'newUnitId') ? nameOf(c.names, s(v, 'newUnitId')) : '申请中建议的单位'}承办，不能撤销。`,
            `${nameOf(c.names, s(v, 'unitId'))} will be replaced by ${s(v, 'newUnitId') ? nameOf(c.names, s(v, 'newUnitId')) : 'the unit proposed in the request'}; this cannot be undone.`,
          )
        : null,
    send: (v, c) => {
      const approve = s(v, 'approve') === 'true';
      return api.POST('/proposals/{id}/adjustment-decisions', {
        ...path(c),
        body: {
          unitId: s(v, 'unitId'),
          approve,
          ...given({ reason: s(v, 'reason'), newUnitId: approve ? s(v, 'newUnitId') : '' }),
        },
      });
    },
  },
  {
    id: 'decideExtension',
    command: 'decideExtension',
    en: 'Decide the extension',
    roles: OFFICE,
    primary: (c) => pendingExtensions(c).length > 0,
    notes: (c) => ({
      lines: pendingExtensions(c).map((u) => {
        const x = u.extensions.find((r) => !r.decision);
        const until = x?.requestedDueAt ? dueDay(x.requestedDueAt) : '';
        return (
          t(
            `${nameOf(c.names, u.unitId)} 申请延期：${x?.reason ?? ''}`,
            `${nameOf(c.names, u.unitId)} asks for more time: ${x?.reason ?? ''}`,
          ) + (until ? t(`（申请延至 ${until}）`, ` (until ${until})`) : '')
        );
      }),
    }),
    fields: (c) =>
      decisionFields(c, pendingExtensions(c), { zh: '同意延期', initial: 'true' }, [
        {
          kind: 'date',
          name: 'newDueDate',
          zh: '批准延至',
          en: 'new due date',
          hint: t(
            '留空则按申请的日期；不得超过政策允许的最长期限',
            'empty: the date asked for; never beyond the policy’s longest period',
          ),
        },
      ]),
    send: (v, c) => {
      const approve = s(v, 'approve') === 'true';
      return api.POST('/proposals/{id}/extension-decisions', {
        ...path(c),
        body: {
          unitId: s(v, 'unitId'),
          approve,
          ...given({
            reason: s(v, 'reason'),
            newDueAt: approve && s(v, 'newDueDate') ? endOfShanghaiDay(s(v, 'newDueDate')) : '',
          }),
        },
      });
    },
  },
  {
    id: 'resume',
    command: 'resume',
    en: 'Resume',
    roles: OFFICE,
    primary: (c) => !!c.state.onHold,
    notes: () => ({
      lines: [t('恢复后，各项时限按暂停时长顺延。', 'Deadlines move on by the time the case was on hold.')],
    }),
    send: (_v, c) => api.POST('/proposals/{id}/resume', path(c)),
  },
  {
    id: 'hold',
    command: 'hold',
    en: 'Put on hold',
    roles: OFFICE,
    primary: () => false,
    fields: () => [{ kind: 'area', name: 'reason', zh: '理由', en: 'reason', required: true }],
    send: (v, c) => api.POST('/proposals/{id}/hold', { ...path(c), body: { reason: s(v, 'reason') } }),
  },
  {
    id: 'recordDelivery',
    command: 'recordDelivery',
    en: 'Record delivery',
    roles: OFFICE,
    primary: () => false,
    notes: () => ({
      lines: [
        t(
          '交办件默认于交办时送达；纸质件等晚于交办送达的，登记实际送达时间，自收到起算的期限随之重算。',
          'An item counts as delivered when assigned; record a later delivery and the deadlines counted from receipt follow it.',
        ),
      ],
    }),
    fields: (c) => [
      {
        kind: 'select',
        name: 'unitId',
        zh: '承办单位',
        en: 'unit',
        options: unitOptions(
          c,
          liveUnits(c.state)
            .filter((u) => u.replies.length === 0 && u.stage !== 'CLOSED')
            .map((u) => u.unitId),
        ),
      },
      {
        kind: 'date',
        name: 'date',
        zh: '送达日期',
        en: 'date',
        required: true,
        half: true,
        initial: today(),
      },
      { kind: 'time', name: 'time', zh: '时间', en: 'time', half: true, initial: '09:00' },
      { kind: 'area', name: 'note', zh: '说明', en: 'note', maxlength: 500 },
    ],
    send: (v, c) =>
      api.POST('/proposals/{id}/units/{unitId}/delivery', {
        params: { path: { id: c.view.id, unitId: s(v, 'unitId') } },
        body: { deliveredAt: beijingInstant(s(v, 'date'), s(v, 'time')), ...given({ note: s(v, 'note') }) },
      }),
    done: () => t('已登记送达时间，相关期限已重算。', 'Delivery recorded; deadlines recomputed.'),
  },

  {
    id: 'setJointReply',
    command: 'setJointReply',
    zh: '联合行文',
    en: 'Joint reply',
    roles: OFFICE,
    primary: (c) => {
      const lead = leadOf(c.state);
      return (
        c.state.mode === 'joint' &&
        c.state.jointReply === undefined &&
        !!lead &&
        !lead.draft &&
        lead.replies.length === 0
      );
    },
    notes: (c) => ({
      lines: [
        repliesJointly(c)
          ? t(
              '现为联合行文：主办单位的答复稿经各会办单位会签后，由各单位联合署名答复。',
              'Now a joint reply: the co-handlers countersign the lead’s draft and sign the letter with it.',
            )
          : t(
              '现为主办单位单独答复，会办单位提交会办意见。',
              'Now the lead replies alone; co-handlers send opinions.',
            ),
        c.state.jointReply === undefined
          ? t(
              '（按时限政策的规定；可在主办单位提交答复稿前改变。）',
              '(as the policy says; may be changed before the lead drafts.)',
            )
          : '',
      ].filter(Boolean),
    }),
    fields: (c) => [
      {
        kind: 'radios',
        name: 'jointReply',
        zh: '答复方式',
        en: 'reply form',
        initial: repliesJointly(c) ? 'true' : 'false',
        options: [
          { value: 'true', label: t('联合行文（会办单位会签）', 'joint reply (countersigned)') },
          { value: 'false', label: t('主办单位单独答复', 'the lead replies alone') },
        ],
      },
      { kind: 'area', name: 'reason', zh: '说明', en: 'reason', maxlength: 500, rows: 2 },
    ],
    send: (v, c) =>
      api.POST('/proposals/{id}/joint-reply', {
        ...path(c),
        body: { jointReply: s(v, 'jointReply') === 'true', ...given({ reason: s(v, 'reason') }) },
      }),
    done: () => t('已确定答复方式。', 'Reply form set.'),
  },
  {
    id: 'reviewReply',
    command: 'reviewReply',
    en: 'Review the reply',
    roles: OFFICE,
    primary: (c) => awaitingReview(c).length > 0,
    notes: (c) => {
      const u = awaitingReview(c)[0];
      return u?.draft ? { draft: u.draft, draftOf: u.unitId } : null;
    },
    fields: (c) => {
      const waiting = awaitingReview(c);
      const first = waiting[0]?.draft?.class ?? '';
      const classes = c.policy?.replyClasses ?? [];
      return [
        firstChosen({
          kind: 'select',
          name: 'unitId',
          zh: '答复单位',
          en: 'unit',
          options: unitOptions(
            c,
            (waiting.length ? waiting : liveUnits(c.state).filter((u) => u.role !== 'co')).map(
              (u) => u.unitId,
            ),
          ),
        }),
        {
          kind: 'radios',
          name: 'decision',
          zh: '审核意见',
          en: 'decision',
          initial: 'accept',
          options: [
            { value: 'accept', label: t('通过', 'accept') },
            { value: 'correct', label: t('通过并更正类别', 'accept, correcting the class') },
            { value: 'return', label: t('退回', 'return') },
          ],
        },
        {
          kind: 'select',
          name: 'class',
          zh: '更正为',
          en: 'correct to',
          initial: classes.find((x) => x.code !== first)?.code ?? first,
          options: classes.map((x) => ({
            value: x.code,
            label: `${x.code} ${t(x.label, x.labelEn ?? x.label)}`,
          })),
          when: (v) => s(v, 'decision') === 'correct',
        },
        {
          kind: 'area',
          name: 'reason',
          zh: '退回理由',
          en: 'reason',
          required: true,
          rows: 3,
          when: (v) => s(v, 'decision') === 'return',
        },
      ];
    },
    confirm: (v, c) => {
      const u = liveUnits(c.state).find((x) => x.unitId === s(v, 'unitId'));
      const from = u?.draft?.class ?? '';
      if (s(v, 'decision') === 'correct')
        return t(
          `将审核通过${nameOf(c.names, s(v, 'unitId'))}的答复，并更正答复类别：原类别 ${from} → 新类别 ${s(v, 'class')}。`,
          `The reply of ${nameOf(c.names, s(v, 'unitId'))} passes review with its class corrected: ${from} → ${s(v, 'class')}.`,
        );
      return null;
    },
    send: (v, c) => {
      const decision = s(v, 'decision');
      return api.POST('/proposals/{id}/units/{unitId}/review', {
        params: { path: { id: c.view.id, unitId: s(v, 'unitId') } },
        body:
          decision === 'return'
            ? { accept: false, reason: s(v, 'reason') }
            : { accept: true, ...(decision === 'correct' ? { class: s(v, 'class') } : {}) },
      });
    },
    done: () => t('已审核。', 'Reviewed.'),
  },
  {
    id: 'countersignByOffice',
    command: 'countersign',
    zh: '代为会签',
    en: 'Countersign for a unit',
    roles: OFFICE,
    primary: () => false,
    notes: (c) => {
      const lead = leadOf(c.state);
      return lead?.draft?.countersigns?.length ? { draft: lead.draft, draftOf: lead.unitId } : null;
    },
    fields: (c) => [
      firstChosen({
        kind: 'select',
        name: 'unitId',
        zh: '会办单位',
        en: 'co-handler',
        options: unitOptions(
          c,
          (countersignsPending(c).length ? countersignsPending(c) : coUnitsOf(c.state)).map((u) => u.unitId),
        ),
      }),
      ...countersignFields(),
    ],
    check: (v) => {
      if (s(v, 'agree') === 'false' && !s(v, 'comment'))
        throw formProblem(t('请填写修改意见 (the changes asked)', 'Write the changes asked.'));
    },
    send: (v, c) =>
      api.POST('/proposals/{id}/units/{unitId}/countersign', {
        params: { path: { id: c.view.id, unitId: s(v, 'unitId') } },
        body: { agree: s(v, 'agree') !== 'false', ...given({ comment: s(v, 'comment') }) },
      }),
    done: () => t('已代为登记会签。', 'Countersignature entered.'),
  },
  {
    id: 'opinionByOffice',
    command: 'sendOpinion',
    zh: '代为登记会办意见',
    en: 'Enter a co-handling opinion',
    roles: OFFICE,
    primary: () => false,
    notes: () => ({
      lines: [
        t(
          '会办单位没有系统账号（如电话征求意见）时，由交办机关代为登记其会办意见。',
          'For a co-handler without an account (e.g. consulted by phone), the office enters its opinion.',
        ),
      ],
    }),
    fields: (c) => {
      const co = coUnitsOf(c.state);
      const open = co.filter((u) => !u.opinionSentAt);
      return [
        firstChosen({
          kind: 'select',
          name: 'unitId',
          zh: '会办单位',
          en: 'co-handler',
          options: unitOptions(
            c,
            (open.length ? open : co).map((u) => u.unitId),
          ),
        }),
        ...opinionFields(c, undefined).filter((f) => f.name !== 'docNumber'),
        { kind: 'text', name: 'docNumber', zh: '文号', en: 'document no.', maxlength: 64 },
      ];
    },
    send: (v, c) =>
      api.POST('/proposals/{id}/units/{unitId}/opinion', {
        params: { path: { id: c.view.id, unitId: s(v, 'unitId') } },
        body: opinionBody(v),
      }),
    done: () => t('已代为登记会办意见。', 'Opinion entered.'),
  },
  {
    id: 'publishReply',
    command: 'publishReply',
    en: 'Publish the reply',
    roles: [...OFFICE, ...UNIT],
    primary: (c) =>
      undecidedReplies(c, true).some(
        (r) => r.unit.deadlines.publication?.open || OFFICE.includes(c.user.role),
      ),
    fields: (c) => [
      firstChosen({
        kind: 'select',
        name: 'reply',
        zh: '答复',
        en: 'reply',
        options: replyOptions(c, undecidedReplies(c, true)),
      }),
      {
        kind: 'text',
        name: 'indexNo',
        zh: '索引号',
        en: 'index no.',
        maxlength: 100,
        hint: t('留空自动生成', 'empty: generated'),
      },
      {
        kind: 'text',
        name: 'publisher',
        zh: '发布机构',
        en: 'publisher',
        maxlength: 200,
        hint: t('留空为答复单位名称', 'empty: the replying unit'),
      },
      {
        kind: 'text',
        name: 'method',
        zh: '公开方式',
        en: 'method',
        half: true,
        maxlength: 32,
        initial: '主动公开',
      },
      {
        kind: 'text',
        name: 'validity',
        zh: '时效性',
        en: 'validity',
        half: true,
        maxlength: 32,
        initial: '有效',
      },
      { kind: 'date', name: 'publishedDate', zh: '发布日期', en: 'published on', initial: today() },
    ],
    send: (v, c) => {
      const { unitId, round } = pickedReply(v);
      const date = s(v, 'publishedDate');
      return api.POST('/proposals/{id}/units/{unitId}/publish', {
        params: { path: { id: c.view.id, unitId } },
        body: {
          round,
          ...given({
            indexNo: s(v, 'indexNo'),
            publisher: s(v, 'publisher'),
            method: s(v, 'method'),
            validity: s(v, 'validity'),
            // today's publication is recorded at the moment it is made
            publishedAt: date && date < today() ? beijingInstant(date, '09:00') : '',
          }),
        },
      });
    },
    done: () => t('答复已公开。', 'The reply is published.'),
  },
  {
    id: 'declinePublication',
    command: 'declinePublication',
    zh: '不予公开',
    en: 'Do not publish',
    roles: [...OFFICE, ...UNIT],
    primary: () => false,
    fields: (c) => [
      firstChosen({
        kind: 'select',
        name: 'reply',
        zh: '答复',
        en: 'reply',
        options: replyOptions(c, undecidedReplies(c, false)),
      }),
      { kind: 'area', name: 'reason', zh: '不予公开理由', en: 'reason', required: true, maxlength: 500 },
    ],
    send: (v, c) => {
      const { unitId, round } = pickedReply(v);
      return api.POST('/proposals/{id}/units/{unitId}/decline-publication', {
        params: { path: { id: c.view.id, unitId } },
        body: { round, reason: s(v, 'reason') },
      });
    },
    done: () => t('已登记不予公开的理由。', 'Recorded why it is not published.'),
  },

  // -- the handling unit
  {
    id: 'signFor',
    command: 'signFor',
    en: 'Sign for',
    roles: UNIT,
    primary: (c) => stageIs(c.myUnit, 'ASSIGNED'),
    notes: () => ({
      lines: [
        t('签收后开始计算答复等时限。', 'The reply and other deadlines start counting once signed for.'),
      ],
    }),
    send: (_v, c) =>
      api.POST('/proposals/{id}/units/{unitId}/sign-for', {
        params: { path: { id: c.view.id, unitId: c.myUnit?.unitId ?? c.user.unitId ?? '' } },
      }),
    done: () => t('已签收。', 'Signed for.'),
  },
  {
    id: 'sendOpinion',
    command: 'sendOpinion',
    en: 'Send the co-handling opinion',
    roles: UNIT,
    primary: (c) => c.myUnit?.role === 'co' && stageIs(c.myUnit, 'RECEIVED', 'IN_PROGRESS'),
    fields: (c) => opinionFields(c, c.myUnit?.unitId ?? c.user.unitId ?? undefined),
    send: (v, c) => api.POST('/proposals/{id}/opinions', { ...path(c), body: opinionBody(v) }),
  },
  {
    id: 'countersign',
    command: 'countersign',
    en: 'Countersign the draft',
    roles: UNIT,
    primary: (c) => c.myUnit?.role === 'co' && !!countersignAwaited(c, c.myUnit.unitId),
    notes: (c) => {
      const w = countersignAwaited(c, c.myUnit?.unitId);
      if (!w) return null;
      const due = c.myUnit?.deadlines.countersign;
      return {
        lines: [
          t(
            `本件联合行文，请会签主办单位的答复稿${due?.open ? `（会签期限 ${dueDay(due.dueAt)}）` : ''}。`,
            `A joint reply: countersign the lead unit’s draft${due?.open ? ` (due ${dueDay(due.dueAt)})` : ''}.`,
          ),
        ],
        draft: w.draft,
        draftOf: w.lead.unitId,
      };
    },
    fields: countersignFields,
    confirm: (v) =>
      s(v, 'agree') === 'false'
        ? t(
            '将退回主办单位修改答复稿，修改后重新送会签。',
            'The draft goes back to the lead unit for changes and comes round again.',
          )
        : null,
    send: (v, c) =>
      api.POST('/proposals/{id}/countersign', {
        ...path(c),
        body: s(v, 'agree') === 'false' ? { agree: false, comment: s(v, 'comment') } : { agree: true },
      }),
    done: () => t('已会签。', 'Countersigned.'),
  },
  {
    id: 'recordContact',
    command: 'recordContact',
    en: 'Record contact',
    roles: UNIT,
    primary: (c) =>
      c.myUnit?.role !== 'co' &&
      stageIs(c.myUnit, 'RECEIVED', 'IN_PROGRESS', 'REHANDLING', 'REPLY_REVIEW', 'TRACKING'),
    notes: (c) => {
      const u = c.myUnit;
      const n = u ? u.contacts.filter((x) => x.round === u.round).length : 0;
      return {
        lines: [
          n
            ? t(`本轮已登记沟通 ${n} 次。`, `${n} contact(s) recorded this round.`)
            : t('答复前须与代表委员沟通联系并登记。', 'Contact the proposer and record it before replying.'),
        ],
      };
    },
    fields: (c) => [
      {
        kind: 'select',
        name: 'method',
        zh: '沟通方式',
        en: 'method',
        initial: 'faceToFace',
        options: CONTACT_METHODS.map((m) => ({ value: m, label: word(LABELS.contactMethod, m) })),
      },
      { kind: 'date', name: 'date', zh: '日期', en: 'date', required: true, half: true, initial: today() },
      { kind: 'time', name: 'time', zh: '时间', en: 'time', half: true, initial: '09:00' },
      {
        kind: 'text',
        name: 'by',
        zh: '沟通人',
        en: 'by',
        required: true,
        maxlength: 64,
        initial: c.user.displayName,
      },
      { kind: 'area', name: 'note', zh: '情况', en: 'note', maxlength: 2000 },
    ],
    send: (v, c) => {
      const method = CONTACT_METHODS.find((m) => m === s(v, 'method')) ?? 'faceToFace';
      return api.POST('/proposals/{id}/contacts', {
        ...path(c),
        body: {
          method,
          date: beijingInstant(s(v, 'date'), s(v, 'time')),
          by: s(v, 'by'),
          ...given({ note: s(v, 'note') }),
        },
      });
    },
    done: () => t('已登记沟通情况。', 'Contact recorded.'),
  },
  {
    id: 'draftReply',
    command: 'draftReply',
    en: 'Draft the reply',
    roles: UNIT,
    primary: (c) =>
      c.myUnit?.role !== 'co' &&
      (stageIs(c.myUnit, 'RECEIVED', 'IN_PROGRESS', 'REHANDLING') ||
        (stageIs(c.myUnit, 'REPLY_REVIEW') && !c.myUnit?.draft)),
    // what the workflow will check, computed here by the domain's own rule (not a copy of it)
    notes: (c) => {
      if (!c.myUnit || !c.policy) return null;
      const need = draftPrerequisites(
        c.state,
        c.myUnit,
        lifecycleRulesOf(c.policy),
        new Date().toISOString(),
      );
      const names = need.coOpinions.map((id) => nameOf(c.names, id)).join('、');
      const changes = c.myUnit.draft?.changesRequested;
      return {
        lines: repliesJointly(c)
          ? [
              t(
                '本件联合行文：答复稿提交后送会办单位会签，会签后再由单位负责人签发。',
                'A joint reply: the draft goes to the co-handlers to countersign, then to the unit leader.',
              ),
            ]
          : [],
        needs: [
          changes
            ? t(
                `${nameOf(c.names, changes.unitId)} 提出修改意见（${day(changes.at)}）：${changes.comment}`,
                `${nameOf(c.names, changes.unitId)} asked for changes (${day(changes.at)}): ${changes.comment}`,
              )
            : '',
          need.contact
            ? t(
                `起草答复前须与代表委员沟通联系，并先在“${LABELS.action.recordContact.zh}”中登记。`,
                'Contact the proposer and record it under “Record contact” before drafting the reply.',
              )
            : '',
          need.coOpinions.length
            ? t(
                `会办单位 ${names} 的会办意见尚未送达，且会办期限未到，暂不能提交答复稿。`,
                `The co-handling opinion of ${names} has not arrived and its deadline has not passed: the draft cannot be submitted yet.`,
              )
            : '',
        ].filter(Boolean),
      };
    },
    fields: (c) => {
      const d = c.myUnit?.draft;
      const classes = c.policy?.replyClasses ?? [];
      return [
        classes.length
          ? {
              kind: 'select',
              name: 'class',
              zh: '答复类别',
              en: 'class',
              initial: d?.class ?? classes[0].code,
              options: classes.map((x) => ({
                value: x.code,
                label: `${x.code} ${t(x.label, x.labelEn ?? x.label)}`,
              })),
            }
          : {
              kind: 'text',
              name: 'class',
              zh: '答复类别',
              en: 'class',
              required: true,
              maxlength: 16,
              initial: d?.class ?? 'A',
            },
        {
          kind: 'area',
          name: 'text',
          zh: '答复正文',
          en: 'text',
          required: true,
          rows: 8,
          initial: d?.text ?? '',
        },
        {
          kind: 'text',
          name: 'contactPerson',
          zh: '联系人',
          en: 'contact person',
          required: true,
          maxlength: 64,
          half: true,
          initial: d?.contactPerson ?? c.user.displayName,
        },
        {
          kind: 'text',
          name: 'contactPhone',
          zh: '联系电话',
          en: 'phone',
          required: true,
          maxlength: 64,
          half: true,
          initial: d?.contactPhone ?? '',
        },
        ...letterFields(c, d, c.myUnit),
      ];
    },
    check: (v) => {
      if (s(v, 'letterDate') > today())
        throw formProblem(
          t('答复日期不能晚于今天 (the letter date is in the future)', 'The date is in the future.'),
        );
    },
    send: (v, c) =>
      api.POST('/proposals/{id}/reply-draft', {
        ...path(c),
        body: {
          class: s(v, 'class'),
          text: s(v, 'text'),
          contactPerson: s(v, 'contactPerson'),
          contactPhone: s(v, 'contactPhone'),
          ...letterBody(v),
        },
      }),
    done: () =>
      t(
        '答复稿已提交，待单位负责人签发（联合行文的，先经会办单位会签）。',
        'Draft submitted for the unit leader’s sign-off (a joint reply is countersigned first).',
      ),
  },
  {
    id: 'signOff',
    command: 'signOffReply',
    en: 'Sign off',
    roles: ['unitLeader'],
    primary: (c) => stageIs(c.myUnit, 'REPLY_REVIEW') && !!c.myUnit?.draft && !c.myUnit.draft.signedOffAt,
    notes: (c) => ({
      draft: c.myUnit?.draft,
      needs: countersignsPending(c).length
        ? [
            t(
              `会办单位 ${countersignsPending(c)
                .map((u) => nameOf(c.names, u.unitId))
                .join('、')} 尚未会签；会签期限届满前不能签发。`,
              'Co-handlers have not countersigned yet: no sign-off before their deadline.',
            ),
          ]
        : [],
    }),
    send: (_v, c) => api.POST('/proposals/{id}/reply-draft/sign-off', path(c)),
    done: () => t('已签发，经办人可正式答复。', 'Signed off; staff may now send the reply.'),
  },
  {
    id: 'returnDraft',
    command: 'returnDraft',
    en: 'Return the draft',
    roles: ['unitLeader'],
    primary: (c) => stageIs(c.myUnit, 'REPLY_REVIEW') && !!c.myUnit?.draft && !c.myUnit.draft.signedOffAt,
    fields: () => [{ kind: 'area', name: 'reason', zh: '退回理由', en: 'reason', required: true }],
    send: (v, c) =>
      api.POST('/proposals/{id}/reply-draft/return', { ...path(c), body: { reason: s(v, 'reason') } }),
  },
  {
    id: 'reply',
    command: 'reply',
    en: 'Send the reply',
    roles: UNIT,
    primary: (c) => stageIs(c.myUnit, 'REPLY_REVIEW') && !!c.myUnit?.draft?.signedOffAt,
    notes: (c) => ({
      draft: c.myUnit?.draft,
      needs:
        c.policy?.officeReview && c.myUnit?.draft && !c.myUnit.draft.reviewedAt
          ? [t('答复须经交办机关审核后方可发出。', 'The office reviews the reply before it can be sent.')]
          : [],
    }),
    confirm: () =>
      t(
        '将以签发稿正式答复代表委员，答复发出后不能撤回。',
        'The signed-off draft goes to the proposer as the reply; once sent it cannot be taken back.',
      ),
    send: (_v, c) => api.POST('/proposals/{id}/reply', { ...path(c), body: {} }),
    done: () => t('已答复代表委员，进入征询意见。', 'Replied; the proposer is asked for feedback.'),
  },
  {
    id: 'reportTracking',
    command: 'reportTracking',
    en: 'Tracking report',
    roles: UNIT,
    primary: (c) => stageIs(c.myUnit, 'TRACKING'),
    fields: () => [
      { kind: 'area', name: 'text', zh: '办理情况', en: 'report', required: true, rows: 6 },
      { kind: 'check', name: 'resolved', zh: '已解决', en: 'resolved' },
    ],
    send: (v, c) =>
      api.POST('/proposals/{id}/tracking-reports', {
        ...path(c),
        body: { text: s(v, 'text'), resolved: on(v, 'resolved') },
      }),
  },
  {
    id: 'requestAdjustment',
    command: 'requestAdjustment',
    en: 'Request adjustment',
    roles: UNIT,
    primary: () => false,
    fields: (c) => [
      { kind: 'area', name: 'reason', zh: '理由', en: 'reason', required: true },
      {
        kind: 'select',
        name: 'proposedUnitId',
        zh: '建议改由',
        en: 'proposed unit',
        initial: '',
        options: unitOptions(c, allUnits(c), t('（不指定）', '(none)')),
      },
    ],
    send: (v, c) =>
      api.POST('/proposals/{id}/adjustment-requests', {
        ...path(c),
        body: { reason: s(v, 'reason'), ...given({ proposedUnitId: s(v, 'proposedUnitId') }) },
      }),
  },
  {
    id: 'requestExtension',
    command: 'requestExtension',
    en: 'Request extension',
    roles: UNIT,
    primary: () => false,
    fields: () => [
      { kind: 'area', name: 'reason', zh: '理由', en: 'reason', required: true },
      { kind: 'date', name: 'until', zh: '申请延至', en: 'until' },
    ],
    send: (v, c) =>
      api.POST('/proposals/{id}/extension-requests', {
        ...path(c),
        body: {
          reason: s(v, 'reason'),
          ...(s(v, 'until') ? { requestedDueAt: endOfShanghaiDay(s(v, 'until')) } : {}),
        },
      }),
  },

  // -- the proposer
  {
    id: 'feedback',
    command: 'giveFeedback',
    en: 'Rate the reply',
    roles: ['proposer'],
    primary: (c) => replyingAwaitingFeedback(c).length > 0,
    fields: (c) => {
      const waiting = replyingAwaitingFeedback(c);
      return [
        ...(waiting.length > 1
          ? [
              {
                kind: 'select' as const,
                name: 'unitId',
                zh: '评价哪个单位的答复',
                en: 'unit',
                options: unitOptions(
                  c,
                  waiting.map((u) => u.unitId),
                ),
              },
            ]
          : []),
        // no choice is made for the proposer: they pick one
        {
          kind: 'radios',
          name: 'rating',
          zh: '评价',
          en: 'rating',
          required: true,
          options: RATINGS.map((r) => ({ value: r, label: word(LABELS.rating, r) })),
        },
        { kind: 'area', name: 'comment', zh: '意见', en: 'comment', maxlength: 2000 },
      ];
    },
    check: (v) => {
      if (!s(v, 'rating'))
        throw formProblem(t('请选择满意、基本满意或不满意 (choose a rating)', 'Choose a rating.'));
    },
    confirm: (v, c) => {
      const unit = s(v, 'unitId') || replyingAwaitingFeedback(c)[0]?.unitId;
      const who = unit ? nameOf(c.names, unit) : t('承办单位', 'the unit');
      const rating = word(LABELS.rating, s(v, 'rating'));
      const comment = s(v, 'comment');
      return t(
        `将记录您对${who}答复的评价：${rating}${comment ? `，意见：“${comment}”` : ''}。提交后不能修改${s(v, 'rating') === 'dissatisfied' ? '，承办单位将重新办理' : ''}。`,
        `Your rating of ${who}’s reply will be recorded: ${rating}${comment ? `, “${comment}”` : ''}. It cannot be changed afterwards${s(v, 'rating') === 'dissatisfied' ? '; the unit will handle the case again' : ''}.`,
      );
    },
    send: (v, c) => {
      const rating = RATINGS.find((r) => r === s(v, 'rating'));
      if (!rating) throw formProblem(t('请选择满意、基本满意或不满意 (choose a rating)', 'Choose a rating.'));
      return api.POST('/proposals/{id}/feedback', {
        ...path(c),
        body: { rating, ...given({ comment: s(v, 'comment'), unitId: s(v, 'unitId') }) },
      });
    },
    done: () => t('感谢您的评价。', 'Thank you for your feedback.'),
  },
  {
    id: 'resubmit',
    command: 'resubmit',
    en: 'Resubmit',
    roles: ['proposer'],
    primary: (c) => c.state.stage === 'RETURNED',
    send: (_v, c) => api.POST('/proposals/{id}/resubmit', path(c)),
  },
  {
    id: 'withdraw',
    command: 'withdraw',
    en: 'Withdraw',
    roles: ['proposer', ...OFFICE],
    danger: true,
    primary: () => false,
    fields: () => [{ kind: 'area', name: 'reason', zh: '理由', en: 'reason', required: true }],
    confirm: () =>
      t('撤回后本件办理即告结束，不能恢复。', 'Withdrawing ends the handling of this case for good.'),
    send: (v, c) => api.POST('/proposals/{id}/withdraw', { ...path(c), body: { reason: s(v, 'reason') } }),
  },

  // -- supervision
  {
    id: 'urge',
    command: 'urge',
    en: 'Urge',
    roles: SUPERVISE,
    primary: (c) => c.user.role === 'supervisor' && c.state.stage === 'ASSIGNED',
    fields: (c) => {
      // live units (not replaced or removed) that have not closed
      const open = liveUnits(c.state).filter((u) => u.stage !== 'CLOSED');
      return [
        {
          kind: 'select',
          name: 'unitId',
          zh: '催办对象',
          en: 'unit',
          initial: open.find((u) => u.role !== 'co')?.unitId ?? '',
          options: [
            { value: '', label: t('全案', 'the whole case') },
            ...open.map((u) => ({
              value: u.unitId,
              label: `${nameOf(c.names, u.unitId)}（${word(LABELS.unitRole, u.role)} · ${word(LABELS.unitStage, u.stage)}）`,
            })),
          ],
        },
        {
          kind: 'area',
          name: 'note',
          zh: '催办意见',
          en: 'note',
          required: true,
          initial: '请抓紧办理，按时答复。',
        },
      ];
    },
    send: (v, c) =>
      api.POST('/proposals/{id}/urge', {
        ...path(c),
        body: { note: s(v, 'note'), ...given({ unitId: s(v, 'unitId') }) },
      }),
    done: () => t('已催办，承办单位将收到催办邮件。', 'Urged; the unit will get a reminder.'),
  },
  {
    id: 'keyCase',
    command: 'markKeyCase',
    en: 'Key case',
    roles: SUPERVISE,
    primary: (c) => c.user.role === 'supervisor' && !isTerminal(c.state),
    notes: (c) => ({
      lines: [
        c.state.keyCase
          ? t('本件现为重点督办件。', 'This is a key case now.')
          : t('列为重点督办件后，督办将持续跟踪。', 'A key case is followed closely by the supervisors.'),
      ],
    }),
    fields: (c) => [
      {
        kind: 'radios',
        name: 'keyCase',
        zh: '重点督办',
        en: 'key case',
        initial: c.state.keyCase ? 'false' : 'true',
        options: [
          { value: 'true', label: t('列为重点督办件', 'mark as a key case') },
          { value: 'false', label: t('取消重点督办', 'no longer a key case') },
        ],
      },
      { kind: 'area', name: 'note', zh: '说明', en: 'note', maxlength: 2000 },
    ],
    send: (v, c) =>
      api.POST('/proposals/{id}/key-case', {
        ...path(c),
        body: { keyCase: s(v, 'keyCase') === 'true', ...given({ note: s(v, 'note') }) },
      }),
  },
];

function pendingAdjustments(c: CaseContext) {
  return liveUnits(c.state).filter((u) => u.stage === 'ADJUSTMENT_REQUESTED');
}

function pendingExtensions(c: CaseContext) {
  return liveUnits(c.state).filter((u) => u.extensions.some((x) => !x.decision));
}

/** The assignment the unit picker describes (mode, units, lead), or a refusal in the page. */
function assignment(v: Values) {
  const picked = Array.isArray(v.units) ? v.units : [];
  const mode = s(v, 'mode');
  if (mode === 'joint') {
    const lead = s(v, 'lead');
    if (!lead)
      throw formProblem(t('会同办理须选定一个主办单位 (choose the lead unit)', 'Choose the lead unit.'));
    const co = picked.filter((id) => id !== lead);
    if (!co.length)
      throw formProblem(
        t('会同办理须至少勾选一个会办单位 (tick at least one co-handler)', 'Tick at least one co-handler.'),
      );
    return {
      mode: 'joint' as const,
      units: [
        { unitId: lead, role: 'lead' as const },
        ...co.map((unitId) => ({ unitId, role: 'co' as const })),
      ],
    };
  }
  if (!picked.length) throw formProblem(t('请勾选承办单位 (tick a unit)', 'Tick a unit.'));
  if (mode === 'sole' && picked.length > 1)
    throw formProblem(
      t('单独办理只能勾选一个单位 (one unit for sole handling)', 'Sole handling takes one unit.'),
    );
  return {
    mode: mode === 'separate' ? ('separate' as const) : ('sole' as const),
    units: picked.map((unitId) => ({ unitId })),
  };
}

/** The actions of `role`, split into those offered first in this state and the others. */
export function actionsFor(c: CaseContext): { primary: ActionDef[]; other: ActionDef[] } {
  const mine = ACTIONS.filter((a) => a.roles.includes(c.user.role));
  const primary = mine.filter((a) => a.primary(c));
  return { primary, other: mine.filter((a) => !primary.includes(a)) };
}
