import {
  classifySmtpError,
  describeMailError,
  outboxDedupeKey,
  PermanentMailError,
  TemporaryMailError,
} from './outbox';

// Error shapes as nodemailer 7 produces them (see stack-notes: 451 → EMESSAGE 451,
// 550 on RCPT → EENVELOPE 550, closed server → ESOCKET).
function smtpError(code: string | undefined, responseCode?: number, response?: string): Error {
  return Object.assign(new Error(response ?? code ?? 'boom'), { code, responseCode, response });
}

describe('classifySmtpError', () => {
  it.each([
    ['451 on DATA', smtpError('EMESSAGE', 451, '451 4.3.0 try again later'), 'temporary'],
    ['421 service closing', smtpError('EPROTOCOL', 421, '421 too busy'), 'temporary'],
    ['450 on RCPT (greylisting)', smtpError('EENVELOPE', 450, '450 4.2.0 greylisted'), 'temporary'],
    ['closed server', smtpError('ESOCKET'), 'temporary'],
    [
      'connection refused (errno)',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET', errno: 'ECONNREFUSED' }),
      'temporary',
    ],
    ['ECONNECTION', smtpError('ECONNECTION'), 'temporary'],
    ['ETIMEDOUT', smtpError('ETIMEDOUT'), 'temporary'],
    ['ECONNREFUSED', smtpError('ECONNREFUSED'), 'temporary'],
    ['relay credentials wrong (535)', smtpError('EAUTH', 535, '535 5.7.8 bad credentials'), 'temporary'],
    ['550 on RCPT', smtpError('EENVELOPE', 550, '550 5.1.1 mailbox unavailable'), 'permanent'],
    ['554 on DATA', smtpError('EMESSAGE', 554, '554 5.7.1 rejected as spam'), 'permanent'],
    ['552 too large', smtpError('EMESSAGE', 552), 'permanent'],
    [
      'invalid recipient (no server reply)',
      smtpError('EENVELOPE', undefined, 'Invalid recipient'),
      'permanent',
    ],
    ['unknown error', new Error('something odd'), 'temporary'],
    ['not an Error at all', 'boom', 'temporary'],
    ['null', null, 'temporary'],
  ])('%s → %s', (_name, err, expected) => {
    expect(classifySmtpError(err)).toBe(expected);
  });
});

describe('describeMailError', () => {
  it('keeps code, reply code and the server words on one line', () => {
    expect(describeMailError(smtpError('EENVELOPE', 550, '550 5.1.1 <x@y>:\r\n mailbox unavailable'))).toBe(
      'EENVELOPE 550: 550 5.1.1 <x@y>: mailbox unavailable',
    );
    expect(describeMailError(new Error('plain'))).toBe('plain');
    expect(describeMailError(smtpError('ESOCKET', undefined, 'x'.repeat(5000))).length).toBe(1000);
  });
});

describe('outboxDedupeKey', () => {
  const base = {
    proposalId: '11111111-2222-3333-4444-555555555555',
    unitId: 'u-7',
    kind: 'deadlineReminder',
    recipient: 'Unit@Example.gov.cn',
  };

  it.each([
    [
      { ...base, dueAt: '2026-06-30T16:00:00.000Z' },
      `${base.proposalId}|u-7|deadlineReminder|2026-06-30T16:00:00.000Z|unit@example.gov.cn`,
    ],
    [
      { ...base, dueAt: '2026-07-01T00:00:00+08:00' },
      `${base.proposalId}|u-7|deadlineReminder|2026-06-30T16:00:00.000Z|unit@example.gov.cn`,
    ],
    [
      { ...base, dueAt: new Date('2026-06-30T16:00:00Z') },
      `${base.proposalId}|u-7|deadlineReminder|2026-06-30T16:00:00.000Z|unit@example.gov.cn`,
    ],
    [{ ...base, unitId: null, dueAt: null }, `${base.proposalId}|-|deadlineReminder|-|unit@example.gov.cn`],
    [
      { ...base, unitId: undefined, recipient: '  a@b.cn ' },
      `${base.proposalId}|-|deadlineReminder|-|a@b.cn`,
    ],
  ])('%j', (input, expected) => {
    expect(outboxDedupeKey(input)).toBe(expected);
  });

  it('fits the 255-character column, still distinct', () => {
    const long = {
      ...base,
      unitId: 'u'.repeat(64),
      kind: 'k'.repeat(48),
      recipient: `${'r'.repeat(200)}@example.gov.cn`,
    };
    const a = outboxDedupeKey(long);
    const b = outboxDedupeKey({ ...long, recipient: `${'r'.repeat(200)}@example.gov.cm` });
    expect(a.length).toBe(255);
    expect(b.length).toBe(255);
    expect(a).not.toBe(b);
    expect(outboxDedupeKey(long)).toBe(a);
  });

  it('refuses an invalid due instant', () => {
    expect(() => outboxDedupeKey({ ...base, dueAt: 'soon' })).toThrow(RangeError);
  });
});

describe('error classes', () => {
  it('carry retryability and a stable name for retry policies', () => {
    const t = new TemporaryMailError('later', { outboxId: 'x', code: 'ESOCKET' });
    const p = new PermanentMailError('never', { responseCode: 550, cause: new Error('root') });
    expect([t.retryable, t.name, t.code, t.outboxId]).toEqual([true, 'TemporaryMailError', 'ESOCKET', 'x']);
    expect([p.retryable, p.name, p.responseCode]).toEqual([false, 'PermanentMailError', 550]);
    expect((p.cause as Error).message).toBe('root');
    expect(t).toBeInstanceOf(Error);
  });
});
