import { loadConfig } from '@banli/config';
import { createLogger } from '@banli/config/logging';
import {
  caseIdOfInput,
  metricsBindAddress,
  setRuntimeLogSink,
  temporalLogger,
  workerRuntimeOptions,
} from './observability';

describe("the worker's logs and metrics beside Temporal's", () => {
  it("writes the Temporal runtime's lines to the worker's pino logger, as JSON with their fields", () => {
    const lines: string[] = [];
    setRuntimeLogSink(
      createLogger(
        { level: 'debug', format: 'json' },
        { app: 'worker', destination: { write: (s: string) => void lines.push(s) } },
      ),
    );
    temporalLogger.warn('Activity failed', {
      sdkComponent: 'worker',
      workflowId: 'proposal:guangzhou:cppcc:8-7:006',
      activityType: 'emitCaseEvent',
      caseId: 'c1',
      taskToken: 'secret-ish',
      error: new Error('mail to z@example.cn rejected'),
    });
    temporalLogger.trace('not at debug');
    expect(lines).toHaveLength(1);
    const o = JSON.parse(lines[0]);
    expect(o).toMatchObject({
      level: 'warn',
      app: 'worker',
      msg: 'Activity failed',
      workflowId: 'proposal:guangzhou:cppcc:8-7:006',
      activityType: 'emitCaseEvent',
      caseId: 'c1',
      err: { message: 'mail to [email] rejected' },
    });
    expect(o.taskToken).toBeUndefined();
  });

  it("takes an activity's case from its input", () => {
    expect(caseIdOfInput([{ caseId: 'c1', seq: 3 }])).toBe('c1');
    expect(caseIdOfInput([])).toBeUndefined();
    expect(caseIdOfInput([null])).toBeUndefined();
    expect(caseIdOfInput(['c1'])).toBeUndefined();
    expect(caseIdOfInput([{ caseId: 7 }])).toBeUndefined();
  });

  it('exports metrics on WORKER_METRICS_HOST:WORKER_METRICS_PORT, none when metrics are off', () => {
    expect(metricsBindAddress({ host: '0.0.0.0', port: 9464 })).toBe('0.0.0.0:9464');
    expect(metricsBindAddress({ host: '::', port: 9464 })).toBe('[::]:9464');
    const on = workerRuntimeOptions(loadConfig({}));
    expect(on.logger).toBe(temporalLogger);
    expect(on.telemetryOptions).toMatchObject({
      logging: { forward: {} },
      metrics: { prometheus: { bindAddress: '127.0.0.1:9464' } },
    });
    const off = workerRuntimeOptions(loadConfig({ METRICS_ENABLED: 'false' }));
    expect(off.telemetryOptions?.metrics).toBeUndefined();
    // test runs start many workers in one process: no port unless one is given
    expect(workerRuntimeOptions(loadConfig({ NODE_ENV: 'test' })).telemetryOptions?.metrics).toBeUndefined();
    expect(
      workerRuntimeOptions(loadConfig({ NODE_ENV: 'test', WORKER_METRICS_PORT: '19464' })).telemetryOptions
        ?.metrics,
    ).toEqual({ prometheus: { bindAddress: '127.0.0.1:19464' } });
  });
});
