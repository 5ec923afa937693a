import { outboxKindLabel } from '@banli/domain';
import { createHash, randomUUID } from 'node:crypto';
import type { DataSource, Repository } from 'typeorm';
import { OutboxEntity } from '@banli/persistence/entities/outbox.entity';
import type { Mailer } from './transport';

/*
 * Outbox: every notification is first a row, then at most one SMTP transaction at a time.
 *
 * Row states (the `status` column; the entity comment predates 'sending'):
 *   pending ──claim──▶ sending ──250──▶ sent
 *      ▲                  │ 4xx / network         │ 5xx / bad address
 *      └──────────────────┘                       ▼
 *                                               failed
 *
 * A worker claims a row with one atomic UPDATE … WHERE status='pending' (or a 'sending' row whose
 * lease ran out); the claim bumps `attempts`, which then serves as a fencing token, and stamps
 * `updated_at` as the lease start. Only one worker can win a claim, so concurrent activities and
 * retries never send the same row twice while its lease is live.
 *
 * Trade-off: if a worker dies after the relay accepted the message but before the row is marked
 * sent, the row stays 'sending'; once the lease expires another worker sends it again. That makes
 * delivery at-least-once in that narrow window (a duplicate mail, with the same Message-ID so
 * clients can fold it) rather than at-most-once (a statutory notice silently lost). The lease must
 * outlast one SMTP transaction (the Mailer's timeouts add up to well under a minute).
 */

/** Status of an outbox row. */
export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed';

/** A message to put in the outbox (rendered already, see renderMail). */
export interface EnqueueInput {
  proposalId: string | null;
  unitId?: string | null;
  /** Mail kind, e.g. 'assigned', 'deadlineReminder'. */
  kind: string;
  /** The due instant the mail is about (reminders), part of the dedupe key. */
  dueAt?: Date | string | null;
  /** One plain address (addr-spec), e.g. unit@example.gov.cn. */
  recipient: string;
  subject: string;
  text: string;
  html?: string | null;
}

/** Delivery status of one message, without its body (for the office's views). */
export interface OutboxMessageStatus {
  id: string;
  proposalId: string | null;
  unitId: string | null;
  kind: string;
  /** The kind as people read it, e.g. 答复通知（第1轮） (outboxKindLabel). */
  kindLabel: string;
  dueAt: string | null;
  recipient: string;
  subject: string;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  messageId: string | null;
  sentAt: string | null;
  /** Times the office re-sent it after a failure; who did it last and when. */
  resendCount: number;
  resentBy: string | null;
  resentAt: string | null;
  /** The address first queued, when a re-send went to a corrected one. */
  originalRecipient: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What a re-send request did; `resent` puts the message back in the queue for the dispatcher. */
export type ResendResult =
  | { outcome: 'resent'; message: OutboxMessageStatus }
  | { outcome: 'notFound' }
  | { outcome: 'notFailed'; message: OutboxMessageStatus }
  | { outcome: 'badRecipient'; message: OutboxMessageStatus };

/** What one deliver() call did. */
export interface DeliveryResult {
  /** sent: this call sent it; alreadySent / alreadyFailed: nothing was sent. */
  outcome: 'sent' | 'alreadySent' | 'alreadyFailed';
  message: OutboxMessageStatus;
}

export interface OutboxOptions {
  /** How long a claim protects a row being sent (ms); default 5 minutes. */
  leaseMs?: number;
  /** Right-hand side of the Message-ID `<outbox-id@domain>`; default banli.local. */
  messageIdDomain?: string;
}

interface MailErrorDetails {
  outboxId?: string;
  code?: string;
  responseCode?: number;
  cause?: unknown;
}

/** Base of the outbox delivery errors. */
export abstract class MailDeliveryError extends Error {
  abstract readonly retryable: boolean;
  readonly outboxId?: string;
  readonly code?: string;
  readonly responseCode?: number;

  constructor(message: string, details: MailErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.outboxId = details.outboxId;
    this.code = details.code;
    this.responseCode = details.responseCode;
  }
}

/**
 * The relay could not take the message now (4xx, network, another worker holds the row): the row
 * is pending again and a later deliver() may succeed. Let the activity's retry policy retry it.
 */
export class TemporaryMailError extends MailDeliveryError {
  readonly retryable = true;
  override readonly name = 'TemporaryMailError';
}

/**
 * The message can never be delivered as it is (5xx, invalid address): the row is failed. Callers
 * make it a non-retryable failure (e.g. list 'PermanentMailError' in nonRetryableErrorTypes).
 */
export class PermanentMailError extends MailDeliveryError {
  readonly retryable = false;
  override readonly name = 'PermanentMailError';
}

const TEMPORARY_CODES = new Set([
  'ESOCKET',
  'ECONNECTION',
  'ETIMEDOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'EDNS',
  'EPROTOCOL',
  // Our own relay setup (credentials, TLS): fixing the configuration makes the same message
  // deliverable, so the row must not be written off as failed.
  'EAUTH',
  'ENOAUTH',
  'ETLS',
  'EREQUIRETLS',
]);

/**
 * Whether an error from `Mailer.send` is worth retrying: 4xx replies and connection problems are
 * temporary; 5xx replies and address errors are permanent. Unknown errors count as temporary
 * (the activity's retry policy bounds them).
 */
export function classifySmtpError(err: unknown): 'temporary' | 'permanent' {
  const e = (err ?? {}) as { code?: unknown; responseCode?: unknown; errno?: unknown };
  const code = typeof e.code === 'string' ? e.code : undefined;
  if (code && TEMPORARY_CODES.has(code)) return 'temporary';
  if (typeof e.errno === 'string' && TEMPORARY_CODES.has(e.errno)) return 'temporary';
  const rc = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  if (rc !== undefined && rc >= 400 && rc < 500) return 'temporary';
  if (rc !== undefined && rc >= 500 && rc < 600) return 'permanent';
  // Nodemailer refuses a malformed envelope before talking to the relay (no response code).
  if (code === 'EENVELOPE' || code === 'EMESSAGE') return 'permanent';
  return 'temporary';
}

/** One line for `last_error`: code, SMTP reply code and the server's words. */
export function describeMailError(err: unknown): string {
  const e = (err ?? {}) as { code?: unknown; responseCode?: unknown; response?: unknown; message?: unknown };
  const head = [e.code, e.responseCode].filter((x) => x !== undefined && x !== null && x !== '').join(' ');
  const text = typeof e.response === 'string' && e.response ? e.response : String(e.message ?? err);
  const line = (head ? `${head}: ${text}` : text).replace(/\s+/g, ' ').trim();
  return line.length > 1000 ? `${line.slice(0, 999)}…` : line;
}

const MAX_KEY = 255;

/**
 * Dedupe key `${proposalId}|${unitId ?? '-'}|${kind}|${dueAt ISO ?? '-'}|${recipient}`. The address
 * is compared case-insensitively; a key longer than the column keeps a prefix plus a SHA-256.
 */
export function outboxDedupeKey(
  m: Pick<EnqueueInput, 'proposalId' | 'unitId' | 'kind' | 'dueAt' | 'recipient'>,
): string {
  const due = m.dueAt == null ? '-' : toDate(m.dueAt).toISOString();
  const key = `${m.proposalId ?? '-'}|${m.unitId ?? '-'}|${m.kind}|${due}|${m.recipient.trim().toLowerCase()}`;
  if (key.length <= MAX_KEY) return key;
  const hash = createHash('sha256').update(key).digest('hex');
  return `${key.slice(0, MAX_KEY - hash.length - 1)}#${hash}`;
}

function toDate(v: Date | string): Date {
  const d = v instanceof Date ? v : new Date(v);
  if (Number.isNaN(d.getTime())) throw new RangeError(`invalid dueAt: ${String(v)}`);
  return d;
}

// Deliberately loose: the relay is the judge; this only stops what SMTP cannot carry at all.
const ADDRESS_RE = /^[^\s@<>()[\]",;:\\]+@[^\s@<>()[\]",;:\\]+$/;

function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: unknown; errno?: unknown; driverError?: { code?: unknown } } | null;
  return e?.code === 'ER_DUP_ENTRY' || e?.errno === 1062 || e?.driverError?.code === 'ER_DUP_ENTRY';
}

function iso(d: Date | null): string | null {
  return d ? d.toISOString() : null;
}

function view(r: OutboxEntity): OutboxMessageStatus {
  return {
    id: r.id,
    proposalId: r.proposalId,
    unitId: r.unitId,
    kind: r.kind,
    kindLabel: outboxKindLabel(r.kind),
    dueAt: iso(r.dueAt),
    recipient: r.recipient,
    subject: r.subject,
    status: r.status as OutboxStatus,
    attempts: r.attempts,
    lastError: r.lastError,
    messageId: r.messageId,
    sentAt: iso(r.sentAt),
    resendCount: r.resendCount,
    resentBy: r.resentBy,
    resentAt: iso(r.resentAt),
    originalRecipient: r.originalRecipient,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** Idempotent mail sending through the `outbox` table. */
export class Outbox {
  private readonly repo: Repository<OutboxEntity>;
  private readonly leaseMs: number;
  private readonly messageIdDomain: string;

  constructor(
    private readonly ds: DataSource,
    private readonly mailer: Pick<Mailer, 'send'>,
    opts: OutboxOptions = {},
  ) {
    this.repo = ds.getRepository(OutboxEntity);
    this.leaseMs = opts.leaseMs ?? 5 * 60_000;
    this.messageIdDomain = opts.messageIdDomain ?? 'banli.local';
  }

  /**
   * Stores a message once per dedupe key and returns its row; a second call with the same key
   * (a retried activity, a concurrent worker) returns the existing row unchanged.
   */
  async enqueue(m: EnqueueInput): Promise<OutboxEntity> {
    const dedupeKey = outboxDedupeKey(m);
    // Look first so the common retry path does not log a failed INSERT.
    const existing = await this.repo.findOneBy({ dedupeKey });
    if (existing) return existing;
    try {
      await this.repo.insert({
        id: randomUUID(),
        dedupeKey,
        proposalId: m.proposalId,
        unitId: m.unitId ?? null,
        kind: m.kind,
        dueAt: m.dueAt == null ? null : toDate(m.dueAt),
        recipient: m.recipient.trim(),
        subject: m.subject,
        bodyText: m.text,
        bodyHtml: m.html ?? null,
        status: 'pending',
        attempts: 0,
      });
    } catch (err) {
      // Lost a race with another enqueue of the same key: the unique index decided, use its row.
      if (!isDuplicateKey(err)) throw err;
    }
    return this.repo.findOneByOrFail({ dedupeKey });
  }

  /**
   * Sends a pending message exactly once. Returns without sending when it was sent or failed
   * before. Throws TemporaryMailError (row pending again, retry later) or PermanentMailError
   * (row failed, do not retry).
   */
  async deliver(id: string): Promise<DeliveryResult> {
    if (!(await this.claim(id))) {
      const row = await this.repo.findOneBy({ id });
      if (!row) {
        throw new PermanentMailError(`outbox message ${id} does not exist`, {
          outboxId: id,
          code: 'ENOTFOUND',
        });
      }
      if (row.status === 'sent') return { outcome: 'alreadySent', message: view(row) };
      if (row.status === 'failed') return { outcome: 'alreadyFailed', message: view(row) };
      throw new TemporaryMailError(`outbox message ${id} is being sent by another worker`, {
        outboxId: id,
        code: 'EINFLIGHT',
      });
    }
    const row = await this.repo.findOneByOrFail({ id });
    const fence = row.attempts;

    if (!ADDRESS_RE.test(row.recipient)) {
      const msg = `invalid recipient address: ${JSON.stringify(row.recipient)}`;
      await this.release(id, fence, 'failed', msg);
      throw new PermanentMailError(msg, { outboxId: id, code: 'EADDRESS' });
    }

    let messageId: string;
    try {
      ({ messageId } = await this.mailer.send({
        to: row.recipient,
        subject: row.subject,
        text: row.bodyText,
        html: row.bodyHtml ?? undefined,
        headers: {
          // Same id on a resend after a crash, so mail clients can fold the duplicate.
          'Message-ID': `<${row.id}@${this.messageIdDomain}>`,
          'X-Banli-Outbox-Id': row.id,
          'X-Banli-Kind': row.kind,
          // RFC 3834: keeps out-of-office replies away from a no-reply sender.
          'Auto-Submitted': 'auto-generated',
        },
      }));
    } catch (err) {
      const e = (err ?? {}) as { code?: unknown; responseCode?: unknown };
      const details = {
        outboxId: id,
        code: typeof e.code === 'string' ? e.code : undefined,
        responseCode: typeof e.responseCode === 'number' ? e.responseCode : undefined,
        cause: err,
      };
      const reason = describeMailError(err);
      if (classifySmtpError(err) === 'temporary') {
        await this.release(id, fence, 'pending', reason);
        throw new TemporaryMailError(`temporary mail failure for ${row.recipient}: ${reason}`, details);
      }
      await this.release(id, fence, 'failed', reason);
      throw new PermanentMailError(`mail to ${row.recipient} rejected: ${reason}`, details);
    }

    // Not fenced: the relay took the message, so 'sent' is the truth even if our lease lapsed.
    await this.ds.query(
      "UPDATE `outbox` SET `status` = 'sent', `message_id` = ?, `sent_at` = UTC_TIMESTAMP(3), `last_error` = NULL, `updated_at` = UTC_TIMESTAMP(3) WHERE `id` = ? AND `status` <> 'sent'",
      [messageId, id],
    );
    return { outcome: 'sent', message: view(await this.repo.findOneByOrFail({ id })) };
  }

  /** Delivery status of every message of a case, oldest first. */
  async listForCase(proposalId: string): Promise<OutboxMessageStatus[]> {
    const rows = await this.repo.find({ where: { proposalId }, order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map(view);
  }

  /**
   * Messages that failed for good, newest first (the office fixes the address and re-sends).
   * With `includeRetrying`, also messages still pending after a failed attempt or a re-send.
   */
  async listFailed(opts: { includeRetrying?: boolean; limit?: number } = {}): Promise<OutboxMessageStatus[]> {
    const qb = this.repo.createQueryBuilder('o').where('o.status = :failed', { failed: 'failed' });
    if (opts.includeRetrying)
      qb.orWhere('(o.status IN (:...open) AND (o.attempts > 0 OR o.resendCount > 0))', {
        open: ['pending', 'sending'],
      });
    const rows = await qb
      .orderBy('o.updatedAt', 'DESC')
      .addOrderBy('o.id', 'ASC')
      .take(opts.limit ?? 500)
      .getMany();
    return rows.map(view);
  }

  /**
   * Puts a message that failed for good back in the queue, optionally to a corrected address
   * (the dedupe key keeps naming the original message, so a retried case event still finds this
   * row and never mails the bad address again). Only failed messages can be re-sent: a pending
   * one is still being retried and a sent one was delivered.
   */
  async resend(id: string, opts: { by: string; recipient?: string }): Promise<ResendResult> {
    const row = await this.repo.findOneBy({ id });
    if (!row) return { outcome: 'notFound' };
    if (row.status !== 'failed') return { outcome: 'notFailed', message: view(row) };
    const recipient = opts.recipient?.trim() || row.recipient;
    if (!ADDRESS_RE.test(recipient)) return { outcome: 'badRecipient', message: view(row) };
    const changed = recipient !== row.recipient;
    const res = await this.ds.query(
      // MySQL assigns left to right: keep the old address before overwriting it
      'UPDATE `outbox` SET ' +
        '`original_recipient` = CASE WHEN ? THEN COALESCE(`original_recipient`, `recipient`) ELSE `original_recipient` END, ' +
        "`status` = 'pending', `attempts` = 0, `recipient` = ?, " +
        "`last_error` = CONCAT('重新投递前 (before re-send): ', COALESCE(`last_error`, '')), " +
        '`resend_count` = `resend_count` + 1, `resent_by` = ?, `resent_at` = UTC_TIMESTAMP(3), `updated_at` = UTC_TIMESTAMP(3) ' +
        "WHERE `id` = ? AND `status` = 'failed'",
      [changed ? 1 : 0, recipient, opts.by.slice(0, 64), id],
    );
    const now = await this.repo.findOneByOrFail({ id });
    // another office user re-sent it a moment ago
    if (affectedRows(res) !== 1) return { outcome: 'notFailed', message: view(now) };
    return { outcome: 'resent', message: view(now) };
  }

  /** Atomically takes a pending row (or one whose lease expired); true when this call won it. */
  private async claim(id: string): Promise<boolean> {
    const res = await this.ds.query(
      "UPDATE `outbox` SET `status` = 'sending', `attempts` = `attempts` + 1, `updated_at` = UTC_TIMESTAMP(3) " +
        "WHERE `id` = ? AND (`status` = 'pending' OR (`status` = 'sending' AND `updated_at` < UTC_TIMESTAMP(3) - INTERVAL ? MICROSECOND))",
      [id, Math.round(this.leaseMs * 1000)],
    );
    return affectedRows(res) === 1;
  }

  /** Ends our claim, unless another worker took the row over after our lease ran out. */
  private async release(
    id: string,
    fence: number,
    status: 'pending' | 'failed',
    reason: string,
  ): Promise<void> {
    await this.ds.query(
      "UPDATE `outbox` SET `status` = ?, `last_error` = ?, `updated_at` = UTC_TIMESTAMP(3) WHERE `id` = ? AND `status` = 'sending' AND `attempts` = ?",
      [status, reason, id, fence],
    );
  }
}

function affectedRows(res: unknown): number {
  // TypeORM hands back mysql2's ResultSetHeader for an UPDATE.
  const n = (res as { affectedRows?: unknown } | null)?.affectedRows;
  return typeof n === 'number' ? n : 0;
}
