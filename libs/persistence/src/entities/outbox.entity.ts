import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CreatedAt, UpdatedAt } from './columns';

/**
 * Outgoing mail, one row per message. dedupe_key = case|unit|kind|due instant|recipient:
 * a retried activity or restarted worker finds the row and never sends twice.
 */
@Entity({ name: 'outbox' })
@Index('ix_outbox_status', ['status'])
export class OutboxEntity {
  @PrimaryColumn({ type: 'char', length: 36 })
  id: string;

  @Column({ name: 'dedupe_key', type: 'varchar', length: 255, unique: true })
  dedupeKey: string;

  @Column({ name: 'proposal_id', type: 'char', length: 36, nullable: true })
  proposalId: string | null;

  @Column({ name: 'unit_id', type: 'varchar', length: 64, nullable: true })
  unitId: string | null;

  @Column({ type: 'varchar', length: 48 })
  kind: string;

  @Column({ name: 'due_at', type: 'datetime', precision: 3, nullable: true })
  dueAt: Date | null;

  @Column({ type: 'varchar', length: 254 })
  recipient: string;

  @Column({ type: 'varchar', length: 500 })
  subject: string;

  @Column({ name: 'body_text', type: 'mediumtext' })
  bodyText: string;

  @Column({ name: 'body_html', type: 'mediumtext', nullable: true })
  bodyHtml: string | null;

  /** pending | sent | failed (permanent) */
  @Column({ type: 'varchar', length: 16 })
  status: string;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'message_id', type: 'varchar', length: 255, nullable: true })
  messageId: string | null;

  @Column({ name: 'sent_at', type: 'datetime', precision: 3, nullable: true })
  sentAt: Date | null;

  /** Times the office re-sent this message after it failed, the last by whom and when. */
  @Column({ name: 'resend_count', type: 'int', default: 0 })
  resendCount: number;

  @Column({ name: 'resent_by', type: 'varchar', length: 64, nullable: true })
  resentBy: string | null;

  @Column({ name: 'resent_at', type: 'datetime', precision: 3, nullable: true })
  resentAt: Date | null;

  /** The address the message was first queued for, when a re-send changed it. */
  @Column({ name: 'original_recipient', type: 'varchar', length: 254, nullable: true })
  originalRecipient: string | null;

  @CreatedAt()
  createdAt: Date;

  @UpdatedAt()
  updatedAt: Date;
}
