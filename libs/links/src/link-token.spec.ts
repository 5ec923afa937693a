import { createTaskLink, signLinkToken, verifyLinkToken } from './link-token';

const SECRET = 'a'.repeat(64);
const CASE = '4b3a4f9e-1a2b-4c3d-8e9f-001122334455';
const UNIT = '9d8c7b6a-5f4e-4d3c-ab2a-665544332211';
const T0 = Date.parse('2026-04-01T00:00:00Z');

describe('task link tokens', () => {
  it('round-trips case, unit, actions and expiry', () => {
    const link = createTaskLink(CASE, UNIT, 7 * 86_400_000, {
      secret: SECRET,
      publicUrl: 'https://banli.example.gov.cn/',
      now: T0,
    });
    expect(link.url).toBe(`https://banli.example.gov.cn/links/${link.token}`);
    expect(link.expiresAt).toBe('2026-04-08T00:00:00.000Z');
    const v = verifyLinkToken(SECRET, link.token, T0 + 1000);
    expect(v).toEqual({
      ok: true,
      claims: {
        caseId: CASE,
        unitId: UNIT,
        actions: ['open', 'signFor'],
        issuedAt: T0,
        expiresAt: T0 + 7 * 86_400_000,
      },
    });
  });

  it('is expired from its expiry instant on, but only once the signature is genuine', () => {
    const token = signLinkToken(SECRET, {
      caseId: CASE,
      unitId: UNIT,
      actions: ['open'],
      issuedAt: T0,
      expiresAt: T0 + 60_000,
    });
    expect(verifyLinkToken(SECRET, token, T0 + 59_999).ok).toBe(true);
    expect(verifyLinkToken(SECRET, token, T0 + 60_000)).toEqual({ ok: false, reason: 'expired' });
    expect(verifyLinkToken('b'.repeat(64), token, T0 + 60_000)).toEqual({ ok: false, reason: 'invalid' });
  });

  it.each([
    ['another secret', (t: string) => t, 'c'.repeat(64)],
    [
      'an altered payload (other unit)',
      (t: string) => {
        const [v, , s] = t.split('.');
        const forged = Buffer.from(
          JSON.stringify({
            c: CASE,
            u: 'other',
            a: ['open', 'signFor'],
            iat: T0 / 1000,
            exp: T0 / 1000 + 999,
          }),
        ).toString('base64url');
        return `${v}.${forged}.${s}`;
      },
      SECRET,
    ],
    ['a truncated signature', (t: string) => t.slice(0, -3), SECRET],
    ['a wrong version', (t: string) => t.replace(/^v1\./, 'v2.'), SECRET],
    ['garbage', () => 'not-a-token', SECRET],
    ['an empty string', () => '', SECRET],
  ])('refuses %s as invalid', (_name, mangle, secret) => {
    const token = signLinkToken(SECRET, {
      caseId: CASE,
      unitId: UNIT,
      actions: ['open', 'signFor'],
      issuedAt: T0,
      expiresAt: T0 + 86_400_000,
    });
    expect(verifyLinkToken(secret, mangle(token), T0 + 1000)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('drops actions it does not know', () => {
    const token = signLinkToken(SECRET, {
      caseId: CASE,
      unitId: UNIT,
      actions: ['open', 'reply' as never],
      issuedAt: T0,
      expiresAt: T0 + 1000,
    });
    const v = verifyLinkToken(SECRET, token, T0);
    expect(v.ok && v.claims.actions).toEqual(['open']);
  });

  it('refuses to sign with an empty secret or a non-positive lifetime', () => {
    expect(() => createTaskLink(CASE, UNIT, 1000, { secret: '' })).toThrow();
    expect(() => createTaskLink(CASE, UNIT, 0, { secret: SECRET })).toThrow();
  });
});
