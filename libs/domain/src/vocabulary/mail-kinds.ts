/** Kinds of mail Banli sends (one template each, in libs/mail) and the outbox kinds derived from them. */

export const MAIL_KINDS = [
  'assigned',
  'signForReminder',
  'deadlineReminder',
  'overdue',
  'adjustmentRequested',
  'adjustmentDecided',
  'extensionRequested',
  'extensionDecided',
  'extensionNotice',
  'opinionReceived',
  'draftSubmitted',
  'draftSignedOff',
  'draftReturned',
  'countersignRequested',
  'countersignChanges',
  'reviewRequested',
  'replyReviewed',
  'replyReturned',
  'replied',
  'feedbackRequested',
  'rehandling',
  'trackingUpdate',
  'urged',
  'keyCase',
  'dailyDigest',
] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/**
 * An outbox row's kind: the mail kind, then details that keep distinct messages apart —
 * `<days>d` (a reminder's offset), a clock id, `r<round>` (handling round). Examples:
 * `deadlineReminder.3d.mainReply`, `overdue.signFor`, `replied.r2`. Mail that may repeat with the
 * same kind (a 催办, each draft sent for countersignature) is kept apart by its due instant, the
 * other part of the outbox's dedupe key: the instant of the event (for 会签, when the draft was made).
 */
export function outboxKind(kind: MailKind, ...details: (string | number)[]): string {
  return [kind, ...details.map(String)].join('.');
}

/**
 * The outbox kind's part for a reminder `daysBefore` the due instant: `3d`, or for the fractions of a
 * drill's minutes rule the whole minutes, `2m`.
 */
export function reminderOffsetPart(daysBefore: number): string {
  return Number.isInteger(daysBefore) ? `${daysBefore}d` : `${Math.round(daysBefore * 1440)}m`;
}

export interface OutboxKindParts {
  kind: string;
  /** Days before the due instant (reminders). */
  daysBefore?: number;
  /** Minutes before the due instant (reminders of a drill's minutes rule). */
  minutesBefore?: number;
  clock?: string;
  round?: number;
  /** Number of a tracking report (`n<no>`). */
  reportNo?: number;
  /** A day written yyyymmdd (e.g. the new due day of an extension notice), as YYYY-MM-DD. */
  day?: string;
}

/** Splits an outbox kind into its parts (the inverse of outboxKind). */
export function parseOutboxKind(outbox: string): OutboxKindParts {
  const [kind, ...rest] = outbox.split('.');
  const out: OutboxKindParts = { kind };
  for (const part of rest) {
    const days = /^(\d+)d$/.exec(part);
    const minutes = /^(\d+)m$/.exec(part);
    const round = /^r(\d+)$/.exec(part);
    const report = /^n(\d+)$/.exec(part);
    const day = /^(\d{4})(\d{2})(\d{2})$/.exec(part);
    if (days) out.daysBefore = Number(days[1]);
    else if (minutes) out.minutesBefore = Number(minutes[1]);
    else if (round) out.round = Number(round[1]);
    else if (report) out.reportNo = Number(report[1]);
    else if (day) out.day = `${day[1]}-${day[2]}-${day[3]}`;
    else if (part) out.clock = part;
  }
  return out;
}
