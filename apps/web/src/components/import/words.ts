/**
 * What the import screens share: the API's shapes, the words of this screen (row and job states
 * are the import's own, not domain vocabulary) and how a session and its case list are named.
 */
import type { components } from '../../api/schema';
import { sessionRef } from '../../format';
import { lang, t } from '../../ui';

export type Report = components['schemas']['ImportReportDto'];
export type Issue = components['schemas']['ImportIssueDto'];
export type ReportRow = components['schemas']['ReportRowDto'];
export type Job = components['schemas']['ImportJobDto'];
export type JobRow = components['schemas']['JobRowDto'];
export type ImportSession = Job['session'];

/** A jurisdiction policy as GET /policies lists it. */
export type PolicySummary = components['schemas']['PolicySummaryDto'];

/** Policy names by id, for the session line of reports and jobs. */
export type PolicyNames = ReadonlyMap<string, PolicySummary>;

interface Words {
  zh: string;
  en: string;
}
const say = (w: Words | undefined, fallback: string) => (w ? t(w.zh, w.en) : fallback);

const JOB_STATUS: Record<string, Words> = {
  running: { zh: '导入中', en: 'running' },
  completed: { zh: '已完成', en: 'completed' },
  interrupted: { zh: '已中断', en: 'interrupted' },
  refused: { zh: '未通过检查，未登记', en: 'refused: nothing registered' },
};
const JOB_PHASE: Record<string, Words> = {
  queued: { zh: '排队等待检查', en: 'waiting to be checked' },
  checking: { zh: '正在检查文件', en: 'checking the file' },
  registering: { zh: '正在登记', en: 'registering' },
  done: { zh: '已结束', en: 'done' },
};
const JOB_ROW_STATUS: Record<string, Words> = {
  pending: { zh: '待处理', en: 'pending' },
  registered: { zh: '已登记', en: 'registered' },
  unchanged: { zh: '未变（已登记）', en: 'unchanged (registered before)' },
  failed: { zh: '失败', en: 'failed' },
  invalid: { zh: '有错误，未登记', en: 'has errors, not registered' },
  skipped: { zh: '未登记（文件未通过检查）', en: 'not registered (file refused)' },
};
const REPORT_ROW_STATUS: Record<string, Words> = {
  new: { zh: '将登记', en: 'to register' },
  unchanged: { zh: '已登记，不变', en: 'registered, unchanged' },
  invalid: { zh: '有错误', en: 'has errors' },
};
const SEVERITY: Record<string, Words> = {
  error: { zh: '错误', en: 'error' },
  warning: { zh: '提醒', en: 'warning' },
  info: { zh: '说明', en: 'note' },
};

export const jobStatusWord = (s: string) => say(JOB_STATUS[s], s);
export const jobPhaseWord = (s: string) => say(JOB_PHASE[s], s);
export const jobRowStatusWord = (s: string) => say(JOB_ROW_STATUS[s], s);
export const reportRowStatusWord = (s: string) => say(REPORT_ROW_STATUS[s], s);
export const severityWord = (s: string) => say(SEVERITY[s], s);

/** Codes of numbers used twice in the file, or already registered for another case. */
export const DUPLICATE_CODES = ['DUPLICATE_NUMBER_IN_FILE', 'NUMBER_TAKEN'];

/** “第5行“标题”：标题不能为空” → “标题不能为空” (row and column have their own cells). */
export const bareMessage = (m: string | null | undefined) =>
  String(m ?? '').replace(/^第\d+行(“[^”]*”)?：/, '');

/** 第5行, or 整个文件 for a finding about the whole file. */
export const rowCell = (row: number | null | undefined) =>
  row === null || row === undefined ? t('整个文件', 'whole file') : t(`第${row}行`, `row ${row}`);

/** 人大十五届三次会议（大会期间）· 全国（国家层面）: the session a list belongs to. */
export function sessionText(s: ImportSession | undefined, policies: PolicyNames): string {
  if (!s) return '—';
  const p = policies.get(s.jurisdiction);
  const during =
    s.duringSession === false ? t('闭会期间', 'after the session') : t('大会期间', 'during the session');
  const where = lang.value === 'en' ? (p?.nameEn ?? p?.name) : p?.name;
  return `${sessionRef(s)}${t(`（${during}）`, ` (${during})`)} · ${where ?? s.jurisdiction}`;
}

/**
 * The case list filtered to what an import registered (the list reads these query parameters);
 * the order is the one links have always had: jurisdiction, channel, term, session.
 */
export const casesQuery = (s: ImportSession) => ({
  jurisdiction: s.jurisdiction,
  channel: s.channel,
  term: String(s.term),
  session: String(s.session),
});
