import { ConfigError, loadConfig } from './env';

describe('loadConfig', () => {
  it('gives local-stack defaults when nothing is set', () => {
    const c = loadConfig({});
    expect(c.db).toMatchObject({ type: 'mysql', host: '127.0.0.1', port: 3306, database: 'banli' });
    expect(c.temporal).toMatchObject({
      address: '127.0.0.1:7233',
      namespace: 'default',
      taskQueue: 'banli-cases',
    });
    expect(c.smtp.port).toBe(1025);
  });

  it('reports every bad variable at once, by name', () => {
    let err: unknown;
    try {
      loadConfig({ DB_PORT: 'abc', SMTP_SECURE: 'maybe', TEMPORAL_ADDRESS: 'nohost', DB_TYPE: 'postgres' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.join('\n');
    expect(problems).toMatch(/DB_PORT/);
    expect(problems).toMatch(/SMTP_SECURE/);
    expect(problems).toMatch(/TEMPORAL_ADDRESS/);
    expect(problems).toMatch(/DB_TYPE/);
  });

  it('requires a database password in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/DB_PASSWORD/);
  });

  it('requires a JWT secret in production, of at least 32 characters, and derives a separate link secret', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DB_PASSWORD: 'x' })).toThrow(/JWT_SECRET is required/);
    expect(() => loadConfig({ JWT_SECRET: 'short' })).toThrow(/at least 32/);
    const c = loadConfig({ NODE_ENV: 'production', DB_PASSWORD: 'x', JWT_SECRET: 's'.repeat(40) });
    expect(c.auth.jwtSecret).toBe('s'.repeat(40));
    expect(c.auth.linkSecret).toMatch(/^[0-9a-f]{64}$/);
    expect(c.auth.accessTokenTtlSeconds).toBe(900);
    expect(loadConfig({}).auth.jwtSecret).toBeTruthy();
  });

  it('takes the first administrator from ADMIN_USERNAME and ADMIN_PASSWORD together', () => {
    expect(loadConfig({ ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: 'long-enough' }).auth.admin).toEqual({
      username: 'admin',
      password: 'long-enough',
    });
    expect(() => loadConfig({ ADMIN_USERNAME: 'admin' })).toThrow(/set together/);
    expect(() => loadConfig({ ADMIN_USERNAME: 'admin', ADMIN_PASSWORD: 'short' })).toThrow(/at least 8/);
    expect(() => loadConfig({ LOGIN_MAX_FAILURES: '0' })).toThrow(/LOGIN_MAX_FAILURES/);
    // a development setup (npm start) gets a local administrator; tests and production do not
    expect(loadConfig({}).auth.admin).toEqual({ username: 'admin', password: 'banli-local-admin' });
    expect(loadConfig({ NODE_ENV: 'test' }).auth.admin).toBeUndefined();
    expect(
      loadConfig({ NODE_ENV: 'production', DB_PASSWORD: 'x', JWT_SECRET: 's'.repeat(40) }).auth.admin,
    ).toBeUndefined();
  });
});
