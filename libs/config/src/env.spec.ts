import { ConfigError, DEV_JWT_SECRET, DEV_LINK_SECRET, loadConfig } from './env';

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

  describe('the published development secret', () => {
    const prod = { NODE_ENV: 'production', DB_PASSWORD: 'x' };
    const problemsOf = (env: NodeJS.ProcessEnv): string => {
      try {
        loadConfig(env);
      } catch (e) {
        if (e instanceof ConfigError) return e.problems.join('\n');
        throw e;
      }
      return '';
    };

    it('is refused as JWT_SECRET outside development and test, naming the variable', () => {
      expect(problemsOf({ ...prod, JWT_SECRET: DEV_JWT_SECRET })).toMatch(
        /JWT_SECRET .*published development value/,
      );
      // an environment that is neither development nor test does not fall back to it silently
      expect(problemsOf({ NODE_ENV: 'staging' })).toMatch(/JWT_SECRET/);
      expect(problemsOf({ NODE_ENV: 'staging', JWT_SECRET: DEV_JWT_SECRET })).toMatch(/JWT_SECRET/);
      expect(problemsOf({ NODE_ENV: 'staging', JWT_SECRET: 's'.repeat(40) })).toBe('');
    });

    it('is refused as LINK_SECRET, and so is the link secret derived from it', () => {
      const jwt = { ...prod, JWT_SECRET: 's'.repeat(40) };
      expect(problemsOf({ ...jwt, LINK_SECRET: DEV_LINK_SECRET })).toMatch(/LINK_SECRET/);
      expect(problemsOf({ ...jwt, LINK_SECRET: DEV_JWT_SECRET })).toMatch(/LINK_SECRET/);
      expect(problemsOf({ ...jwt, LINK_SECRET: 'l'.repeat(40) })).toBe('');
    });

    it('stays usable in development and test, where it never leaves the machine', () => {
      expect(loadConfig({}).auth.jwtSecret).toBe(DEV_JWT_SECRET);
      expect(loadConfig({ NODE_ENV: 'test' }).auth.linkSecret).toBe(DEV_LINK_SECRET);
      expect(loadConfig({ NODE_ENV: 'development', JWT_SECRET: DEV_JWT_SECRET }).auth.jwtSecret).toBe(
        DEV_JWT_SECRET,
      );
    });
  });

  it('binds the API to loopback in development and test, to every interface in production, or to API_HOST', () => {
    expect(loadConfig({}).api.host).toBe('127.0.0.1');
    expect(loadConfig({ NODE_ENV: 'test' }).api.host).toBe('127.0.0.1');
    expect(
      loadConfig({ NODE_ENV: 'production', DB_PASSWORD: 'x', JWT_SECRET: 's'.repeat(40) }).api.host,
    ).toBe('0.0.0.0');
    expect(loadConfig({ API_HOST: '::1' }).api.host).toBe('::1');
    expect(() => loadConfig({ API_HOST: 'not a host' })).toThrow(/API_HOST/);
  });
});
