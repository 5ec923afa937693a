import { randomBytes, randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { DEV_JWT_SECRET, DEV_LINK_SECRET } from '@banli/config';
import { createTaskLink, signLinkToken } from '@banli/links';
import { Stack, startStack } from './harness';

/**
 * Tokens and secrets (issue #16, defect 5): a stack configured with its own secret refuses what
 * anyone can forge with the development secret published in the repository, and every access
 * token must carry an expiry, even one signed with the right secret.
 */
describe('secrets and token expiry', () => {
  let stack: Stack;
  const secret = randomBytes(32).toString('hex');
  const claims = () => ({ sub: stack.admin.id, role: 'admin', name: 'forged' });
  const opts = { issuer: 'banli', audience: 'banli-api' };

  beforeAll(async () => {
    stack = await startStack(`e2e-secrets-${randomUUID()}`, { JWT_SECRET: secret, BANLI_SCHEDULES: 'false' });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('runs with the configured secret, and a link secret derived from it, not the published ones', () => {
    expect(stack.cfg.auth.jwtSecret).toBe(secret);
    expect([DEV_JWT_SECRET, DEV_LINK_SECRET]).not.toContain(stack.cfg.auth.linkSecret);
  });

  it('refuses an administrator token forged with the published development secret', async () => {
    const forged = new JwtService({ secret: DEV_JWT_SECRET }).sign(claims(), { ...opts, expiresIn: 600 });
    for (const [method, path] of [
      ['GET', '/auth/me'],
      ['GET', '/users'],
      ['POST', '/auth/refresh'],
    ]) {
      const r = await stack.as(forged)(method, path);
      expect([path, r.status, r.body.code]).toEqual([path, 401, 'TOKEN_INVALID']);
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });

  it('refuses a task link forged with the link secret derived from the published one', async () => {
    const forged = createTaskLink(randomUUID(), randomUUID(), 3_600_000, { secret: DEV_LINK_SECRET });
    for (const [method, path] of [
      ['GET', `/links/${forged.token}`],
      ['POST', `/links/${forged.token}/sign-for`],
    ]) {
      const r = await stack.http(method, path);
      expect([path, r.status, r.body.code]).toEqual([path, 401, 'LINK_INVALID']);
    }
  });

  it('refuses an access token without `exp`, even one signed with the right secret', async () => {
    const jwt = new JwtService({ secret });
    const good = jwt.sign(claims(), { ...opts, expiresIn: 600 });
    expect((await stack.as(good)('GET', '/auth/me')).status).toBe(200);

    const eternal = jwt.sign(claims(), opts);
    expect(JSON.parse(Buffer.from(eternal.split('.')[1], 'base64url').toString()).exp).toBeUndefined();
    for (const [method, path] of [
      ['GET', '/auth/me'],
      ['GET', '/users'],
      ['POST', '/auth/refresh'],
    ]) {
      const r = await stack.as(eternal)(method, path);
      expect([path, r.status, r.body.code]).toEqual([path, 401, 'TOKEN_INVALID']);
      expect(r.body.detail).toMatch(/^访问令牌.*有效期/);
    }
  });

  it('every token the API issues carries `exp` within the configured lifetime', async () => {
    const now = Math.floor(Date.now() / 1000);
    for (const token of [
      stack.admin.token,
      (await stack.admin.http('POST', '/auth/refresh')).body.accessToken as string,
    ]) {
      const { exp, iat } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
      expect(exp - iat).toBe(stack.cfg.auth.accessTokenTtlSeconds);
      expect(exp).toBeGreaterThan(now);
    }
  });

  it('refuses a task link signed with the right secret that would outlive any link the worker sends', async () => {
    const now = Date.now();
    const token = signLinkToken(stack.cfg.auth.linkSecret, {
      caseId: randomUUID(),
      unitId: randomUUID(),
      actions: ['open', 'signFor'],
      issuedAt: now,
      expiresAt: now + 100 * 365 * 86_400_000,
    });
    const r = await stack.http('GET', `/links/${token}`);
    // 401 before the case is even looked up (an unknown case would answer 403)
    expect([r.status, r.body.code]).toEqual([401, 'LINK_INVALID']);
  });
});
