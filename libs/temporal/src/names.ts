/** Task queue for every case workflow and its activities. Override with TEMPORAL_TASK_QUEUE. */
export const DEFAULT_TASK_QUEUE = 'banli-cases';
export const DEFAULT_NAMESPACE = 'default';

/**
 * Custom search attributes, with their Temporal types. MySQL 8 visibility allows 10 Keyword and
 * 3 each of Datetime/Int/Bool/Double/Text/KeywordList per namespace: this uses 4 Keyword,
 * 1 Datetime and 2 Bool, leaving room for later reports.
 */
export const SEARCH_ATTRIBUTES = {
  BanliStage: 'Keyword',
  BanliLeadUnit: 'Keyword',
  BanliJurisdiction: 'Keyword',
  BanliSession: 'Keyword',
  BanliNextDueAt: 'Datetime',
  BanliOverdue: 'Bool',
  BanliKeyCase: 'Bool',
} as const;

/** `--search-attribute` flags for `temporal server start-dev` / `temporal operator search-attribute create`. */
export function searchAttributeFlags(): string[] {
  return Object.entries(SEARCH_ATTRIBUTES).flatMap(([k, t]) => ['--search-attribute', `${k}=${t}`]);
}

export interface ProposalKey {
  jurisdiction: string;
  channel: string;
  term: number;
  session: number;
  number: string;
}

/**
 * Business-key workflow id: registering the same proposal twice collides on this id,
 * so a duplicate is refused by Temporal itself and is visible in the Temporal UI.
 */
export function proposalWorkflowId(k: ProposalKey): string {
  return `proposal:${k.jurisdiction}:${k.channel}:${k.term}-${k.session}:${k.number}`;
}

/**
 * Ids carry the task queue, so several deployments can share one namespace: the long-lived mail
 * dispatcher workflow and the daily digest schedule.
 */
export const scheduleIds = (taskQueue: string) => ({
  mailDispatch: `${taskQueue}-mail-dispatch`,
  dailyDigest: `${taskQueue}-daily-digest`,
});
