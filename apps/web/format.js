// Labels and formatting for the web workspace, Chinese first. Dates are read on the Asia/Shanghai
// calendar (fixed UTC+8, no daylight saving since 1991), the same way the mail and the API do.

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const CHANNELS = { npc: '人大代表建议', cppcc: '政协提案' };
export const CHANNEL_SHORT = { npc: '人大', cppcc: '政协' };

export const USER_ROLES = {
  office: '交办机关',
  admin: '系统管理员',
  unitStaff: '承办单位经办人',
  unitLeader: '承办单位负责人',
  supervisor: '督办',
  proposer: '代表委员',
};

/** Roles as the workflow records them in the audit trail. */
export const ACTOR_ROLES = {
  office: '交办机关',
  unit: '承办单位',
  unitLeader: '单位负责人',
  supervisor: '督办',
  proposer: '代表委员',
  system: '系统',
};

export const CASE_STAGES = {
  UNDER_REVIEW: '审查中',
  RETURNED: '已退回修改',
  FILED: '已立案',
  NOT_FILED: '不予立案',
  MERGED: '已并案',
  WITHDRAWN: '已撤回',
  ASSIGNED: '已交办',
  CLOSED: '已办结',
};

export const UNIT_STAGES = {
  ASSIGNED: '待签收',
  RECEIVED: '已签收',
  ADJUSTMENT_REQUESTED: '申请调整中',
  IN_PROGRESS: '办理中',
  REPLY_REVIEW: '答复待签发',
  FEEDBACK_PENDING: '已答复，征询意见中',
  REHANDLING: '重新办理中',
  TRACKING: '跟踪办理中',
  OPINION_SENT: '已送会办意见',
  CLOSED: '已办结',
  REPLACED: '已被调整',
  REMOVED: '已撤销交办',
};

/** The one-word stage of lists: the case stage, or while units work on it the slowest unit's. */
export function displayStageLabel(stage) {
  if (stage === 'ASSIGNED') return '已交办，待签收';
  return CASE_STAGES[stage] ?? UNIT_STAGES[stage] ?? stage;
}

export const HANDLING_ROLES = { lead: '主办', co: '会办', separate: '分办', sole: '单办' };
export const MODES = { sole: '单独办理', separate: '分别办理', joint: '会同办理' };
export const PARTY_KINDS = {
  deputy: '代表',
  member: '委员',
  group: '党派团体',
  organisation: '组织',
  committee: '专门委员会',
  delegation: '代表团',
};
export const CONTACT_METHODS = {
  faceToFace: '面商',
  phone: '电话',
  visit: '走访',
  letter: '书面',
  online: '网上',
};
export const RATINGS = {
  satisfied: '满意',
  basicallySatisfied: '基本满意',
  dissatisfied: '不满意',
  noAnswer: '未答复',
};
export const DEADLINE_STATUS = {
  open: '进行中',
  closed: '已结束',
  overdue: '已超期',
  met: '已完成',
  cancelled: '已取消',
};

/** Mail kinds as the subject line tags them (【交办通知】…). */
const MAIL_KINDS = {
  assigned: '交办通知',
  signForReminder: '签收提醒',
  deadlineReminder: '到期提醒',
  overdue: '逾期督办',
  adjustmentDecided: '调整申请结果',
  extensionDecided: '延期申请结果',
  opinionReceived: '会办意见',
  replied: '答复通知',
  feedbackRequested: '征询意见',
  rehandling: '重新办理',
  urged: '催办',
  dailyDigest: '督办日报',
};
export const mailKindLabel = (k) => MAIL_KINDS[k] ?? k;

export const MAIL_STATUS = { pending: '排队中', sending: '发送中', sent: '已发送', failed: '投递失败' };

/** A message's delivery status in words; a pending one that already failed once waits to be retried. */
export function mailStatusLabel(m) {
  if (m.status === 'pending' && m.attempts > 0) return '待重试';
  return MAIL_STATUS[m.status] ?? m.status;
}

const CLOCKS = {
  signFor: '签收',
  adjustmentWindow: '申请调整期',
  adjustmentDecision: '调整申请决定',
  mainReply: '答复',
  mainReplyComplex: '答复（复杂件）',
  contact: '沟通联系',
  contactProposer: '沟通联系',
  coOpinion: '会办意见',
  coHandlerOpinion: '会办意见',
  feedback: '征询意见',
  rehandling: '重新办理答复',
  trackingReport: '跟踪办理报告',
  followUpReport: '跟踪办理报告',
  mainReplyCap: '答复最长期限（延期上限）',
  extensionCap: '答复最长期限（延期上限）',
  rehandlingCap: '重新办理最长期限',
  publication: '公开答复',
};
export const clockLabel = (c) => CLOCKS[c] ?? c;

export const START_EVENTS = {
  assigned: '交办',
  received: '收到交办件（签收）',
  sessionClosed: '大会闭幕',
  adjustmentRequested: '申请调整',
  replied: '答复',
  rehandlingAssigned: '重新交办',
  rehandlingStarted: '重新办理',
  trackingStarted: '跟踪办理',
  feedbackReceived: '收到反馈意见',
  summoned: '约见',
};

const ACTIONS = {
  register: '登记',
  file: '立案',
  notFile: '不予立案',
  merge: '并案',
  absorbMerged: '并入案件',
  returnForRevision: '退回修改',
  resubmit: '重新提交',
  withdraw: '撤回',
  assign: '交办',
  addUnit: '增加承办单位',
  removeUnit: '撤销承办单位',
  replaceUnit: '更换承办单位',
  signFor: '签收',
  requestAdjustment: '申请调整',
  decideAdjustment: '决定调整申请',
  sendOpinion: '会办意见',
  recordContact: '记录沟通',
  draftReply: '起草答复',
  signOffReply: '签发',
  returnDraft: '退回答复稿',
  reply: '答复',
  requestExtension: '申请延期',
  decideExtension: '审批延期',
  giveFeedback: '评价',
  expireFeedbackWindow: '征询期满',
  reportTracking: '跟踪办理报告',
  closeUnit: '办结',
  urge: '催办',
  markKeyCase: '重点督办',
  hold: '暂停办理',
  resume: '恢复办理',
  recomputeDeadlines: '重新计算时限',
  timers: '时限到期',
};
export const actionLabel = (a) => ACTIONS[a] ?? a;

const ZH_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 1–999 in Chinese numerals as used for 届/次 (14 → 十四, 105 → 一百零五). */
export function zhNumber(n) {
  if (!Number.isInteger(n) || n < 0 || n > 999) return String(n);
  if (n < 10) return ZH_DIGITS[n];
  if (n < 20) return `十${n % 10 ? ZH_DIGITS[n % 10] : ''}`;
  if (n < 100) return `${ZH_DIGITS[Math.floor(n / 10)]}十${n % 10 ? ZH_DIGITS[n % 10] : ''}`;
  const rest = n % 100;
  const head = `${ZH_DIGITS[Math.floor(n / 100)]}百`;
  if (rest === 0) return head;
  if (rest < 10) return `${head}零${ZH_DIGITS[rest]}`;
  return `${head}${rest < 20 ? '一' : ''}${zhNumber(rest)}`;
}

/** 人大十四届三次会议第006号 (a number that is not all digits, such as 建9, keeps its own form). */
export function caseNumber(c) {
  const no = /^\d+$/.test(c.number)
    ? `第${c.number}号`
    : c.number.endsWith('号')
      ? c.number
      : `${c.number}号`;
  const after = c.duringSession === false ? '会后' : '';
  return `${CHANNEL_SHORT[c.channel] ?? ''}${zhNumber(Number(c.term))}届${zhNumber(Number(c.session))}次会议${after}${no}`;
}

function ymdOfMs(ms) {
  const t = new Date(ms + SHANGHAI_OFFSET_MS);
  return {
    y: t.getUTCFullYear(),
    m: t.getUTCMonth() + 1,
    d: t.getUTCDate(),
    hh: t.getUTCHours(),
    mm: t.getUTCMinutes(),
  };
}

function parts(v, due) {
  if (v === null || v === undefined || v === '') return null;
  const bare = typeof v === 'string' ? DATE_RE.exec(v) : null;
  if (bare) return { y: Number(bare[1]), m: Number(bare[2]), d: Number(bare[3]) };
  const ms = v instanceof Date ? v.getTime() : Date.parse(v);
  if (Number.isNaN(ms)) return null;
  // A due instant is the end of its last day (next day 00:00+08:00): step back to that day.
  return ymdOfMs(due ? ms - 1 : ms);
}

/** 2026年6月30日 (an instant on the Shanghai calendar, or a bare YYYY-MM-DD). */
export function dateZh(v) {
  const p = parts(v, false);
  return p ? `${p.y}年${p.m}月${p.d}日` : '—';
}

/** The last day a due instant covers: '2026-06-30T16:00:00Z' → 2026年6月30日. */
export function dueDateZh(v) {
  const p = parts(v, true);
  return p ? `${p.y}年${p.m}月${p.d}日` : '—';
}

/** 2026年6月30日 14:05 */
export function dateTimeZh(v) {
  const p = parts(v, false);
  if (!p) return '—';
  if (p.hh === undefined) return `${p.y}年${p.m}月${p.d}日`;
  return `${p.y}年${p.m}月${p.d}日 ${String(p.hh).padStart(2, '0')}:${String(p.mm).padStart(2, '0')}`;
}

/** Whole Shanghai days from today to the last day of `dueAt` (negative when overdue). */
export function daysLeft(dueAt, now = Date.now()) {
  const due = parts(dueAt, true);
  const today = ymdOfMs(now);
  if (!due) return null;
  return (Date.UTC(due.y, due.m - 1, due.d) - Date.UTC(today.y, today.m - 1, today.d)) / 86_400_000;
}

/** '2026-01-30' + '10:00' typed in the page → an instant in Asia/Shanghai. */
export function shanghaiInstant(date, time = '09:00') {
  if (!date) return undefined;
  return `${date}T${time || '09:00'}:00+08:00`;
}

/** Today's date in Shanghai as YYYY-MM-DD (for date inputs). */
export function todayShanghai(now = Date.now()) {
  const p = ymdOfMs(now);
  return `${p.y}-${String(p.m).padStart(2, '0')}-${String(p.d).padStart(2, '0')}`;
}
