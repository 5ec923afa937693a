/**
 * The one label table, Chinese first with English: every clock, start event, stage, role, mail kind
 * and refusal code as people read it. Mail templates, the API's messages and the web workspace all
 * take their words from here, so an idea has one name wherever it appears.
 */
import type { JurisdictionLevel } from '../jurisdictions/types';
import type { CommandType } from '../lifecycle/types';
import type { ClockId, StartEvent } from './clocks';
import { parseOutboxKind, type MailKind } from './mail-kinds';
import type {
  ActorRole,
  AssignmentMode,
  CaseStage,
  Channel,
  ContactMethod,
  DeadlineRowStatus,
  PartyKind,
  Publicity,
  RecordedRating,
  RefusalCode,
  ReportGroup,
  UnitDisplayStage,
  UnitRole,
  UserRole,
  WorkflowRefusalCode,
} from './stages';

export type Lang = 'zh-CN' | 'en';

export interface Label {
  zh: string;
  en: string;
}

export const CLOCK_LABELS: Readonly<Record<ClockId, Label>> = {
  signFor: { zh: '签收', en: 'sign-for' },
  adjustmentWindow: { zh: '申请调整期', en: 'adjustment request window' },
  adjustmentDecision: { zh: '调整申请决定', en: 'decision on an adjustment request' },
  coOpinion: { zh: '会办意见', en: 'co-handling opinion' },
  countersign: { zh: '会签', en: 'countersignature of a joint reply' },
  contact: { zh: '沟通联系', en: 'contact with the proposer' },
  mainReply: { zh: '答复', en: 'reply' },
  mainReplyCap: { zh: '答复最长期限', en: 'longest reply period' },
  feedback: { zh: '征询意见', en: "proposer's feedback" },
  rehandling: { zh: '重新办理答复', en: 're-handling reply' },
  rehandlingCap: { zh: '重新办理最长期限', en: 'longest re-handling period' },
  trackingReport: { zh: '跟踪办理报告', en: 'tracking report' },
  publication: { zh: '答复公开', en: 'publication of the reply' },
};

export const START_EVENT_LABELS: Readonly<Record<StartEvent, Label>> = {
  assigned: { zh: '交办', en: 'assignment' },
  received: { zh: '收到交办件', en: 'receipt' },
  sessionClosed: { zh: '大会闭幕', en: 'close of session' },
  adjustmentRequested: { zh: '收到调整申请', en: 'the adjustment request' },
  replied: { zh: '答复', en: 'the reply' },
  rehandlingStarted: { zh: '重新交办', en: 're-assignment' },
  feedbackReceived: { zh: '收到反馈意见', en: 'feedback' },
  summoned: { zh: '约见', en: 'the summons' },
  trackingReported: { zh: '报告跟踪落实情况', en: 'the last tracking report' },
  draftSubmitted: { zh: '提交答复稿会签', en: 'the draft sent for countersignature' },
};

export const CASE_STAGE_LABELS: Readonly<Record<CaseStage, Label>> = {
  UNDER_REVIEW: { zh: '审查中', en: 'under review' },
  RETURNED: { zh: '已退回修改', en: 'returned for revision' },
  FILED: { zh: '已立案', en: 'filed' },
  NOT_FILED: { zh: '不予立案', en: 'not filed' },
  MERGED: { zh: '已并案', en: 'merged' },
  WITHDRAWN: { zh: '已撤回', en: 'withdrawn' },
  ASSIGNED: { zh: '已交办', en: 'assigned' },
  CLOSED: { zh: '已办结', en: 'closed' },
};

export const UNIT_STAGE_LABELS: Readonly<Record<UnitDisplayStage, Label>> = {
  ASSIGNED: { zh: '待签收', en: 'awaiting sign-for' },
  RECEIVED: { zh: '已签收', en: 'signed for' },
  ADJUSTMENT_REQUESTED: { zh: '申请调整中', en: 'adjustment requested' },
  IN_PROGRESS: { zh: '办理中', en: 'in progress' },
  REPLY_REVIEW: { zh: '答复待签发', en: 'reply awaiting sign-off' },
  SIGNED_OFF: { zh: '已签发，待答复', en: 'signed off, to be sent' },
  FEEDBACK_PENDING: { zh: '已答复，征询意见中', en: 'replied, awaiting feedback' },
  REHANDLING: { zh: '重新办理中', en: 're-handling' },
  TRACKING: { zh: '跟踪办理中', en: 'tracking' },
  OPINION_SENT: { zh: '已送会办意见', en: 'opinion sent' },
  CLOSED: { zh: '已办结', en: 'closed' },
  REPLACED: { zh: '已被调整', en: 'replaced' },
  REMOVED: { zh: '已撤销交办', en: 'removed' },
};

/**
 * Labels of a list's one-word stage (displayStage): a case stage, or while units handle it the
 * stage of the least advanced replying unit. ASSIGNED there means no replying unit signed for yet.
 */
export const DISPLAY_STAGE_LABELS: Readonly<Record<CaseStage | UnitDisplayStage, Label>> = {
  ...UNIT_STAGE_LABELS,
  ...CASE_STAGE_LABELS,
  ASSIGNED: { zh: '已交办，待签收', en: 'assigned, awaiting sign-for' },
};

export const UNIT_ROLE_LABELS: Readonly<Record<UnitRole, Label>> = {
  lead: { zh: '主办', en: 'lead unit' },
  co: { zh: '会办', en: 'co-handler' },
  separate: { zh: '分办', en: 'separate handling' },
  sole: { zh: '单办', en: 'sole handler' },
};

export const MODE_LABELS: Readonly<Record<AssignmentMode, Label>> = {
  sole: { zh: '单独办理', en: 'sole handling' },
  separate: { zh: '分别办理', en: 'separate handling' },
  joint: { zh: '会同办理', en: 'joint handling' },
};

/** People's roles: accounts (admin, unitStaff …) and actors in the lifecycle (unit, system). */
export const ROLE_LABELS: Readonly<Record<UserRole | ActorRole, Label>> = {
  admin: { zh: '系统管理员', en: 'administrator' },
  office: { zh: '交办机关', en: 'assigning office' },
  unitStaff: { zh: '承办单位经办人', en: 'handling unit staff' },
  unit: { zh: '承办单位经办人', en: 'handling unit staff' },
  unitLeader: { zh: '承办单位负责人', en: 'handling unit leader' },
  supervisor: { zh: '督办', en: 'supervisor' },
  proposer: { zh: '代表委员', en: 'proposer' },
  system: { zh: '系统', en: 'system' },
};

/** What each account role may do, for the accounts screen and the API document. */
export const ROLE_DESCRIPTIONS: Readonly<Record<UserRole, Label>> = {
  office: {
    zh: '交办机关（人大代表工委、政协提案委、政府督查室）：登记、立案、交办、审批调整与延期',
    en: 'assigning office',
  },
  unitStaff: {
    zh: '承办单位经办人：签收、沟通、起草答复、申请调整或延期、会办意见',
    en: 'handling unit staff',
  },
  unitLeader: {
    zh: '承办单位负责人：签发或退回答复稿，并可办理经办人的全部事项',
    en: 'handling unit leader',
  },
  supervisor: { zh: '督办（人大、政协、政府领导）：查看全部案件，催办，确定重点督办件', en: 'supervisor' },
  proposer: {
    zh: '代表、委员或提案团体：查看本人提出的建议/提案，评价答复',
    en: 'proposer (deputy, member, group)',
  },
  admin: {
    zh: '系统管理员：管理用户和承办单位，并具有交办机关的权限',
    en: 'administrator (also acts as office)',
  },
};

/** A channel: its full name, the assembly's short name, what one case is called and who proposes it. */
export interface ChannelLabel extends Label {
  /** The assembly in a citation: 人大十四届三次会议. */
  short: string;
  /** One case: 建议 / 提案. */
  noun: Label;
  /** Who a unit replies to: 代表 / 提案人. */
  proposer: Label;
}

export const CHANNEL_LABELS: Readonly<Record<Channel, ChannelLabel>> = {
  npc: {
    zh: '人大代表建议',
    en: "NPC deputy's suggestion",
    short: '人大',
    noun: { zh: '建议', en: 'suggestion' },
    proposer: { zh: '代表', en: 'deputy' },
  },
  cppcc: {
    zh: '政协提案',
    en: 'CPPCC proposal',
    short: '政协',
    noun: { zh: '提案', en: 'proposal' },
    proposer: { zh: '提案人', en: 'proposer' },
  },
};

export const PARTY_KIND_LABELS: Readonly<Record<PartyKind, Label>> = {
  deputy: { zh: '代表', en: 'deputy' },
  member: { zh: '委员', en: 'member' },
  group: { zh: '党派团体', en: 'party or group' },
  organisation: { zh: '组织', en: 'organisation' },
  committee: { zh: '专门委员会', en: 'special committee' },
  delegation: { zh: '代表团', en: 'delegation' },
};

export const CONTACT_METHOD_LABELS: Readonly<Record<ContactMethod, Label>> = {
  faceToFace: { zh: '面商', en: 'face to face' },
  phone: { zh: '电话', en: 'phone' },
  visit: { zh: '走访', en: 'visit' },
  letter: { zh: '书面', en: 'letter' },
  online: { zh: '网上', en: 'online' },
};

/** 公开属性 of a reply letter. */
export const PUBLICITY_LABELS: Readonly<Record<Publicity, Label>> = {
  active: { zh: '主动公开', en: 'published proactively' },
  onRequest: { zh: '依申请公开', en: 'disclosed on request' },
  none: { zh: '不予公开', en: 'not disclosed' },
};

export const RATING_LABELS: Readonly<Record<RecordedRating, Label>> = {
  satisfied: { zh: '满意', en: 'satisfied' },
  basicallySatisfied: { zh: '基本满意', en: 'basically satisfied' },
  dissatisfied: { zh: '不满意', en: 'dissatisfied' },
  noAnswer: { zh: '未答复', en: 'no answer' },
};

export const MAIL_KIND_LABELS: Readonly<Record<MailKind, Label>> = {
  assigned: { zh: '交办通知', en: 'Assignment' },
  signForReminder: { zh: '签收提醒', en: 'Sign-for reminder' },
  deadlineReminder: { zh: '到期提醒', en: 'Deadline reminder' },
  overdue: { zh: '逾期督办', en: 'Overdue' },
  adjustmentRequested: { zh: '调整申请', en: 'Adjustment request' },
  adjustmentDecided: { zh: '调整申请结果', en: 'Adjustment decision' },
  extensionRequested: { zh: '延期申请', en: 'Extension request' },
  extensionDecided: { zh: '延期申请结果', en: 'Extension decision' },
  extensionNotice: { zh: '延期告知', en: 'Extension notice' },
  opinionReceived: { zh: '会办意见', en: 'Co-handling opinion' },
  draftSubmitted: { zh: '答复待签发', en: 'Reply awaiting sign-off' },
  draftSignedOff: { zh: '答复已签发', en: 'Reply signed off' },
  draftReturned: { zh: '答复稿退回', en: 'Draft returned' },
  countersignRequested: { zh: '会签', en: 'Countersignature requested' },
  countersignChanges: { zh: '会签修改意见', en: 'Changes asked at countersignature' },
  reviewRequested: { zh: '答复待审核', en: 'Reply awaiting review' },
  replyReviewed: { zh: '答复审核通过', en: 'Reply reviewed' },
  replyReturned: { zh: '答复审核退回', en: 'Reply returned by the office' },
  replied: { zh: '答复通知', en: 'Reply' },
  feedbackRequested: { zh: '征询意见', en: 'Feedback requested' },
  rehandling: { zh: '重新办理', en: 'Re-handling' },
  trackingUpdate: { zh: '跟踪落实情况', en: 'Follow-up on a commitment' },
  urged: { zh: '催办', en: 'Urged' },
  keyCase: { zh: '重点督办', en: 'Key case' },
  dailyDigest: { zh: '督办日报', en: 'Daily digest' },
};

export const MAIL_STATUS_LABELS: Readonly<Record<'pending' | 'sending' | 'sent' | 'failed', Label>> = {
  pending: { zh: '排队中', en: 'queued' },
  sending: { zh: '发送中', en: 'sending' },
  sent: { zh: '已发送', en: 'sent' },
  failed: { zh: '投递失败', en: 'failed' },
};

/** A deadline row of the read model: open (counting), held (case on hold), closed; overdue is judged at read time. */
export const DEADLINE_STATUS_LABELS: Readonly<Record<DeadlineRowStatus | 'overdue', Label>> = {
  open: { zh: '进行中', en: 'open' },
  held: { zh: '暂停计时', en: 'on hold' },
  closed: { zh: '已结束', en: 'closed' },
  overdue: { zh: '已超期', en: 'overdue' },
};

/** Audit trail actions: the lifecycle's commands, plus registration and timers firing. */
export const ACTION_LABELS: Readonly<Record<CommandType | 'register' | 'timers', Label>> = {
  register: { zh: '登记', en: 'registered' },
  file: { zh: '立案', en: 'filed' },
  notFile: { zh: '不予立案', en: 'not filed' },
  merge: { zh: '并案', en: 'merged' },
  absorbMerged: { zh: '并入案件', en: 'absorbed a merged case' },
  returnForRevision: { zh: '退回修改', en: 'returned for revision' },
  resubmit: { zh: '重新提交', en: 'resubmitted' },
  withdraw: { zh: '撤回', en: 'withdrawn' },
  assign: { zh: '交办', en: 'assigned' },
  addUnit: { zh: '增加承办单位', en: 'unit added' },
  removeUnit: { zh: '撤销承办单位', en: 'unit removed' },
  replaceUnit: { zh: '更换承办单位', en: 'unit replaced' },
  signFor: { zh: '签收', en: 'signed for' },
  recordDelivery: { zh: '登记送达', en: 'delivery recorded' },
  requestAdjustment: { zh: '申请调整', en: 'adjustment requested' },
  decideAdjustment: { zh: '决定调整申请', en: 'adjustment decided' },
  sendOpinion: { zh: '提交会办意见', en: 'opinion sent' },
  recordContact: { zh: '登记沟通联系', en: 'contact recorded' },
  draftReply: { zh: '起草答复', en: 'reply drafted' },
  signOffReply: { zh: '签发', en: 'signed off' },
  returnDraft: { zh: '退回答复稿', en: 'draft returned' },
  reply: { zh: '答复', en: 'replied' },
  requestExtension: { zh: '申请延期', en: 'extension requested' },
  decideExtension: { zh: '审批延期', en: 'extension decided' },
  giveFeedback: { zh: '评价', en: 'feedback given' },
  expireFeedbackWindow: { zh: '征询意见期满', en: 'feedback window closed' },
  reportTracking: { zh: '跟踪办理报告', en: 'tracking reported' },
  closeUnit: { zh: '办结', en: 'unit closed' },
  urge: { zh: '催办', en: 'urged' },
  markKeyCase: { zh: '重点督办', en: 'key case' },
  hold: { zh: '暂停办理', en: 'held' },
  resume: { zh: '恢复办理', en: 'resumed' },
  recomputeDeadlines: { zh: '重新计算时限', en: 'deadlines recomputed' },
  setJointReply: { zh: '确定答复方式', en: 'reply form chosen' },
  countersign: { zh: '会签', en: 'countersigned' },
  reviewReply: { zh: '审核答复', en: 'reply reviewed' },
  publishReply: { zh: '公开答复', en: 'reply published' },
  declinePublication: { zh: '登记不公开理由', en: 'publication declined' },
  timers: { zh: '时限到期', en: 'deadline reached' },
};

export const REFUSAL_LABELS: Readonly<Record<RefusalCode | WorkflowRefusalCode, Label>> = {
  INVALID_COMMAND: { zh: '操作内容无效', en: 'invalid command' },
  FORBIDDEN_ROLE: { zh: '当前角色无权执行此操作', en: 'not allowed for this role' },
  WRONG_STAGE: { zh: '当前阶段不能执行此操作', en: 'not possible at this stage' },
  ON_HOLD: { zh: '案件已暂停办理', en: 'the case is on hold' },
  NOT_ON_HOLD: { zh: '案件未暂停', en: 'the case is not on hold' },
  UNKNOWN_UNIT: { zh: '该单位未承办本件', en: 'unit does not handle this case' },
  NOT_ASSIGNED_UNIT: { zh: '您所在单位不是本件的承办单位', en: "not the actor's case" },
  NOT_UNIT_LEADER: { zh: '须由单位负责人操作', en: 'unit leader only' },
  NOT_LEAD_UNIT: { zh: '会办单位不直接答复', en: 'co-handlers do not reply' },
  NOT_CO_HANDLER: { zh: '只有会办单位提交会办意见', en: 'co-handlers only' },
  INVALID_ASSIGNMENT: { zh: '交办方式或承办单位无效', en: 'invalid assignment' },
  UNIT_ALREADY_ASSIGNED: { zh: '该单位已承办本件', en: 'unit already handles this case' },
  ADJUSTMENT_WINDOW_CLOSED: { zh: '申请调整期限已过', en: 'adjustment window closed' },
  ADJUSTMENT_PENDING: { zh: '调整申请尚待决定', en: 'adjustment request pending' },
  ADJUSTMENT_NOT_REQUESTED: { zh: '没有待决定的调整申请', en: 'no adjustment request pending' },
  CONTACT_REQUIRED: { zh: '须先与代表委员沟通联系', en: 'contact with the proposer required first' },
  CO_OPINIONS_PENDING: { zh: '会办意见尚未全部送达', en: 'co-handling opinions outstanding' },
  NOT_SIGNED_OFF: { zh: '答复尚未签发', en: 'reply not signed off' },
  DRAFT_MISMATCH: { zh: '答复与签发稿不一致', en: 'reply differs from the signed-off draft' },
  INVALID_REPLY_CLASS: { zh: '答复类别无效', en: 'invalid reply class' },
  EXTENSION_PENDING: { zh: '已有延期申请待决定', en: 'extension request pending' },
  EXTENSION_NOT_REQUESTED: { zh: '没有待决定的延期申请', en: 'no extension request pending' },
  EXTENSION_CAP_UNKNOWN: { zh: '政策最长期限未知', en: 'policy cap unknown' },
  EXTENSION_BEYOND_CAP: { zh: '超过政策允许的最长期限', en: 'beyond the policy cap' },
  EXTENSION_NOT_LATER: { zh: '延期后的期限须晚于原期限', en: 'new due date not later' },
  NOT_A_PROPOSER: { zh: '不是本件的提出人', en: 'not a proposer of this case' },
  ALREADY_RATED: { zh: '本轮答复已评价', en: 'already rated' },
  FEEDBACK_WINDOW_CLOSED: { zh: '征询意见期限已过', en: 'feedback window closed' },
  FEEDBACK_WINDOW_OPEN: { zh: '征询意见期限未到', en: 'feedback window still open' },
  INVALID_DATE: { zh: '日期无效', en: 'invalid date' },
  NOT_JOINT_REPLY: { zh: '本件不是联合行文', en: 'not a joint reply' },
  COUNTERSIGN_PENDING: { zh: '会签尚未完成', en: 'countersignatures outstanding' },
  NOT_IN_COUNTERSIGN: { zh: '没有待会签的答复稿', en: 'no draft awaiting countersignature' },
  REVIEW_PENDING: { zh: '答复尚待交办机关审核', en: 'awaiting the office review' },
  NOT_IN_REVIEW: { zh: '没有待审核的答复', en: 'no reply awaiting review' },
  PUBLICATION_NOT_ALLOWED: { zh: '该答复不能公开', en: 'this reply may not be published' },
  ALREADY_PUBLISHED: { zh: '答复已公开或已决定不公开', en: 'publication already decided' },
  NOT_REPLIED: { zh: '尚无答复', en: 'no reply yet' },
  DEADLINE_PLANNING_FAILED: { zh: '期限计算失败', en: 'deadline planning failed' },
};

export const REPORT_GROUP_LABELS: Readonly<Record<ReportGroup, Label>> = {
  unit: { zh: '承办单位', en: 'handling unit' },
  session: { zh: '会次', en: 'session' },
  jurisdiction: { zh: '辖区', en: 'jurisdiction' },
  month: { zh: '交办月份', en: 'month of assignment' },
};

export const JURISDICTION_LEVEL_LABELS: Readonly<Record<JurisdictionLevel, Label>> = {
  national: { zh: '全国', en: 'national' },
  province: { zh: '省级', en: 'province' },
  city: { zh: '市级', en: 'city' },
  county: { zh: '县级', en: 'county' },
};

/** Picks the language of a label. */
export const pick = (l: Label, lang: Lang = 'zh-CN'): string => (lang === 'en' ? l.en : l.zh);

/**
 * The label of `key` in `table`, or the key itself when the table does not know it: a value
 * from newer code or data (a policy's new clock, a new stage) never breaks a page or a mail.
 */
export function labelOf(table: Readonly<Record<string, Label>>, key: string, lang: Lang = 'zh-CN'): string {
  return Object.prototype.hasOwnProperty.call(table, key) ? pick(table[key], lang) : key;
}

/** Label of a clock (unknown ids as is). */
export function clockLabel(clock: string, lang: Lang = 'zh-CN'): string {
  return labelOf(CLOCK_LABELS, clock, lang);
}

/** Label of a start event (unknown ids as is). */
export function startEventLabel(event: string, lang: Lang = 'zh-CN'): string {
  return labelOf(START_EVENT_LABELS, event, lang);
}

/**
 * Label of an outbox kind (see outboxKind): the mail kind, then its details, e.g.
 * `deadlineReminder.3d.mainReply` → 到期提醒（答复，提前3日）; `replied.r2` → 答复通知（第2轮）.
 */
export function outboxKindLabel(outbox: string, lang: Lang = 'zh-CN'): string {
  const p = parseOutboxKind(outbox);
  const base = labelOf(MAIL_KIND_LABELS, p.kind, lang);
  const details: string[] = [];
  if (p.clock) details.push(clockLabel(p.clock, lang));
  if (p.daysBefore !== undefined)
    details.push(lang === 'en' ? `${p.daysBefore} days before` : `提前${p.daysBefore}日`);
  if (p.minutesBefore !== undefined)
    details.push(lang === 'en' ? `${p.minutesBefore} minutes before` : `提前${p.minutesBefore}分钟`);
  if (p.round !== undefined) details.push(lang === 'en' ? `round ${p.round}` : `第${p.round}轮`);
  if (p.reportNo !== undefined)
    details.push(lang === 'en' ? `report ${p.reportNo}` : `第${p.reportNo}次报告`);
  if (p.day !== undefined) details.push(lang === 'en' ? `to ${p.day}` : `延至${p.day}`);
  if (!details.length) return base;
  return lang === 'en' ? `${base} (${details.join(', ')})` : `${base}（${details.join('，')}）`;
}

/** Every table, for the web workspace and the API's clients. */
export const LABELS = {
  clock: CLOCK_LABELS,
  startEvent: START_EVENT_LABELS,
  caseStage: CASE_STAGE_LABELS,
  unitStage: UNIT_STAGE_LABELS,
  displayStage: DISPLAY_STAGE_LABELS,
  unitRole: UNIT_ROLE_LABELS,
  mode: MODE_LABELS,
  role: ROLE_LABELS,
  channel: CHANNEL_LABELS,
  partyKind: PARTY_KIND_LABELS,
  contactMethod: CONTACT_METHOD_LABELS,
  reportGroup: REPORT_GROUP_LABELS,
  jurisdictionLevel: JURISDICTION_LEVEL_LABELS,
  rating: RATING_LABELS,
  publicity: PUBLICITY_LABELS,
  mailKind: MAIL_KIND_LABELS,
  mailStatus: MAIL_STATUS_LABELS,
  deadlineStatus: DEADLINE_STATUS_LABELS,
  action: ACTION_LABELS,
  refusal: REFUSAL_LABELS,
} as const;

/** How a deadline rule counts (DeadlineRule kind), as the policy screens name it. */
export const RULE_KIND_LABELS: Readonly<
  Record<
    'calendarDays' | 'workingDays' | 'months' | 'fixedMonthDay' | 'fixedDate' | 'offsetBefore' | 'minutes',
    Label
  >
> = {
  calendarDays: { zh: '日（自然日）', en: 'calendar days' },
  workingDays: { zh: '个工作日', en: 'working days' },
  months: { zh: '个月', en: 'months' },
  fixedMonthDay: { zh: '每年固定日期前', en: 'by a day of the year' },
  fixedDate: { zh: '固定日期前', en: 'by a date' },
  offsetBefore: { zh: '早于另一时限届满', en: 'before another deadline' },
  minutes: { zh: '分钟（演练用）', en: 'minutes (drills)' },
};

/** A jurisdiction's local calendar day: a local holiday, or a day worked locally (调休上班). */
export const CALENDAR_OVERRIDE_KIND_LABELS: Readonly<Record<'holiday' | 'workday', Label>> = {
  holiday: { zh: '放假', en: 'holiday' },
  workday: { zh: '调休上班', en: 'working day' },
};

/** What happens when the proposer does not return the feedback form in time (FeedbackNoAnswer). */
export const FEEDBACK_NO_ANSWER_LABELS: Readonly<Record<'recordedAsNoAnswer' | 'deemedSatisfied', Label>> = {
  recordedAsNoAnswer: { zh: '记为未答复', en: 'recorded as no answer' },
  deemedSatisfied: { zh: '视为满意', en: 'deemed satisfied' },
};

/** The yes/no handling rules of a policy. */
export const POLICY_RULE_LABELS: Readonly<
  Record<
    | 'contactRequiredBeforeReply'
    | 'rehandlingOnBasicallySatisfied'
    | 'notifyProposerOfExtension'
    | 'leadWaitsForCoOpinions'
    | 'jointReply'
    | 'officeReview'
    | 'replyPerProposer',
    Label
  >
> = {
  contactRequiredBeforeReply: {
    zh: '答复前须与代表委员沟通联系',
    en: 'contact with the proposer required before the reply',
  },
  rehandlingOnBasicallySatisfied: {
    zh: '评价为基本满意的也重新办理',
    en: 're-handle also when basically satisfied',
  },
  notifyProposerOfExtension: {
    zh: '批准延期后书面告知代表委员',
    en: 'an approved extension is told to the proposer in writing',
  },
  leadWaitsForCoOpinions: {
    zh: '会同办理时主办单位等会办意见后再答复',
    en: 'joint handling: the lead waits for co-handling opinions',
  },
  jointReply: {
    zh: '会同办理时联合行文（主办单位答复稿经会办单位会签）',
    en: 'joint handling replies jointly (co-handlers countersign the draft)',
  },
  officeReview: {
    zh: '答复送达代表委员前由交办机关审核',
    en: 'the office reviews each reply before it reaches the proposer',
  },
  replyPerProposer: {
    zh: '联名件逐人答复（否则通过领衔人答复）',
    en: 'a joint proposal is answered to every proposer (else through the lead signer)',
  },
};

/** The words of the policy and jurisdiction screens (the editor, the jurisdiction form). */
export const POLICY_LABELS = {
  ruleKind: RULE_KIND_LABELS,
  calendarOverrideKind: CALENDAR_OVERRIDE_KIND_LABELS,
  feedbackNoAnswer: FEEDBACK_NO_ANSWER_LABELS,
  policyRule: POLICY_RULE_LABELS,
} as const;
