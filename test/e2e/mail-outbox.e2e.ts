import { randomUUID } from 'node:crypto';
import { Repository, type DataSource } from 'typeorm';
import {
  Mailer,
  MAIL_KINDS,
  Outbox,
  PermanentMailError,
  renderMail,
  TemporaryMailError,
  type MailKind,
} from '@banli/mail';
import { exampleData } from '@banli/mail/render/examples';
import { createNotificationActivities } from '@banli/activities/notification.activities';
import { MailCatcher, type CaughtMail } from '../../scripts/stack/mail-catcher';
import { freePort } from '../../scripts/stack/proc';
import { testConfig } from '../support/env';
import { migrate } from './harness';

// Outbox + Mailer against a real SMTP server (MailCatcher: smtp-server + mailparser) and the
// private MariaDB that `npm test` starts. Every test uses its own proposal id and addresses.

let catcher: MailCatcher;
let smtpPort: number;
let ds: DataSource;
let mailer: Mailer;
let outbox: Outbox;
const proposalIds: string[] = [];

function newCase(): { proposalId: string; tag: string } {
  const proposalId = randomUUID();
  proposalIds.push(proposalId);
  return { proposalId, tag: proposalId.slice(0, 8) };
}

function mailsTo(address: string): CaughtMail[] {
  return catcher.messages.filter((m) => m.envelope.to.includes(address));
}

async function row(id: string) {
  const [r] = await ds.query(
    'SELECT `status`, `attempts`, `last_error` AS lastError, `message_id` AS messageId, `sent_at` AS sentAt FROM `outbox` WHERE `id` = ?',
    [id],
  );
  return r as {
    status: string;
    attempts: number;
    lastError: string | null;
    messageId: string | null;
    sentAt: Date | null;
  };
}

/** A plain mail enqueued for a fresh case. */
async function enqueueOne(recipient: string, proposalId: string, kind = 'deadlineReminder') {
  const m = renderMail(
    'deadlineReminder',
    exampleData(`https://banli.example.gov.cn/cases/${proposalId}`).deadlineReminder,
  );
  return outbox.enqueue({
    proposalId,
    unitId: 'unit-1',
    kind,
    dueAt: '2026-06-30T16:00:00.000Z',
    recipient,
    subject: m.subject,
    text: m.text,
    html: m.html,
  });
}

beforeAll(async () => {
  smtpPort = await freePort();
  catcher = new MailCatcher();
  await catcher.start(smtpPort);
  const cfg = testConfig({
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtpPort),
    SMTP_SECURE: 'false',
    MAIL_FROM: '办理系统 <banli@test.banli.local>',
  });
  ds = await migrate(cfg);
  mailer = new Mailer(cfg.smtp);
  outbox = new Outbox(ds, mailer, { messageIdDomain: 'test.banli.local' });
});

afterEach(() => {
  catcher.tempFail = false;
  catcher.rejectRecipients = null;
});

afterAll(async () => {
  if (ds?.isInitialized) {
    if (proposalIds.length) await ds.query('DELETE FROM `outbox` WHERE `proposal_id` IN (?)', [proposalIds]);
    await ds.destroy();
  }
  mailer?.close();
  await catcher?.stop();
});

/** Chinese dates each kind's example must carry through SMTP. */
const DATES: Record<MailKind, string[]> = {
  assigned: ['2026年3月31日', '2026年4月3日', '2026年6月30日'],
  signForReminder: ['2026年4月3日'],
  deadlineReminder: ['2026年6月30日'],
  overdue: ['2026年6月30日', '2026年7月3日'],
  adjustmentRequested: ['2026年4月2日', '2026年4月9日'],
  adjustmentDecided: ['2026年4月8日'],
  extensionRequested: ['2026年6月30日', '2026年7月31日'],
  draftSubmitted: ['2026年6月20日'],
  draftSignedOff: ['2026年6月22日'],
  draftReturned: ['2026年6月21日'],
  countersignRequested: ['2026年6月18日', '2026年6月23日'],
  countersignChanges: ['2026年6月19日'],
  reviewRequested: ['2026年6月22日'],
  replyReviewed: ['2026年6月24日'],
  replyReturned: ['2026年6月23日'],
  extensionDecided: ['2026年6月30日', '2026年7月31日'],
  extensionNotice: ['2026年6月30日', '2026年7月31日'],
  opinionReceived: ['2026年4月28日'],
  replied: ['2026年6月25日'],
  feedbackRequested: ['2026年7月16日'],
  rehandling: ['2026年8月31日'],
  trackingUpdate: ['2026年12月15日', '2027年6月30日'],
  urged: ['2026年6月20日', '2026年6月30日'],
  keyCase: ['2026年4月15日', '2026年6月30日'],
  dailyDigest: ['2026年7月3日'],
};

describe('mail outbox over real SMTP', () => {
  it('renders, enqueues and delivers every kind; each parses back intact', async () => {
    const { proposalId, tag } = newCase();
    const link = `https://banli.example.gov.cn/cases/${proposalId}?unit=u1&t=${tag}`;
    const data = exampleData(link);
    const sent = new Map<MailKind, { id: string; recipient: string; subject: string }>();
    for (const kind of MAIL_KINDS) {
      const m = renderMail(kind, data[kind] as never);
      const recipient = `${kind.toLowerCase()}-${tag}@example.gov.cn`;
      const r = await outbox.enqueue({
        proposalId,
        unitId: kind === 'dailyDigest' ? null : 'unit-1',
        kind,
        dueAt: null,
        recipient,
        ...m,
      });
      const res = await outbox.deliver(r.id);
      expect(res.outcome).toBe('sent');
      sent.set(kind, { id: r.id, recipient, subject: m.subject });
    }

    for (const [kind, s] of sent) {
      const [mail, ...more] = mailsTo(s.recipient);
      expect(more).toHaveLength(0);
      expect(mail.to).toEqual([s.recipient]);
      expect(mail.from).toContain('banli@test.banli.local');
      expect(mail.subject).toBe(s.subject);
      expect(mail.subject).toMatch(/^【[\u4e00-\u9fff]+】/);
      for (const d of DATES[kind]) {
        expect(mail.text).toContain(d);
        expect(mail.html).toContain(d);
      }
      expect(mail.text).toContain(link);
      expect(mail.html).toContain(`href="${link.replace(/&/g, '&amp;')}"`);
      expect(mail.text).toContain('English version');
      expect(mail.headers['x-banli-outbox-id']).toBe(s.id);
      expect(mail.headers['x-banli-kind']).toBe(kind);
      expect(mail.headers['auto-submitted']).toBe('auto-generated');
      expect(mail.headers['message-id']).toBe(`<${s.id}@test.banli.local>`);
    }

    const list = await outbox.listForCase(proposalId);
    expect(list.map((x) => x.kind).sort()).toEqual([...MAIL_KINDS].sort());
    for (const x of list) {
      expect(x).toMatchObject({
        status: 'sent',
        attempts: 1,
        lastError: null,
        messageId: `<${x.id}@test.banli.local>`,
      });
      expect(Date.parse(x.sentAt!)).toBeGreaterThan(Date.now() - 10 * 60_000);
    }
  });

  it('enqueue twice and deliver twice → one row and exactly one mail', async () => {
    const { proposalId, tag } = newCase();
    const to = `twice-${tag}@example.gov.cn`;
    const a = await enqueueOne(to, proposalId);
    const b = await enqueueOne(to, proposalId);
    expect(b.id).toBe(a.id);
    expect((await outbox.deliver(a.id)).outcome).toBe('sent');
    expect((await outbox.deliver(b.id)).outcome).toBe('alreadySent');
    expect(mailsTo(to)).toHaveLength(1);
    expect(await outbox.listForCase(proposalId)).toHaveLength(1);
    // A different due instant is a different reminder.
    const c = await outbox.enqueue({
      proposalId,
      unitId: 'unit-1',
      kind: 'deadlineReminder',
      dueAt: '2026-07-31T16:00:00.000Z',
      recipient: to,
      subject: 's',
      text: 't',
    });
    expect(c.id).not.toBe(a.id);
  });

  it("an enqueue that loses the insert race returns the winner's row (duplicate key caught)", async () => {
    const { proposalId, tag } = newCase();
    const to = `dup-${tag}@example.gov.cn`;
    const first = await enqueueOne(to, proposalId);
    // Make the look-up miss, as when two workers check at the same instant: the INSERT then hits
    // the unique index and enqueue must fall back to the existing row.
    const spy = jest.spyOn(Repository.prototype, 'findOneBy').mockResolvedValueOnce(null);
    try {
      const second = await enqueueOne(to, proposalId);
      expect(spy).toHaveBeenCalled();
      expect(second.id).toBe(first.id);
    } finally {
      spy.mockRestore();
    }
    expect(await outbox.listForCase(proposalId)).toHaveLength(1);
  });

  it('concurrent enqueues and deliveries of one message → one row, one mail', async () => {
    const { proposalId, tag } = newCase();
    const to = `race-${tag}@example.gov.cn`;
    const rows = await Promise.all(Array.from({ length: 6 }, () => enqueueOne(to, proposalId)));
    expect(new Set(rows.map((r) => r.id)).size).toBe(1);
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => outbox.deliver(rows[0].id)));
    const sentNow = results.filter((r) => r.status === 'fulfilled' && r.value.outcome === 'sent');
    expect(sentNow).toHaveLength(1);
    for (const r of results) {
      if (r.status === 'rejected')
        expect(r.reason).toBeInstanceOf(TemporaryMailError); // another worker held the claim
      else expect(['sent', 'alreadySent']).toContain(r.value.outcome);
    }
    expect(mailsTo(to)).toHaveLength(1);
    expect(await row(rows[0].id)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('451 from the relay → TemporaryMailError, row pending with attempts=1; relay back → delivered once', async () => {
    const { proposalId, tag } = newCase();
    const to = `tempfail-${tag}@example.gov.cn`;
    const r = await enqueueOne(to, proposalId);
    catcher.tempFail = true;
    const err = await outbox.deliver(r.id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TemporaryMailError);
    expect(err).toMatchObject({ retryable: true, responseCode: 451, outboxId: r.id });
    const after = await row(r.id);
    expect(after).toMatchObject({ status: 'pending', attempts: 1, messageId: null });
    expect(after.lastError).toContain('451');
    expect(mailsTo(to)).toHaveLength(0);
    expect((await outbox.listFailed({ includeRetrying: true })).map((x) => x.id)).toContain(r.id);
    expect((await outbox.listFailed()).map((x) => x.id)).not.toContain(r.id);

    catcher.tempFail = false;
    expect((await outbox.deliver(r.id)).outcome).toBe('sent');
    expect((await outbox.deliver(r.id)).outcome).toBe('alreadySent');
    expect(mailsTo(to)).toHaveLength(1);
    expect(await row(r.id)).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
  });

  it('relay down → TemporaryMailError, row pending; relay up again → delivered once', async () => {
    const { proposalId, tag } = newCase();
    const to = `down-${tag}@example.gov.cn`;
    const r = await enqueueOne(to, proposalId);
    await catcher.stop();
    try {
      const err = await outbox.deliver(r.id).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(TemporaryMailError);
      expect(['ESOCKET', 'ECONNECTION', 'ECONNREFUSED']).toContain((err as TemporaryMailError).code);
      expect(await row(r.id)).toMatchObject({ status: 'pending', attempts: 1 });
    } finally {
      await catcher.start(smtpPort);
    }
    expect((await outbox.deliver(r.id)).outcome).toBe('sent');
    expect(mailsTo(to)).toHaveLength(1);
    expect(await row(r.id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('550 on RCPT → PermanentMailError, row failed with the reason; a further deliver sends nothing', async () => {
    const { proposalId, tag } = newCase();
    const to = `gone-${tag}@example.gov.cn`;
    const r = await enqueueOne(to, proposalId);
    catcher.rejectRecipients = /^gone-/;
    const err = await outbox.deliver(r.id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentMailError);
    expect(err).toMatchObject({ retryable: false, responseCode: 550, code: 'EENVELOPE' });
    const failed = await row(r.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed.lastError).toContain('550');
    expect(failed.lastError).toContain('mailbox unavailable');

    catcher.rejectRecipients = null;
    expect((await outbox.deliver(r.id)).outcome).toBe('alreadyFailed');
    expect(mailsTo(to)).toHaveLength(0);
    const listed = (await outbox.listFailed()).find((x) => x.id === r.id);
    expect(listed).toMatchObject({ status: 'failed', recipient: to, proposalId });

    // the office re-sends it to a corrected address: queued again (still on the attention list
    // until sent), a second re-send is refused while it is pending, then delivered once
    const fixed = `fixed-${tag}@example.gov.cn`;
    const resent = await outbox.resend(r.id, { by: 'office-1', recipient: fixed });
    expect(resent).toMatchObject({
      outcome: 'resent',
      message: { status: 'pending', attempts: 0, recipient: fixed, originalRecipient: to, resendCount: 1 },
    });
    expect((await outbox.listFailed()).map((x) => x.id)).not.toContain(r.id);
    expect((await outbox.listFailed({ includeRetrying: true })).map((x) => x.id)).toContain(r.id);
    expect((await outbox.resend(r.id, { by: 'office-2' })).outcome).toBe('notFailed');
    expect((await outbox.deliver(r.id)).outcome).toBe('sent');
    expect(mailsTo(fixed)).toHaveLength(1);
    expect(mailsTo(to)).toHaveLength(0);
    expect((await outbox.listFailed({ includeRetrying: true })).map((x) => x.id)).not.toContain(r.id);
    expect((await outbox.resend(randomUUID(), { by: 'office-1' })).outcome).toBe('notFound');
  });

  it('an address SMTP cannot carry → PermanentMailError without contacting the relay', async () => {
    const { proposalId } = newCase();
    const r = await enqueueOne('科技局 办公室', proposalId);
    const before = catcher.messages.length;
    const err = await outbox.deliver(r.id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentMailError);
    expect(err).toMatchObject({ code: 'EADDRESS' });
    expect(await row(r.id)).toMatchObject({ status: 'failed' });
    expect(catcher.messages.length).toBe(before);
  });

  it('a row another worker is sending is left alone until its lease expires, then sent once', async () => {
    const { proposalId, tag } = newCase();
    const to = `lease-${tag}@example.gov.cn`;
    const r = await enqueueOne(to, proposalId);
    // A worker claimed it and is still within its lease.
    await ds.query(
      "UPDATE `outbox` SET `status` = 'sending', `attempts` = 1, `updated_at` = UTC_TIMESTAMP(3) WHERE `id` = ?",
      [r.id],
    );
    const err = await outbox.deliver(r.id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TemporaryMailError);
    expect(err).toMatchObject({ code: 'EINFLIGHT' });
    expect(mailsTo(to)).toHaveLength(0);

    // That worker died: after the lease the row is taken over and sent.
    await ds.query(
      'UPDATE `outbox` SET `updated_at` = UTC_TIMESTAMP(3) - INTERVAL 10 MINUTE WHERE `id` = ?',
      [r.id],
    );
    expect((await outbox.deliver(r.id)).outcome).toBe('sent');
    expect(mailsTo(to)).toHaveLength(1);
    expect(await row(r.id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('an unknown id is a permanent error', async () => {
    await expect(outbox.deliver(randomUUID())).rejects.toBeInstanceOf(PermanentMailError);
  });

  it('the dispatcher pass reaches a due retry behind more than a batch of rows still in backoff', async () => {
    const { proposalId, tag } = newCase();
    // a long relay outage: 201 older messages have failed once and wait out their backoff …
    const waiting: string[] = [];
    for (let i = 0; i < 201; i += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, 201 - i) }, (_, k) =>
          enqueueOne(`backoff-${tag}-${i + k}@example.gov.cn`, proposalId),
        ),
      );
      waiting.push(...batch.map((r) => r.id));
    }
    await ds.query(
      "UPDATE `outbox` SET `attempts` = 1, `last_error` = '451', `updated_at` = UTC_TIMESTAMP(3) WHERE `id` IN (?)",
      [waiting],
    );
    // … and a newer one failed an hour ago: its retry is due
    const dueTo = `due-${tag}@example.gov.cn`;
    const due = await enqueueOne(dueTo, proposalId);
    await ds.query(
      "UPDATE `outbox` SET `attempts` = 1, `last_error` = '451', `updated_at` = UTC_TIMESTAMP(3) - INTERVAL 1 HOUR WHERE `id` = ?",
      [due.id],
    );
    const activities = createNotificationActivities({
      dataSource: ds,
      outbox,
      taskLink: () => 'https://banli.example.gov.cn/t',
      caseLink: () => 'https://banli.example.gov.cn/c',
      retryBaseMs: 60_000,
    });
    await activities.deliverPendingMail();
    expect(mailsTo(dueTo)).toHaveLength(1);
    expect(await row(due.id)).toMatchObject({ status: 'sent', attempts: 2 });
    // the ones in backoff were left alone
    expect(
      catcher.messages.filter((m) => m.envelope.to.some((t) => t.startsWith(`backoff-${tag}`))),
    ).toHaveLength(0);
    expect(await row(waiting[0])).toMatchObject({ status: 'pending', attempts: 1 });
  });
});
