import { createHmac } from 'node:crypto';
import { createTaskLink, MAX_LINK_LIFETIME_MS, signLinkToken, verifyLinkToken } from './link-token';

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

  describe('expiry', () => {
    /** A token signed with the right secret over any payload, as someone holding the secret could. */
    const signRaw = (payload: Record<string, unknown>) => {
      const body = `v1.${Buffer.from(JSON.stringify(payload)).toString('base64url')}`;
      const sig = createHmac('sha256', SECRET).update(`banli-link.${body}`).digest('base64url');
      return `${body}.${sig}`;
    };
    const base = { c: CASE, u: UNIT, a: ['open', 'signFor'], iat: T0 / 1000 };

    it('refuses a genuine token that carries no expiry, or no usable one', () => {
      expect(signRaw({ ...base, exp: T0 / 1000 + 3600 })).toBeTruthy();
      expect(verifyLinkToken(SECRET, signRaw({ ...base, exp: T0 / 1000 + 3600 }), T0).ok).toBe(true);
      for (const exp of [undefined, null, '9999999999', 1e300, T0 / 1000 + 0.5, T0 / 1000 - 1]) {
        expect([exp, verifyLinkToken(SECRET, signRaw({ ...base, exp }), T0)]).toEqual([
          exp,
          { ok: false, reason: 'invalid' },
        ]);
      }
      expect(
        verifyLinkToken(SECRET, signRaw({ c: CASE, u: UNIT, a: ['open'], exp: T0 / 1000 + 60 }), T0),
      ).toEqual({ ok: false, reason: 'invalid' });
    });

    it('refuses a genuine token whose lifetime is longer than any link is ever given', () => {
      const year = 366 * 86_400;
      expect(MAX_LINK_LIFETIME_MS).toBe(year * 1000);
      expect(verifyLinkToken(SECRET, signRaw({ ...base, exp: T0 / 1000 + year }), T0).ok).toBe(true);
      expect(verifyLinkToken(SECRET, signRaw({ ...base, exp: T0 / 1000 + year + 1 }), T0)).toEqual({
        ok: false,
        reason: 'invalid',
      });
      // the one in the access matrix: valid until 2286
      expect(verifyLinkToken(SECRET, signRaw({ ...base, iat: 1, exp: 9_999_999_999 }), T0)).toEqual({
        ok: false,
        reason: 'invalid',
      });
    });

    it('does not sign a link for longer than that either', () => {
      expect(() => createTaskLink(CASE, UNIT, MAX_LINK_LIFETIME_MS + 1000, { secret: SECRET })).toThrow(
        /lifetime/,
      );
      expect(createTaskLink(CASE, UNIT, 30 * 86_400_000, { secret: SECRET }).token).toMatch(/^v1\./);
    });
  });
});
