import { hashPassword, verifyPassword } from './password';
import { LoginLimiter } from './login-limiter';

describe('password hashing (scrypt)', () => {
  it('verifies the right password only, with a fresh salt every time', async () => {
    const a = await hashPassword('正确的密码 correct horse');
    const b = await hashPassword('正确的密码 correct horse');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('正确的密码 correct horse', a)).toBe(true);
    expect(await verifyPassword('正确的密码 correct hors', a)).toBe(false);
  });

  it.each([
    '',
    'plain',
    'scrypt$1$2$3',
    'bcrypt$16384$8$1$c2FsdA==$aGFzaA==',
    'scrypt$x$8$1$c2FsdA==$aGFzaA==',
    'scrypt$16384$8$1$c2FsdA==$',
  ])('treats a malformed stored hash %p as no match', async (stored) => {
    expect(await verifyPassword('anything', stored)).toBe(false);
  });
});

describe('LoginLimiter', () => {
  it('allows `limit` attempts per key and window, then says how long to wait', () => {
    const l = new LoginLimiter(3, 60_000);
    const t0 = 1_000_000;
    expect([1, 2, 3].map(() => l.hit('1.2.3.4|alice', t0).allowed)).toEqual([true, true, true]);
    expect(l.hit('1.2.3.4|alice', t0 + 1000)).toEqual({ allowed: false, retryAfterSeconds: 59 });
    expect(l.hit('1.2.3.4|bob', t0 + 1000).allowed).toBe(true);
    expect(l.hit('1.2.3.4|alice', t0 + 60_000).allowed).toBe(true);
  });
});
