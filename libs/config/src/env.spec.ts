import { ConfigError, loadConfig } from './env';

describe('loadConfig', () => {
  it('gives local-stack defaults when nothing is set', () => {
    const c = loadConfig({});
    expect(c.db).toMatchObject({ type: 'mysql', host: '127.0.0.1', port: 3306, database: 'banli' });
    expect(c.temporal).toMatchObject({ address: '127.0.0.1:7233', namespace: 'default', taskQueue: 'banli-cases' });
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
});
