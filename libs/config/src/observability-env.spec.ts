import { ConfigError, loadConfig } from './env';

describe('observability settings', () => {
  it('defaults: info, JSON lines, metrics on, the worker exporter on 127.0.0.1:9464', () => {
    const c = loadConfig({});
    expect(c.log).toEqual({ level: 'info', format: 'json' });
    expect(c.metrics).toEqual({ enabled: true, worker: { host: '127.0.0.1', port: 9464 } });
  });

  it('takes LOG_LEVEL, LOG_FORMAT, METRICS_ENABLED and the worker port and address', () => {
    const c = loadConfig({
      LOG_LEVEL: 'DEBUG',
      LOG_FORMAT: 'pretty',
      WORKER_METRICS_PORT: '9500',
      WORKER_METRICS_HOST: '0.0.0.0',
    });
    expect(c.log).toEqual({ level: 'debug', format: 'pretty' });
    expect(c.metrics).toEqual({ enabled: true, worker: { host: '0.0.0.0', port: 9500 } });
    expect(loadConfig({ METRICS_ENABLED: 'false' }).metrics).toEqual({ enabled: false });
    // many workers run in one test process: no fixed port unless asked for
    expect(loadConfig({ NODE_ENV: 'test' }).metrics).toEqual({ enabled: true });
  });

  it('names each bad variable', () => {
    let err: unknown;
    try {
      loadConfig({
        LOG_LEVEL: 'loud',
        LOG_FORMAT: 'xml',
        METRICS_ENABLED: 'maybe',
        WORKER_METRICS_PORT: '70000',
        WORKER_METRICS_HOST: 'a b',
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.join('\n');
    for (const v of [
      'LOG_LEVEL',
      'LOG_FORMAT',
      'METRICS_ENABLED',
      'WORKER_METRICS_PORT',
      'WORKER_METRICS_HOST',
    ])
      expect(problems).toMatch(v);
  });
});
