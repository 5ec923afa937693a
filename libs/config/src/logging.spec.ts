import {
  createLogger,
  EMAIL_MASK,
  maskJsonLine,
  maskPersonalData,
  maskUrl,
  PHONE_MASK,
  prettyLine,
} from './logging';

describe('no personal contact data in logs', () => {
  it('masks e-mail addresses and phone numbers in text', () => {
    expect(maskPersonalData('mail to jiusan.ly@example.cn rejected: 550 <jiusan.ly@example.cn>')).toBe(
      `mail to ${EMAIL_MASK} rejected: 550 <${EMAIL_MASK}>`,
    );
    for (const phone of [
      '13812345678',
      '138 1234 5678',
      '138-1234-5678',
      '+86 138 1234 5678',
      '+8613812345678',
      '0437-3222222',
      '010-12345678',
      '(010) 12345678',
      '021 6123 4567',
      '0571-88000000-123',
      '+44 20 7946 0958',
    ])
      expect([phone, maskPersonalData(`电话${phone}，联系人`)]).toEqual([phone, `电话${PHONE_MASK}，联系人`]);
  });

  it('leaves ids, dates, times and counts alone', () => {
    for (const keep of [
      '01234567-8901-4234-8567-890123456789',
      '550e8400-e29b-41d4-a716-446655440000',
      'proposal:guangzhou:cppcc:8-7:W13812345',
      '2026-07-02T16:00:00.000Z',
      '1718000000000',
      'took 1234 ms',
      '第8届7次 006号',
      'banli@localhost',
      '12345',
    ])
      expect(maskPersonalData(keep)).toBe(keep);
  });

  it('masks inside the strings of a JSON line only, so the line stays JSON', () => {
    const line = JSON.stringify({
      time: 13812345678,
      msg: 'mail x rejected permanently: mail to a.b@example.cn rejected\n13812345678 "quoted"',
      req: { url: '/parties?q=0437-3222222' },
      caseId: '01234567-8901-4234-8567-890123456789',
    });
    const out = maskJsonLine(line);
    const o = JSON.parse(out);
    expect(o.time).toBe(13812345678);
    expect(o.msg).toBe(`mail x rejected permanently: mail to ${EMAIL_MASK} rejected\n${PHONE_MASK} "quoted"`);
    expect(o.req.url).toBe(`/parties?q=${PHONE_MASK}`);
    expect(o.caseId).toBe('01234567-8901-4234-8567-890123456789');
    expect(maskJsonLine('{"msg":"nothing here"}')).toBe('{"msg":"nothing here"}');
    // a task link's token, in an error message naming the URL
    expect(
      JSON.parse(maskJsonLine(JSON.stringify({ msg: 'GET /links/eyJhbGciOiJIUzI1NiJ9.eyJjIjoi.x1: boom' })))
        .msg,
    ).toBe('GET /links/[token]: boom');
  });

  it("masks a task link's token in a URL", () => {
    expect(maskUrl('/links/eyJhbGciOi.abc.def/sign-for')).toBe('/links/[token]/sign-for');
    expect(maskUrl('/proposals?q=a@b.cn')).toBe(`/proposals?q=${EMAIL_MASK}`);
  });

  it('writes JSON lines with known contact fields redacted and the rest masked', () => {
    const lines: string[] = [];
    const log = createLogger(
      { level: 'info', format: 'json' },
      { app: 'api', destination: { write: (s: string) => void lines.push(s) } },
    );
    log.info(
      {
        body: { proposers: [{ name: '张三', phone: '13812345678', email: 'z@example.cn' }] },
        req: { headers: { authorization: 'Bearer x.y.z', cookie: 'a=b' } },
        note: 'call 13912345678',
      },
      'registered, contact z@example.cn',
    );
    log.debug('not at info');
    expect(lines).toHaveLength(1);
    const o = JSON.parse(lines[0]);
    expect(o).toMatchObject({ level: 'info', app: 'api', msg: `registered, contact ${EMAIL_MASK}` });
    expect(o.body.proposers[0]).toEqual({ name: '张三', phone: '[redacted]', email: '[redacted]' });
    expect(o.req.headers).toEqual({ authorization: '[redacted]', cookie: '[redacted]' });
    expect(o.note).toBe(`call ${PHONE_MASK}`);
    expect(typeof o.time).toBe('string');
  });

  it('writes a readable line when asked (LOG_FORMAT=pretty)', () => {
    const lines: string[] = [];
    const log = createLogger(
      { level: 'info', format: 'pretty' },
      { app: 'worker', destination: { write: (s: string) => void lines.push(s) } },
    );
    log.child({ context: 'mail' }).warn({ caseId: 'c1' }, 'rejected for 13812345678');
    expect(lines[0]).toMatch(/^\S+Z WARN {2}\[worker\] mail: rejected for \[phone\] \{"caseId":"c1"\}\n$/);
    expect(prettyLine('not json')).toBe('not json');
  });
});
