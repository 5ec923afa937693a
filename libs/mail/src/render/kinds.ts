import {
  caseRefEn,
  caseRefZh,
  CHANNEL_LABELS,
  dueInWords,
  MAIL_KIND_LABELS,
  type MailKind as VocabularyMailKind,
} from '@banli/domain';
import type { Block } from './document';
import {
  clockLabel,
  daysUntilDue,
  formatDateEn,
  formatDateZh,
  formatDueDateEn,
  formatDueDateZh,
  UNIT_ROLE_LABELS,
  type HandlingRole,
} from './format';
import type {
  AdjustmentDecidedData,
  AssignedData,
  CaseRef,
  CountersignChangesData,
  CountersignRequestedData,
  DailyDigestData,
  DeadlineLine,
  DeadlineReminderData,
  DigestItem,
  ExtensionDecidedData,
  ExtensionNoticeData,
  FeedbackRequestedData,
  MailBase,
  MailDataByKind,
  MailKind,
  OpinionReceivedData,
  OverdueData,
  ProposerRef,
  RehandlingData,
  RepliedData,
  ReplyReviewData,
  ReviewRequestedData,
  SignForReminderData,
  SupervisionData,
  DraftStepData,
  TrackingUpdateData,
  UnitRequestData,
} from './types';

/** A mail in one language before it becomes text and HTML. */
export interface Draft {
  subject: string;
  blocks: Block[];
}

/** Both language versions of a mail. */
export interface Bilingual {
  zh: Draft;
  en: Draft;
}

// ---------------------------------------------------------------------------------------------
// Shared phrases

const noun = (c: CaseRef) => CHANNEL_LABELS[c.channel].noun.zh;
const nounEn = (c: CaseRef) => CHANNEL_LABELS[c.channel].noun.en;
const proposerNoun = (c: CaseRef) => CHANNEL_LABELS[c.channel].proposer.zh;
const proposerNounEn = (c: CaseRef) => `the ${CHANNEL_LABELS[c.channel].proposer.en}`;

export { caseRefEn, caseRefZh };

/** 市政协八届六次会议第006号提案《title》 */
const caseLine = (c: CaseRef) => `${caseRefZh(c)}${noun(c)}《${c.title}》`;
const caseLineEn = (c: CaseRef) => `${nounEn(c)} “${c.title}” (${caseRefEn(c)})`;
/** The subject tag of a kind: its name in the label table (【交办通知】 / [Assignment]). */
const tag = (k: VocabularyMailKind) => MAIL_KIND_LABELS[k].zh;
const tagEn = (k: VocabularyMailKind) => MAIL_KIND_LABELS[k].en;
const subj = (k: VocabularyMailKind, c: CaseRef) => `【${tag(k)}】${caseRefZh(c)}${noun(c)}《${c.title}》`;
const subjEn = (k: VocabularyMailKind, c: CaseRef) =>
  `[${tagEn(k)}] ${cap(nounEn(c))} No. ${c.number}: “${c.title}”`;

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

const greet = (d: MailBase): Block => ({ type: 'p', text: `${d.recipientName}：` });
const greetEn = (d: MailBase): Block => ({ type: 'p', text: `Dear ${d.recipientName},` });

function proposerGreeting(p: ProposerRef): string {
  return `${p.name}${p.type === 'deputy' ? '代表' : p.type === 'member' ? '委员' : ''}：`;
}

function proposerGreetingEn(p: ProposerRef): string {
  return `Dear ${p.type === 'deputy' ? 'Deputy ' : p.type === 'member' ? 'Member ' : ''}${p.name},`;
}

function closing(d: MailBase): Block[] {
  const office = d.office
    ? [
        {
          type: 'p' as const,
          text: `${d.office.name}${d.office.phone ? `（联系电话：${d.office.phone}）` : ''}`,
        },
      ]
    : [];
  return [...office, { type: 'p', text: '本邮件由办理系统自动发送，请勿直接回复。' }];
}

function closingEn(d: MailBase): Block[] {
  const office = d.office
    ? [{ type: 'p' as const, text: `${d.office.name}${d.office.phone ? ` (phone: ${d.office.phone})` : ''}` }]
    : [];
  return [
    ...office,
    {
      type: 'p',
      text: 'This message was sent automatically by the Banli handling system; please do not reply to it.',
    },
  ];
}

function deadlineZh(l: DeadlineLine): string {
  return `${clockLabel(l.clock, 'zh-CN')}：${formatDueDateZh(l.dueAt)}${l.summary ? `（${l.summary}）` : ''}`;
}

function deadlineEn(l: DeadlineLine): string {
  const why = l.summaryEn ?? l.summary;
  return `${clockLabel(l.clock, 'en')}: by ${formatDueDateEn(l.dueAt)}${why ? ` (${why})` : ''}`;
}

/** A deadline without a date yet: its rule, e.g. 申请调整期：收到交办件之日起7日（签收后起算）. */
function laterZh(l: { clock: string; rule: string }): string {
  return `${clockLabel(l.clock, 'zh-CN')}：${l.rule}`;
}

function laterEn(l: { clock: string; rule: string; ruleEn?: string }): string {
  return `${clockLabel(l.clock, 'en')}: ${l.ruleEn ?? l.rule}`;
}

const leftZh = (days: number) => dueInWords(days, 'zh-CN');
const leftEn = (days: number) => dueInWords(days, 'en');

function classZh(cls: string): string {
  return cls.endsWith('类') ? cls : `${cls}类`;
}

const link = (label: string, url: string): Block => ({ type: 'link', label, url });

// ---------------------------------------------------------------------------------------------
// Kinds

function assigned(d: AssignedData): Bilingual {
  const c = d.case;
  const others = d.otherUnits ?? [];
  const coNames = others.filter((u) => u.role === 'co').map((u) => u.name);
  const lead = d.leadUnitName ?? others.find((u) => u.role === 'lead')?.name;
  const roleText: Record<HandlingRole, string> = {
    lead: `本件由贵单位主办${coNames.length ? `，${coNames.join('、')}会办` : ''}。会办单位的意见将送贵单位，请综合各方意见后由贵单位统一答复${proposerNoun(c)}。`,
    co: `本件由${lead ?? '主办单位'}主办，贵单位会办。请在会办意见期限前将书面会办意见送主办单位，不直接答复${proposerNoun(c)}。`,
    separate: `本件由各承办单位分别办理，请贵单位就职责范围内的事项直接答复${proposerNoun(c)}。`,
    sole: `本件由贵单位单独办理，请直接答复${proposerNoun(c)}。`,
  };
  const roleTextEn: Record<HandlingRole, string> = {
    lead: `Your unit is the lead unit${coNames.length ? `; co-handlers: ${coNames.join(', ')}` : ''}. Co-handlers send their opinions to you, and your unit replies to ${proposerNounEn(c)} on behalf of all.`,
    co: `The lead unit is ${lead ?? 'named in the system'}; your unit is a co-handler. Send your written opinion to the lead unit before the co-handling deadline; do not reply to ${proposerNounEn(c)} directly.`,
    separate: `Each unit handles this case separately: reply to ${proposerNounEn(c)} directly on the matters within your remit.`,
    sole: `Your unit handles this case alone and replies to ${proposerNounEn(c)} directly.`,
  };
  const fields: [string, string][] = [
    ['案由', c.title],
    ['编号', `${caseRefZh(c)}${noun(c)}`],
    ...(d.proposers?.length
      ? [[c.channel === 'npc' ? '提出代表' : '提案人', d.proposers.join('、')] as [string, string]]
      : []),
    [
      '办理方式',
      `${UNIT_ROLE_LABELS[d.role].zh}${others.length ? `（${others.map((u) => `${u.name}${UNIT_ROLE_LABELS[u.role].zh}`).join('，')}）` : ''}`,
    ],
    ['交办日期', formatDateZh(d.assignedAt)],
  ];
  const fieldsEn: [string, string][] = [
    ['Title', c.title],
    ['Reference', caseRefEn(c)],
    ...(d.proposers?.length ? [['Proposed by', d.proposers.join(', ')] as [string, string]] : []),
    [
      'Role',
      `${UNIT_ROLE_LABELS[d.role].en}${others.length ? ` (${others.map((u) => `${u.name}: ${UNIT_ROLE_LABELS[u.role].en}`).join('; ')})` : ''}`,
    ],
    ['Assigned on', formatDateEn(d.assignedAt)],
  ];
  return {
    zh: {
      subject: subj('assigned', c),
      blocks: [
        greet(d),
        {
          type: 'p',
          text: `${caseLine(c)}已于${formatDateZh(d.assignedAt)}交由贵单位${UNIT_ROLE_LABELS[d.role].zh}。${d.keyCase ? '本件为重点督办件。' : ''}请及时签收，并在下列期限内办理。`,
        },
        { type: 'fields', rows: fields },
        { type: 'heading', text: '内容摘要' },
        { type: 'quote', text: d.summary },
        { type: 'heading', text: '办理期限' },
        { type: 'list', items: [...d.deadlines.map(deadlineZh), ...(d.laterDeadlines ?? []).map(laterZh)] },
        { type: 'p', text: roleText[d.role] },
        link('一键签收办理', d.link),
        {
          type: 'p',
          text: '如认为本件不属于本单位职责，请在调整申请期限内提出书面调整申请，说明理由并提出建议承办单位；逾期提出的不予受理。',
        },
        ...closing(d),
      ],
    },
    en: {
      subject: subjEn('assigned', c),
      blocks: [
        greetEn(d),
        {
          type: 'p',
          text: `${cap(caseLineEn(c))} was assigned to your unit on ${formatDateEn(d.assignedAt)} (${UNIT_ROLE_LABELS[d.role].en}).${d.keyCase ? ' This is a key case under special supervision.' : ''} Please sign for it and meet the deadlines below.`,
        },
        { type: 'fields', rows: fieldsEn },
        { type: 'heading', text: 'Summary' },
        { type: 'quote', text: d.summary },
        { type: 'heading', text: 'Deadlines' },
        { type: 'list', items: [...d.deadlines.map(deadlineEn), ...(d.laterDeadlines ?? []).map(laterEn)] },
        { type: 'p', text: roleTextEn[d.role] },
        link('Sign for and handle', d.link),
        {
          type: 'p',
          text: 'If the case is outside your remit, request an adjustment in writing, with reasons and a proposed unit, before the adjustment window closes; late requests are not accepted.',
        },
        ...closingEn(d),
      ],
    },
  };
}

function signForReminder(d: SignForReminderData): Bilingual {
  const c = d.case;
  const left = daysUntilDue(d.now, d.deadline.dueAt);
  return {
    zh: {
      subject: `【${tag('signForReminder')}】${leftZh(left)}：${caseRefZh(c)}${noun(c)}《${c.title}》`,
      blocks: [
        greet(d),
        {
          type: 'p',
          text: `${caseLine(c)}已于${formatDateZh(d.assignedAt)}交由贵单位办理，目前尚未签收。签收期限为${formatDueDateZh(d.deadline.dueAt)}，${leftZh(left)}。请尽快登录系统签收。`,
        },
        { type: 'list', items: [deadlineZh(d.deadline)] },
        link('立即签收', d.link),
        ...closing(d),
      ],
    },
    en: {
      subject: `[${tagEn('signForReminder')}] ${leftEn(left)}: ${cap(nounEn(c))} No. ${c.number} “${c.title}”`,
      blocks: [
        greetEn(d),
        {
          type: 'p',
          text: `${cap(caseLineEn(c))} was assigned to your unit on ${formatDateEn(d.assignedAt)} and has not been signed for yet. Sign for it by ${formatDueDateEn(d.deadline.dueAt)} (${leftEn(left)}).`,
        },
        { type: 'list', items: [deadlineEn(d.deadline)] },
        link('Sign for it now', d.link),
        ...closingEn(d),
      ],
    },
  };
}

function deadlineReminder(d: DeadlineReminderData): Bilingual {
  const c = d.case;
  const l = d.deadline;
  const left = daysUntilDue(d.now, l.dueAt);
  const label = clockLabel(l.clock, 'zh-CN');
  const labelEn = clockLabel(l.clock, 'en');
  return {
    zh: {
      subject: `【${tag('deadlineReminder')}】${label}期限${formatDueDateZh(l.dueAt)}（${leftZh(left)}）：${caseRefZh(c)}${noun(c)}《${c.title}》`,
      blocks: [
        greet(d),
        {
          type: 'p',
          text: `贵单位办理的${caseLine(c)}，${label}期限为${formatDueDateZh(l.dueAt)}，${leftZh(left)}。请抓紧办理，按期完成。`,
        },
        {
          type: 'fields',
          rows: [
            ['期限', label],
            ['到期日', formatDueDateZh(l.dueAt)],
            ['剩余', leftZh(left)],
            ...(l.summary ? [['计算依据', l.summary] as [string, string]] : []),
          ],
        },
        link('查看并办理', d.link),
        ...closing(d),
      ],
    },
    en: {
      subject: `[${tagEn('deadlineReminder')}] ${labelEn} due ${formatDueDateEn(l.dueAt)} (${leftEn(left)}): ${cap(nounEn(c))} No. ${c.number}`,
      blocks: [
        greetEn(d),
        {
          type: 'p',
          text: `For ${caseLineEn(c)}, handled by your unit, the deadline “${labelEn}” is ${formatDueDateEn(l.dueAt)}: ${leftEn(left)}.`,
        },
        {
          type: 'fields',
          rows: [
            ['Deadline', labelEn],
            ['Due on', formatDueDateEn(l.dueAt)],
            ['Remaining', leftEn(left)],
            ...((l.summaryEn ?? l.summary)
              ? [['How it was computed', (l.summaryEn ?? l.summary)!] as [string, string]]
              : []),
          ],
        },
        link('Open the case', d.link),
        ...closingEn(d),
      ],
    },
  };
}

function overdue(d: OverdueData): Bilingual {
  const c = d.case;
  const l = d.deadline;
  const late = -daysUntilDue(d.now, l.dueAt);
  const label = clockLabel(l.clock, 'zh-CN');
  const labelEn = clockLabel(l.clock, 'en');
  const lateZh = late > 0 ? `已逾期${late}天` : '已到期';
  const lateEn = late > 0 ? `${plural(late, 'day')} overdue` : 'now due';
  const body =
    d.audience === 'unitLeader'
      ? `贵单位（${d.unitName}）办理的${caseLine(c)}，${label}期限为${formatDueDateZh(l.dueAt)}，截至${formatDateZh(d.now)}${lateZh}。请督促尽快办理，并向交办机关说明逾期原因。`
      : `${d.unitName}办理的${caseLine(c)}，${label}期限为${formatDueDateZh(l.dueAt)}，截至${formatDateZh(d.now)}${lateZh}。特此报告，请予督办。`;
  const bodyEn =
    d.audience === 'unitLeader'
      ? `The deadline “${labelEn}” for ${caseLineEn(c)}, handled by your unit (${d.unitName}), was ${formatDueDateEn(l.dueAt)}; as of ${formatDateEn(d.now)} it is ${lateEn}. Please see that it is handled at once and explain the delay to the assigning office.`
      : `The deadline “${labelEn}” for ${caseLineEn(c)}, handled by ${d.unitName}, was ${formatDueDateEn(l.dueAt)}; as of ${formatDateEn(d.now)} it is ${lateEn}. Reported for your supervision.`;
  return {
    zh: {
      subject: `【${tag('overdue')}】${d.unitName}·${label}${lateZh}：${caseRefZh(c)}${noun(c)}《${c.title}》`,
      blocks: [
        greet(d),
        { type: 'p', text: body },
        {
          type: 'fields',
          rows: [
            ['承办单位', d.unitName],
            ['期限', label],
            ['到期日', formatDueDateZh(l.dueAt)],
            ['逾期', lateZh],
            ...(l.summary ? [['计算依据', l.summary] as [string, string]] : []),
          ],
        },
        link(d.audience === 'unitLeader' ? '查看并办理' : '查看并督办', d.link),
        ...closing(d),
      ],
    },
    en: {
      subject: `[${tagEn('overdue')}] ${d.unitName}: ${labelEn} ${lateEn}, ${nounEn(c)} No. ${c.number}`,
      blocks: [
        greetEn(d),
        { type: 'p', text: bodyEn },
        {
          type: 'fields',
          rows: [
            ['Handling unit', d.unitName],
            ['Deadline', labelEn],
            ['Due on', formatDueDateEn(l.dueAt)],
            ['Status', lateEn],
          ],
        },
        link('Open the case', d.link),
        ...closingEn(d),
      ],
    },
  };
}

function adjustmentDecided(d: AdjustmentDecidedData): Bilingual {
  const c = d.case;
  const ok = d.decision === 'approved';
  const office = d.office?.name ?? '交办机关';
  const officeEn = d.office?.name ?? 'the assigning office';
  return {
    zh: {
      subject: `【${tag('adjustmentDecided')}】${ok ? '同意调整' : '不同意调整'}：${caseRefZh(c)}${noun(c)}《${c.title}》`,
      blocks: [
        greet(d),
        {
          type: 'p',
          text: ok
            ? `贵单位关于${caseLine(c)}的调整申请，经${office}于${formatDateZh(d.decidedAt)}研究，同意调整${d.newUnitName ? `，本件改由${d.newUnitName}办理` : ''}。`
            : `贵单位关于${caseLine(c)}的调整申请，经${office}于${formatDateZh(d.decidedAt)}研究，不同意调整。请贵单位继续按期办理。`,
        },
        {
          type: 'fields',
          rows: [
            ...(d.requestReason ? [['申请理由', d.requestReason] as [string, string]] : []),
            ['决定', ok ? '同意' : '不同意'],
            ...(d.reason ? [['决定理由', d.reason] as [string, string]] : []),
          ],
        },
        link('查看详情', d.link),
        ...closing(d),
      ],
    },
    en: {
      subject: `[${tagEn('adjustmentDecided')}: ${ok ? 'approved' : 'rejected'}] ${cap(nounEn(c))} No. ${c.number}: “${c.title}”`,
      blocks: [
        greetEn(d),
        {
          type: 'p',
          text: ok
            ? `On ${formatDateEn(d.decidedAt)} ${officeEn} approved your unit's request to adjust the assignment of ${caseLineEn(c)}${d.newUnitName ? `; the case now goes to ${d.newUnitName}` : ''}.`
            : `On ${formatDateEn(d.decidedAt)} ${officeEn} rejected your unit's request to adjust the assignment of ${caseLineEn(c)}. Please continue handling it on time.`,
        },
        {
          type: 'fields',
          rows: [
            ...(d.requestReason ? [['Your reason', d.requestReason] as [string, string]] : []),
            ['Decision', ok ? 'approved' : 'rejected'],
            ...(d.reason ? [['Reason given', d.reason] as [string, string]] : []),
          ],
        },
        link('Open the case', d.link),
        ...closingEn(d),
      ],
    },
  };
}

function extensionDecided(d: ExtensionDecidedData): Bilingual {
  const c = d.case;
  const ok = d.decision === 'approved' && d.newDueAt !== undefined;
  const clock = d.clock ?? 'mainReply';
  const label = clockLabel(clock, 'zh-CN');
  const labelEn = clockLabel(clock, 'en');
  const office = d.office?.name ?? '交办机关';
  const officeEn = d.office?.name ?? 'the assigning office';
  return {
    zh: {
      subject: `【${tag('extensionDecided')}】${ok ? `同意延期至${formatDueDateZh(d.newDueAt!)}` : '不同意延期'}：${caseRefZh(c)}${noun(c)}《${c.title}》`,
      blocks: [
        greet(d),
        {
          type: 'p',
          text: ok
            ? `贵单位关于${caseLine(c)}的延期申请，经${office}于${formatDateZh(d.decidedAt)}审核，同意延期，${label}期限由${formatDueDateZh(d.oldDueAt)}延至${formatDueDateZh(d.newDueAt!)}。请按规定将延期情况书面告知${proposerNoun(c)}。`
            : `贵单位关于${caseLine(c)}的延期申请，经${office}于${formatDateZh(d.decidedAt)}审核，不同意延期，${label}期限仍为${formatDueDateZh(d.oldDueAt)}。请按期办理。`,
        },
        ...(d.reason ? [{ type: 'fields' as const, rows: [['理由', d.reason] as [string, string]] }] : []),
        link('查看详情', d.link),
        ...closing(d),
      ],
    },
    en: {
      subject: `[${tagEn('extensionDecided')}: ${ok ? `approved to ${formatDueDateEn(d.newDueAt!)}` : 'rejected'}] ${cap(nounEn(c))} No. ${c.number}: “${c.title}”`,
      blocks: [
        greetEn(d),
        {
          type: 'p',
          text: ok
            ? `On ${formatDateEn(d.decidedAt)} ${officeEn} approved the extension for ${caseLineEn(c)}: the deadline “${labelEn}” moves from ${formatDueDateEn(d.oldDueAt)} to ${formatDueDateEn(d.newDueAt!)}. Please tell ${proposerNounEn(c)} of the extension in writing.`
            : `On ${formatDateEn(d.decidedAt)} ${officeEn} rejected the extension for ${caseLineEn(c)}: the deadline “${labelEn}” stays ${formatDueDateEn(d.oldDueAt)}.`,
        },
        ...(d.reason ? [{ type: 'fields' as const, rows: [['Reason', d.reason] as [string, string]] }] : []),
        link('Open the case', d.link),
        ...closingEn(d),
      ],
    },
  };
}

/** 延期告知: to a proposer, in the formal words of a written notice (书面告知). */
function extensionNotice(d: ExtensionNoticeData): Bilingual {
  const c = d.case;
  const clock = d.clock ?? 'mainReply';
  const label = clockLabel(clock, 'zh-CN');
  const labelEn = clockLabel(clock, 'en');
  const replies = clock === 'mainReply' || clock === 'rehandling';
  const office = d.office?.name ?? '交办机关';
  const officeEn = d.office?.name ?? 'the assigning office';
  const oldZh = formatDueDateZh(d.oldDueAt);
  const newZh = formatDueDateZh(d.newDueAt);
  const oldEn = formatDueDateEn(d.oldDueAt);
  const newEn = formatDueDateEn(d.newDueAt);
  return {
    zh: {
      subject: `【${tag('extensionNotice')}】您提出的${noun(c)}《${c.title}》${label}期限延至${newZh}`,
      blocks: [
        { type: 'p', text: proposerGreeting(d.proposer) },
        {
          type: 'p',
          text: `您提出的${noun(c)}《${c.title}》（${caseRefZh(c)}）由${d.unitName}承办。经${office}${d.decidedAt ? `于${formatDateZh(d.decidedAt)}` : ''}同意，${d.unitName}的${label}期限由${oldZh}延至${newZh}。${d.unitName}将于${newZh}前${replies ? '答复您' : `完成${label}`}。特此告知。`,
        },
        {
          type: 'fields',
          rows: [
            ['承办单位', d.unitName],
            [`原${label}期限`, oldZh],
            ['延至', newZh],
            ...(d.reason ? [['延期理由', d.reason] as [string, string]] : []),
          ],
        },
        link('查看办理情况', d.link),
        { type: 'p', text: '感谢您的理解和支持。' },
        ...closing(d),
      ],
    },
    en: {
      subject: `[${tagEn('extensionNotice')}] Your ${nounEn(c)} “${c.title}”: ${labelEn} deadline extended to ${newEn}`,
      blocks: [
        { type: 'p', text: proposerGreetingEn(d.proposer) },
        {
          type: 'p',
          text: `Your ${caseLineEn(c)} is handled by ${d.unitName}. ${d.decidedAt ? `On ${formatDateEn(d.decidedAt)} ${officeEn}` : cap(officeEn)} approved an extension of the unit's deadline “${labelEn}” from ${oldEn} to ${newEn}. ${d.unitName} will ${replies ? 'reply to you' : `complete the ${labelEn}`} by ${newEn}.`,
        },
        {
          type: 'fields',
          rows: [
            ['Handling unit', d.unitName],
            [`Previous ${labelEn} deadline`, oldEn],
            ['Extended to', newEn],
            ...(d.reason ? [['Reason', d.reason] as [string, string]] : []),
          ],
        },
        link('Follow the case', d.link),
        { type: 'p', text: 'Thank you for your understanding and support.' },
        ...closingEn(d),
      ],
    },
  };
}

function opinionReceived(d: OpinionReceivedData): Bilingual {
  const c = d.case;
  return {
    zh: {
      subject: `【${tag('opinionReceived')}】${d.fromUnitName}：${caseRefZh(c)}${noun(c)}《${c.title}》`,
      blocks: [
        greet(d),
        {
          type: 'p',
          text: `会办单位${d.fromUnitName}已于${formatDateZh(d.receivedAt)}就贵单位主办的${caseLine(c)}提出会办意见，内容如下：`,
        },
        { type: 'quote', text: d.opinion },
        { type: 'p', text: `请在答复${proposerNoun(c)}时综合考虑。` },
        link('查看并办理', d.link),
        ...closing(d),
      ],
    },
    en: {
      subject: `[${tagEn('opinionReceived')}] ${d.fromUnitName} on ${nounEn(c)} No. ${c.number}: “${c.title}”`,
      blocks: [
        greetEn(d),
        {
          type: 'p',
          text: `On ${formatDateEn(d.receivedAt)} the co-handler ${d.fromUnitName} sent its opinion on ${caseLineEn(c)}, which your unit leads:`,
        },
        { type: 'quote', text: d.opinion },
        { type: 'p', text: `Please take it into account in the reply to ${proposerNounEn(c)}.` },
        link('Open the case', d.link),
        ...closingEn(d),
      ],
    },
  };
}

function replied(d: RepliedData): Bilingual {
  const c = d.case;
  return {
    zh: {
      subject: `【${tag('replied')}】${d.unitName}已答复您的${noun(c)}《${c.title}》`,
      blocks: [
        { type: 'p', text: proposerGreeting(d.proposer) },
        {
          type: 'p',
          text: `您提出的${noun(c)}《${c.title}》（${caseRefZh(c)}）已由${d.unitName}于${formatDateZh(d.repliedAt)}作出答复${d.replyClass ? `，答复类别为${classZh(d.replyClass)}` : ''}。请通过以下链接查看答复全文。`,
        },
        ...(d.docNumber
          ? [{ type: 'fields' as const, rows: [['文号', d.docNumber] as [string, string]] }]
          : []),
        ...(d.excerpt ? [{ type: 'quote' as const, text: d.excerpt }] : []),
        link('查看答复', d.link),
        { type: 'p', text: '感谢您对工作的关心和支持。' },
        ...closing(d),
      ],
    },
    en: {
      subject: `[${tagEn('replied')}] ${d.unitName} replied to your ${nounEn(c)} “${c.title}”`,
      blocks: [
        { type: 'p', text: proposerGreetingEn(d.proposer) },
        {
          type: 'p',
          text: `${d.unitName} replied on ${formatDateEn(d.repliedAt)} to your ${caseLineEn(c)}${d.replyClass ? `, class ${d.replyClass}` : ''}. The full reply is at the link below.`,
        },
        ...(d.docNumber
          ? [{ type: 'fields' as const, rows: [['Document No.', d.docNumber] as [string, string]] }]
          : []),
        ...(d.excerpt ? [{ type: 'quote' as const, text: d.excerpt }] : []),
        link('Read the reply', d.link),
        { type: 'p', text: 'Thank you for your concern and support.' },
        ...closingEn(d),
      ],
    },
  };
}

function feedbackRequested(d: FeedbackRequestedData): Bilingual {
  const c = d.case;
  return {
    zh: {
      subject: `【${tag('feedbackRequested')}】请评价${noun(c)}《${c.title}》的办理情况`,
      blocks: [
        { type: 'p', text: proposerGreeting(d.proposer) },
        {
          type: 'p',
          text: `${d.unitName}已于${formatDateZh(d.repliedAt)}答复您提出的${noun(c)}《${c.title}》（${caseRefZh(c)}）。请对办理工作和办理结果作出评价（满意、基本满意或不满意）${d.feedbackDueAt ? `，并于${formatDueDateZh(d.feedbackDueAt)}前反馈` : ''}。`,
        },
        link('填写征询意见表', d.link),
        { type: 'p', text: '如不满意，请写明理由，交办机关将要求承办单位重新办理。' },
        ...closing(d),
      ],
    },
    en: {
      subject: `[${tagEn('feedbackRequested')}] How was your ${nounEn(c)} “${c.title}” handled?`,
      blocks: [
        { type: 'p', text: proposerGreetingEn(d.proposer) },
        {
          type: 'p',
          text: `${d.unitName} replied on ${formatDateEn(d.repliedAt)} to your ${caseLineEn(c)}. Please rate the handling and its result (satisfied, basically satisfied or dissatisfied)${d.feedbackDueAt ? ` by ${formatDueDateEn(d.feedbackDueAt)}` : ''}.`,
        },
        link('Give feedback', d.link),
        {
          type: 'p',
          text: 'If you are dissatisfied, please give your reasons: the assigning office will have the unit handle the case again.',
        },
        ...closingEn(d),
      ],
    },
  };
}

function rehandling(d: RehandlingData): Bilingual {
  const c = d.case;
  const rating = d.rating === 'dissatisfied' ? '不满意' : '基本满意';
  const ratingEn = d.rating === 'dissatisfied' ? 'dissatisfied' : 'only basically satisfied';
  const due = d.deadline;
  return {
    zh: {
      subject: subj('rehandling', c),
      blocks: [
        greet(d),
        {
          type: 'p',
          text: `${d.proposerName}对贵单位就${caseLine(c)}的答复表示${rating}。请贵单位重新办理（第${d.round}轮），与${proposerNoun(c)}充分沟通后再次答复${due ? `，${clockLabel(due.clock, 'zh-CN')}期限为${formatDueDateZh(due.dueAt)}` : ''}。`,
        },
        ...(d.comment
          ? [
              { type: 'heading' as const, text: `${proposerNoun(c)}意见` },
              { type: 'quote' as const, text: d.comment },
            ]
          : []),
        ...(due ? [{ type: 'list' as const, items: [deadlineZh(due)] }] : []),
        link('查看并办理', d.link),
        ...closing(d),
      ],
    },
    en: {
      subject: subjEn('rehandling', c),
      blocks: [
        greetEn(d),
        {
          type: 'p',
          text: `${d.proposerName} is ${ratingEn} with your unit's reply to ${caseLineEn(c)}. Please handle the case again (round ${d.round}), consult ${proposerNounEn(c)} and reply again${due ? ` by ${formatDueDateEn(due.dueAt)}` : ''}.`,
        },
        ...(d.comment
          ? [
              { type: 'heading' as const, text: 'Comments' },
              { type: 'quote' as const, text: d.comment },
            ]
          : []),
        ...(due ? [{ type: 'list' as const, items: [deadlineEn(due)] }] : []),
        link('Open the case', d.link),
        ...closingEn(d),
      ],
    },
  };
}

/** 跟踪落实情况: a unit's tracking report on its commitment, to a proposer. */
function trackingUpdate(d: TrackingUpdateData): Bilingual {
  const c = d.case;
  const status = d.resolved ? '已落实' : '尚在落实';
  const statusEn = d.resolved ? 'carried out' : 'still being carried out';
  const next = d.nextDueAt;
  return {
    zh: {
      subject: `【${tag('trackingUpdate')}】${d.unitName}关于您的${noun(c)}《${c.title}》的第${d.reportNo}次报告：${status}`,
      blocks: [
        { type: 'p', text: proposerGreeting(d.proposer) },
        {
          type: 'p',
          text: `对您提出的${noun(c)}《${c.title}》（${caseRefZh(c)}），${d.unitName}在答复${d.replyClass ? `（${classZh(d.replyClass)}）` : ''}中作出了办理承诺，并于${formatDateZh(d.reportedAt)}报送第${d.reportNo}次跟踪落实情况报告。据报告，所承诺事项${d.resolved ? '已落实' : '尚在落实中'}。${next ? `${d.unitName}将于${formatDueDateZh(next)}前报送下一次跟踪落实情况。` : ''}`,
        },
        {
          type: 'fields',
          rows: [
            ['承办单位', d.unitName],
            ['跟踪报告', `第${d.reportNo}次`],
            ['报告日期', formatDateZh(d.reportedAt)],
            ['落实情况', status],
            ...(next ? [['下次报告期限', formatDueDateZh(next)] as [string, string]] : []),
          ],
        },
        ...(d.excerpt ? [{ type: 'quote' as const, text: d.excerpt }] : []),
        link('查看报告全文', d.link),
        { type: 'p', text: '感谢您对工作的关心和支持。' },
        ...closing(d),
      ],
    },
    en: {
      subject: `[${tagEn('trackingUpdate')}] ${d.unitName}, report ${d.reportNo} on your ${nounEn(c)} “${c.title}”: ${statusEn}`,
      blocks: [
        { type: 'p', text: proposerGreetingEn(d.proposer) },
        {
          type: 'p',
          text: `In its reply${d.replyClass ? ` (class ${d.replyClass})` : ''} to your ${caseLineEn(c)}, ${d.unitName} made a commitment. On ${formatDateEn(d.reportedAt)} it sent its tracking report No. ${d.reportNo}: the commitment is ${statusEn}.${next ? ` ${d.unitName} will send its next report by ${formatDueDateEn(next)}.` : ''}`,
        },
        {
          type: 'fields',
          rows: [
            ['Handling unit', d.unitName],
            ['Report', `No. ${d.reportNo}`],
            ['Reported on', formatDateEn(d.reportedAt)],
            ['Status', statusEn],
            ...(next ? [['Next report due', formatDueDateEn(next)] as [string, string]] : []),
          ],
        },
        ...(d.excerpt ? [{ type: 'quote' as const, text: d.excerpt }] : []),
        link('Read the full report', d.link),
        { type: 'p', text: 'Thank you for your concern and support.' },
        ...closingEn(d),
      ],
    },
  };
}

function byDue(items: DigestItem[]): DigestItem[] {
  // A bare date due means the end of that day.
  const ms = (v: DigestItem['dueAt']) =>
    v instanceof Date
      ? v.getTime()
      : v.length === 10
        ? Date.parse(`${v}T00:00:00+08:00`) + 86_400_000
        : Date.parse(v);
  return [...items].sort((a, b) => ms(a.dueAt) - ms(b.dueAt));
}

function dailyDigest(d: DailyDigestData): Bilingual {
  const overdueItems = byDue(d.overdue);
  const soon = byDue(d.dueThisWeek);
  const row = (i: DigestItem, zh: boolean): string[] => {
    const left = daysUntilDue(d.date, i.dueAt);
    return zh
      ? [
          `${caseRefZh(i.case)}${noun(i.case)}`,
          i.case.title,
          i.unitName,
          clockLabel(i.clock, 'zh-CN'),
          formatDueDateZh(i.dueAt),
          leftZh(left),
          i.link ?? '',
        ]
      : [
          `${cap(nounEn(i.case))} No. ${i.case.number}`,
          i.case.title,
          i.unitName,
          clockLabel(i.clock, 'en'),
          formatDueDateEn(i.dueAt),
          leftEn(left),
          i.link ?? '',
        ];
  };
  const hasLinks = [...overdueItems, ...soon].some((i) => i.link);
  const head = ['编号', '案由', '承办单位', '期限', '到期日', '状态', ...(hasLinks ? ['链接'] : [])];
  const headEn = [
    'Reference',
    'Title',
    'Unit',
    'Deadline',
    'Due on',
    'Status',
    ...(hasLinks ? ['Link'] : []),
  ];
  const cut = (r: string[]) => (hasLinks ? r : r.slice(0, 6));
  return {
    zh: {
      subject: `【${tag('dailyDigest')}】${formatDateZh(d.date)}：逾期${overdueItems.length}件，本周到期${soon.length}件`,
      blocks: [
        greet(d),
        {
          type: 'p',
          text: `截至${formatDateZh(d.date)}，您督办的事项中逾期${overdueItems.length}件，本周到期${soon.length}件。`,
        },
        { type: 'heading', text: `逾期事项（${overdueItems.length}件）` },
        { type: 'table', head, rows: overdueItems.map((i) => cut(row(i, true))), empty: '无' },
        { type: 'heading', text: `本周到期（${soon.length}件）` },
        { type: 'table', head, rows: soon.map((i) => cut(row(i, true))), empty: '无' },
        link('打开督办台', d.link),
        ...closing(d),
      ],
    },
    en: {
      subject: `[${tagEn('dailyDigest')}] ${formatDateEn(d.date)}: ${overdueItems.length} overdue, ${soon.length} due this week`,
      blocks: [
        greetEn(d),
        {
          type: 'p',
          text: `As of ${formatDateEn(d.date)}, of the cases you supervise ${overdueItems.length} ${overdueItems.length === 1 ? 'is' : 'are'} overdue and ${soon.length} ${soon.length === 1 ? 'falls' : 'fall'} due this week.`,
        },
        { type: 'heading', text: `Overdue (${overdueItems.length})` },
        { type: 'table', head: headEn, rows: overdueItems.map((i) => cut(row(i, false))), empty: 'None' },
        { type: 'heading', text: `Due this week (${soon.length})` },
        { type: 'table', head: headEn, rows: soon.map((i) => cut(row(i, false))), empty: 'None' },
        link('Open the supervision dashboard', d.link),
        ...closingEn(d),
      ],
    },
  };
}

/** Composer of each kind. */
function supervision(d: SupervisionData, what: 'urged' | 'keyCase'): Bilingual {
  const c = d.case;
  const next = d.deadlines[0];
  const whose = d.audience === 'unitLeader' ? `贵单位（${d.unitName}）` : '贵单位';
  const whoseEn = d.audience === 'unitLeader' ? `your unit (${d.unitName})` : 'your unit';
  const nextZh = next ? `（${clockLabel(next.clock, 'zh-CN')}期限为${formatDueDateZh(next.dueAt)}）` : '';
  const nextEn = next
    ? ` (next deadline: ${clockLabel(next.clock, 'en')}, ${formatDueDateEn(next.dueAt)})`
    : '';
  const urged = what === 'urged';
  return {
    zh: {
      subject: urged
        ? `【${tag('urged')}】${d.keyCase ? `${tag('keyCase')}·` : ''}${caseRefZh(c)}${noun(c)}《${c.title}》`
        : `【${tag('keyCase')}】${caseRefZh(c)}${noun(c)}《${c.title}》`,
      blocks: [
        greet(d),
        {
          type: 'p',
          text: urged
            ? `${d.by}于${formatDateZh(d.at)}对${whose}办理的${caseLine(c)}进行催办，请抓紧办理，按期答复${nextZh}。`
            : `${d.by}于${formatDateZh(d.at)}将${whose}办理的${caseLine(c)}列为重点督办件，请加强办理，按期答复${nextZh}。`,
        },
        ...(d.note
          ? [
              {
                type: 'fields' as const,
                rows: [[urged ? '催办意见' : '督办意见', d.note]] as [string, string][],
              },
            ]
          : []),
        ...(d.deadlines.length ? [{ type: 'list' as const, items: d.deadlines.map(deadlineZh) }] : []),
        link('查看并办理', d.link),
        ...closing(d),
      ],
    },
    en: {
      subject: urged
        ? `[${tagEn('urged')}] ${d.keyCase ? `${tagEn('keyCase')}: ` : ''}${cap(nounEn(c))} No. ${c.number}, ${d.unitName}`
        : `[${tagEn('keyCase')}] ${cap(nounEn(c))} No. ${c.number}, ${d.unitName}`,
      blocks: [
        greetEn(d),
        {
          type: 'p',
          text: urged
            ? `On ${formatDateEn(d.at)}, ${d.by} urged ${whoseEn} to get on with ${caseLineEn(c)} and reply on time${nextEn}.`
            : `On ${formatDateEn(d.at)}, ${d.by} marked ${caseLineEn(c)}, handled by ${whoseEn}, as a key case under supervision; please give it priority and reply on time${nextEn}.`,
        },
        ...(d.note ? [{ type: 'fields' as const, rows: [['Note', d.note]] as [string, string][] }] : []),
        ...(d.deadlines.length ? [{ type: 'list' as const, items: d.deadlines.map(deadlineEn) }] : []),
        link('Open the case', d.link),
        ...closingEn(d),
      ],
    },
  };
}

function unitRequest(d: UnitRequestData, kind: 'adjustmentRequested' | 'extensionRequested'): Bilingual {
  const c = d.case;
  const adj = kind === 'adjustmentRequested';
  const due = d.decisionDue;
  const rows: [string, string][] = [
    ['承办单位', d.unitName],
    ['申请时间', formatDateZh(d.requestedAt)],
    ['理由', d.reason],
    ...(d.proposedUnitName ? [['建议承办单位', d.proposedUnitName] as [string, string]] : []),
    ...(d.clock && d.currentDueAt
      ? [[`现${clockLabel(d.clock, 'zh-CN')}期限`, formatDueDateZh(d.currentDueAt)] as [string, string]]
      : []),
    ...(d.requestedDueAt ? [['申请延至', formatDueDateZh(d.requestedDueAt)] as [string, string]] : []),
    ...(due ? [['决定期限', deadlineZh(due)] as [string, string]] : []),
  ];
  const rowsEn: [string, string][] = [
    ['Unit', d.unitName],
    ['Requested on', formatDateEn(d.requestedAt)],
    ['Reason', d.reason],
    ...(d.proposedUnitName ? [['Proposed unit', d.proposedUnitName] as [string, string]] : []),
    ...(d.clock && d.currentDueAt
      ? [
          [`Current ${clockLabel(d.clock, 'en')} deadline`, formatDueDateEn(d.currentDueAt)] as [
            string,
            string,
          ],
        ]
      : []),
    ...(d.requestedDueAt ? [['Asked for', formatDueDateEn(d.requestedDueAt)] as [string, string]] : []),
    ...(due ? [['Decide by', deadlineEn(due)] as [string, string]] : []),
  ];
  return {
    zh: {
      subject: `【${tag(kind)}】${d.unitName}：${caseRefZh(c)}${noun(c)}《${c.title}》`,
      blocks: [
        greet(d),
        {
          type: 'p',
          text: `${d.unitName}申请${adj ? '调整' : '延期办理'}${caseLine(c)}，请及时研究决定${adj ? '，逾期未决定的将按规定督办' : ''}。`,
        },
        { type: 'fields', rows },
        link('查看并决定', d.link),
        ...closing(d),
      ],
    },
    en: {
      subject: `[${tagEn(kind)}] ${d.unitName}: ${cap(nounEn(c))} No. ${c.number}: “${c.title}”`,
      blocks: [
        greetEn(d),
        {
          type: 'p',
          text: `${d.unitName} asks for ${adj ? 'an adjustment of the assignment of' : 'an extension for'} ${caseLineEn(c)}. Please decide in time.`,
        },
        { type: 'fields', rows: rowsEn },
        link('Open the case and decide', d.link),
        ...closingEn(d),
      ],
    },
  };
}

function draftStep(d: DraftStepData, kind: 'draftSubmitted' | 'draftSignedOff' | 'draftReturned'): Bilingual {
  const c = d.case;
  const round = d.round > 1 ? `（第${d.round}轮办理）` : '';
  const roundEn = d.round > 1 ? ` (handling round ${d.round})` : '';
  const zhText = {
    draftSubmitted: `${d.draftedBy ?? '经办人'}于${formatDateZh(d.at)}提交了${caseLine(c)}的答复稿${round}${d.replyClass ? `，拟标注${classZh(d.replyClass)}` : ''}，请审核签发或退回修改。`,
    draftSignedOff: d.toReview
      ? `您起草的${caseLine(c)}答复稿${round}已由${d.decidedBy ?? '单位负责人'}于${formatDateZh(d.at)}签发，现送${d.office?.name ?? '交办机关'}审核；审核通过后，请及时正式答复${proposerNoun(c)}。`
      : `您起草的${caseLine(c)}答复稿${round}已由${d.decidedBy ?? '单位负责人'}于${formatDateZh(d.at)}签发，请及时正式答复${proposerNoun(c)}。`,
    draftReturned: `您起草的${caseLine(c)}答复稿${round}已由${d.decidedBy ?? '单位负责人'}于${formatDateZh(d.at)}退回修改。`,
  }[kind];
  const enText = {
    draftSubmitted: `${d.draftedBy ?? 'A staff member'} submitted the draft reply to ${caseLineEn(c)}${roundEn} on ${formatDateEn(d.at)}${d.replyClass ? `, class ${d.replyClass}` : ''}. Please sign it off or return it.`,
    draftSignedOff: d.toReview
      ? `Your draft reply to ${caseLineEn(c)}${roundEn} was signed off by ${d.decidedBy ?? 'the unit leader'} on ${formatDateEn(d.at)} and now goes to ${d.office?.name ?? 'the assigning office'} for review. Once it is accepted, please send the reply to ${proposerNounEn(c)}.`
      : `Your draft reply to ${caseLineEn(c)}${roundEn} was signed off by ${d.decidedBy ?? 'the unit leader'} on ${formatDateEn(d.at)}. Please send the reply to ${proposerNounEn(c)}.`,
    draftReturned: `Your draft reply to ${caseLineEn(c)}${roundEn} was returned by ${d.decidedBy ?? 'the unit leader'} on ${formatDateEn(d.at)}.`,
  }[kind];
  return {
    zh: {
      subject: subj(kind, c),
      blocks: [
        greet(d),
        { type: 'p', text: zhText },
        ...(d.reason
          ? [{ type: 'fields' as const, rows: [['退回理由', d.reason]] as [string, string][] }]
          : []),
        link(kind === 'draftSubmitted' ? '审核签发' : '查看并办理', d.link),
        ...closing(d),
      ],
    },
    en: {
      subject: subjEn(kind, c),
      blocks: [
        greetEn(d),
        { type: 'p', text: enText },
        ...(d.reason
          ? [{ type: 'fields' as const, rows: [['Reason', d.reason]] as [string, string][] }]
          : []),
        link('Open the case', d.link),
        ...closingEn(d),
      ],
    },
  };
}

/** 会签: to a co-handler, the lead's joint-reply draft to countersign by its deadline. */
function countersignRequested(d: CountersignRequestedData): Bilingual {
  const c = d.case;
  const due = d.deadline;
  const round = d.round > 1 ? `（第${d.round}轮办理）` : '';
  const roundEn = d.round > 1 ? ` (handling round ${d.round})` : '';
  const rows: [string, string][] = [
    ['主办单位', d.leadUnitName],
    ['提交时间', formatDateZh(d.draftedAt)],
    ...(d.replyClass ? [['答复类别', classZh(d.replyClass)] as [string, string]] : []),
    ...(due ? [['会签期限', formatDueDateZh(due.dueAt)] as [string, string]] : []),
  ];
  const rowsEn: [string, string][] = [
    ['Lead unit', d.leadUnitName],
    ['Submitted on', formatDateEn(d.draftedAt)],
    ...(d.replyClass ? [['Reply class', d.replyClass] as [string, string]] : []),
    ...(due ? [['Countersign by', formatDueDateEn(due.dueAt)] as [string, string]] : []),
  ];
  return {
    zh: {
      subject: `【${tag('countersignRequested')}】${d.leadUnitName}主办的${caseLine(c)}的答复稿请会签${due ? `，会签期限${formatDueDateZh(due.dueAt)}` : ''}`,
      blocks: [
        greet(d),
        {
          type: 'p',
          text: `${d.leadUnitName}于${formatDateZh(d.draftedAt)}提交了${caseLine(c)}的联合答复稿${round}${d.replyClass ? `，拟标注${classZh(d.replyClass)}` : ''}，现送贵单位会签${due ? `，请于${formatDueDateZh(due.dueAt)}前办理` : ''}。同意的，请在系统中会签；需要修改的，请写明修改意见，答复稿将退回主办单位修改后再送会签。逾期未会签的，答复函不列贵单位署名。`,
        },
        { type: 'fields', rows },
        ...(due ? [{ type: 'list' as const, items: [deadlineZh(due)] }] : []),
        ...(d.excerpt
          ? [
              { type: 'heading' as const, text: '答复稿摘要' },
              { type: 'quote' as const, text: d.excerpt },
            ]
          : []),
        link('查看答复稿并会签', d.link),
        ...closing(d),
      ],
    },
    en: {
      subject: `[${tagEn('countersignRequested')}] ${d.leadUnitName}'s draft reply to ${nounEn(c)} No. ${c.number} “${c.title}”${due ? `: countersign by ${formatDueDateEn(due.dueAt)}` : ''}`,
      blocks: [
        greetEn(d),
        {
          type: 'p',
          text: `On ${formatDateEn(d.draftedAt)} the lead unit ${d.leadUnitName} submitted its joint draft reply to ${caseLineEn(c)}${roundEn}${d.replyClass ? `, class ${d.replyClass}` : ''}, for your unit to countersign${due ? ` by ${formatDueDateEn(due.dueAt)}` : ''}. If you agree, countersign it in the system; if it needs changes, write them down and the draft goes back to the lead unit, to be sent for countersignature again. A unit that has not countersigned by the deadline is left off the letter.`,
        },
        { type: 'fields', rows: rowsEn },
        ...(due ? [{ type: 'list' as const, items: [deadlineEn(due)] }] : []),
        ...(d.excerpt
          ? [
              { type: 'heading' as const, text: 'From the draft' },
              { type: 'quote' as const, text: d.excerpt },
            ]
          : []),
        link('Read the draft and countersign', d.link),
        ...closingEn(d),
      ],
    },
  };
}

/** 会签修改意见: to the lead unit, a co-handler's request for changes to the joint-reply draft. */
function countersignChanges(d: CountersignChangesData): Bilingual {
  const c = d.case;
  return {
    zh: {
      subject: `【${tag('countersignChanges')}】${d.fromUnitName}：${caseRefZh(c)}${noun(c)}《${c.title}》`,
      blocks: [
        greet(d),
        {
          type: 'p',
          text: `会办单位${d.fromUnitName}${d.by ? `（${d.by}）` : ''}于${formatDateZh(d.at)}对贵单位主办的${caseLine(c)}的联合答复稿提出修改意见，未予会签，答复稿已退回贵单位。请研究修改后重新提交，修改后的答复稿将再次送各会办单位会签。`,
        },
        { type: 'heading', text: '修改意见' },
        { type: 'quote', text: d.comment },
        link('查看并修改答复稿', d.link),
        ...closing(d),
      ],
    },
    en: {
      subject: `[${tagEn('countersignChanges')}] ${d.fromUnitName} on ${nounEn(c)} No. ${c.number}: “${c.title}”`,
      blocks: [
        greetEn(d),
        {
          type: 'p',
          text: `On ${formatDateEn(d.at)} the co-handler ${d.fromUnitName}${d.by ? ` (${d.by})` : ''} asked for changes to the joint draft reply to ${caseLineEn(c)}, which your unit leads, instead of countersigning it; the draft is back with your unit. Please revise it and submit it again: the revised draft goes to the co-handlers for countersignature again.`,
        },
        { type: 'heading', text: 'Changes asked for' },
        { type: 'quote', text: d.comment },
        link('Open the case and revise the draft', d.link),
        ...closingEn(d),
      ],
    },
  };
}

/** 答复待审核: to the office, a signed-off reply to review before it is sent. */
function reviewRequested(d: ReviewRequestedData): Bilingual {
  const c = d.case;
  const round = d.round > 1 ? `（第${d.round}轮办理）` : '';
  const roundEn = d.round > 1 ? ` (handling round ${d.round})` : '';
  const co = d.countersignedBy ?? [];
  return {
    zh: {
      subject: `【${tag('reviewRequested')}】${d.unitName}：${caseRefZh(c)}${noun(c)}《${c.title}》`,
      blocks: [
        greet(d),
        {
          type: 'p',
          text: `${d.unitName}关于${caseLine(c)}的答复${round}已于${formatDateZh(d.signedOffAt)}由${d.signedOffBy ?? '单位负责人'}签发${d.replyClass ? `，拟标注${classZh(d.replyClass)}` : ''}，请予审核。审核通过的（可更正答复类别），由承办单位正式答复${proposerNoun(c)}；答复与${noun(c)}内容不符或未与${proposerNoun(c)}沟通的，请退回重办。`,
        },
        {
          type: 'fields',
          rows: [
            ['承办单位', d.unitName],
            ['签发时间', formatDateZh(d.signedOffAt)],
            ...(d.signedOffBy ? [['签发人', d.signedOffBy] as [string, string]] : []),
            ...(d.replyClass ? [['答复类别', classZh(d.replyClass)] as [string, string]] : []),
            ...(co.length ? [['会签单位', co.join('、')] as [string, string]] : []),
          ],
        },
        ...(d.excerpt
          ? [
              { type: 'heading' as const, text: '答复摘要' },
              { type: 'quote' as const, text: d.excerpt },
            ]
          : []),
        link('审核答复', d.link),
        ...closing(d),
      ],
    },
    en: {
      subject: `[${tagEn('reviewRequested')}] ${d.unitName}: ${cap(nounEn(c))} No. ${c.number}: “${c.title}”`,
      blocks: [
        greetEn(d),
        {
          type: 'p',
          text: `${d.unitName}'s reply to ${caseLineEn(c)}${roundEn} was signed off by ${d.signedOffBy ?? 'the unit leader'} on ${formatDateEn(d.signedOffAt)}${d.replyClass ? `, class ${d.replyClass}` : ''}, and waits for your review. Once you accept it (correcting its class if need be), the unit sends it to ${proposerNounEn(c)}; return it for redrafting if it does not answer the ${nounEn(c)} or ${proposerNounEn(c)} was not consulted.`,
        },
        {
          type: 'fields',
          rows: [
            ['Unit', d.unitName],
            ['Signed off on', formatDateEn(d.signedOffAt)],
            ...(d.signedOffBy ? [['Signed off by', d.signedOffBy] as [string, string]] : []),
            ...(d.replyClass ? [['Reply class', d.replyClass] as [string, string]] : []),
            ...(co.length ? [['Countersigned by', co.join(', ')] as [string, string]] : []),
          ],
        },
        ...(d.excerpt
          ? [
              { type: 'heading' as const, text: 'From the reply' },
              { type: 'quote' as const, text: d.excerpt },
            ]
          : []),
        link('Review the reply', d.link),
        ...closingEn(d),
      ],
    },
  };
}

/** 答复审核通过 / 答复审核退回: the office's review, to the replying unit. */
function replyReview(d: ReplyReviewData, kind: 'replyReviewed' | 'replyReturned'): Bilingual {
  const c = d.case;
  const ok = kind === 'replyReviewed';
  const office = d.office?.name ?? '交办机关';
  const officeEn = d.office?.name ?? 'the assigning office';
  const round = d.round > 1 ? `（第${d.round}轮办理）` : '';
  const roundEn = d.round > 1 ? ` (handling round ${d.round})` : '';
  const corrected = ok && d.classFrom && d.classTo ? { from: d.classFrom, to: d.classTo } : undefined;
  return {
    zh: {
      subject: `【${tag(kind)}】${corrected ? `答复类别更正为${classZh(corrected.to)}：` : ''}${caseRefZh(c)}${noun(c)}《${c.title}》`,
      blocks: [
        greet(d),
        {
          type: 'p',
          text: ok
            ? `贵单位关于${caseLine(c)}的答复${round}已经${office}于${formatDateZh(d.at)}审核通过${corrected ? `，答复类别由${classZh(corrected.from)}更正为${classZh(corrected.to)}` : ''}。请及时正式答复${proposerNoun(c)}。`
            : `贵单位关于${caseLine(c)}的答复${round}经${office}于${formatDateZh(d.at)}审核，予以退回。请按退回理由修改，重新起草并经单位负责人签发后再送审核。`,
        },
        {
          type: 'fields',
          rows: ok
            ? [
                ...(corrected
                  ? [
                      ['答复类别', `${classZh(corrected.from)} → ${classZh(corrected.to)}`] as [
                        string,
                        string,
                      ],
                    ]
                  : d.replyClass
                    ? [['答复类别', classZh(d.replyClass)] as [string, string]]
                    : []),
                ...(d.note ? [['审核意见', d.note] as [string, string]] : []),
              ]
            : [['退回理由', d.reason ?? '']],
        },
        link(ok ? '查看并答复' : '查看并办理', d.link),
        ...closing(d),
      ],
    },
    en: {
      subject: `[${tagEn(kind)}] ${corrected ? `class corrected to ${corrected.to}: ` : ''}${cap(nounEn(c))} No. ${c.number}: “${c.title}”`,
      blocks: [
        greetEn(d),
        {
          type: 'p',
          text: ok
            ? `On ${formatDateEn(d.at)} ${officeEn} accepted your unit's reply to ${caseLineEn(c)}${roundEn}${corrected ? `, correcting its class from ${corrected.from} to ${corrected.to}` : ''}. Please send the reply to ${proposerNounEn(c)}.`
            : `On ${formatDateEn(d.at)} ${officeEn} returned your unit's reply to ${caseLineEn(c)}${roundEn}. Please revise it as the reason below says, have it signed off again and send it for review again.`,
        },
        {
          type: 'fields',
          rows: ok
            ? [
                ...(corrected
                  ? [['Reply class', `${corrected.from} → ${corrected.to}`] as [string, string]]
                  : d.replyClass
                    ? [['Reply class', d.replyClass] as [string, string]]
                    : []),
                ...(d.note ? [['Note', d.note] as [string, string]] : []),
              ]
            : [['Reason', d.reason ?? '']],
        },
        link('Open the case', d.link),
        ...closingEn(d),
      ],
    },
  };
}

export const COMPOSERS: { [K in MailKind]: (d: MailDataByKind[K]) => Bilingual } = {
  assigned,
  signForReminder,
  deadlineReminder,
  overdue,
  adjustmentRequested: (d) => unitRequest(d, 'adjustmentRequested'),
  adjustmentDecided,
  extensionRequested: (d) => unitRequest(d, 'extensionRequested'),
  extensionDecided,
  extensionNotice,
  opinionReceived,
  draftSubmitted: (d) => draftStep(d, 'draftSubmitted'),
  draftSignedOff: (d) => draftStep(d, 'draftSignedOff'),
  draftReturned: (d) => draftStep(d, 'draftReturned'),
  countersignRequested,
  countersignChanges,
  reviewRequested,
  replyReviewed: (d) => replyReview(d, 'replyReviewed'),
  replyReturned: (d) => replyReview(d, 'replyReturned'),
  replied,
  feedbackRequested,
  rehandling,
  trackingUpdate,
  urged: (d) => supervision(d, 'urged'),
  keyCase: (d) => supervision(d, 'keyCase'),
  dailyDigest,
};
