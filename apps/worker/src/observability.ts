import type { Context } from '@temporalio/activity';
import type {
  LogLevel as TemporalLogLevel,
  LogMetadata,
  Logger as TemporalLogger,
  MetricCounter,
} from '@temporalio/common';
import { Runtime, type ActivityInterceptors, type RuntimeOptions } from '@temporalio/worker';
import type { BanliConfig } from '@banli/config';
import type { PinoLogger } from '@banli/config/logging';

/**
 * The worker's logs and metrics beside Temporal's own:
 * - the SDK's runtime logger (its own lines, workflow `log`, activity `Context.log`, and Core's
 *   forwarded lines) writes to the worker's pino logger: the same JSON lines as the rest of the
 *   worker, with workflowId, activityType and — for case activities — caseId;
 * - the SDK's Prometheus exporter on WORKER_METRICS_HOST:WORKER_METRICS_PORT serves the SDK's
 *   `temporal_…` series and `banli_activity_total{activity, outcome}`, which activityObservability
 *   counts through the runtime's metric meter.
 */

/** Where the runtime logger writes: the pino logger of the worker application created last. */
let sink: PinoLogger | undefined;

/** Sends the Temporal runtime's log lines to `logger` (createWorkerApp calls it before the worker starts). */
export function setRuntimeLogSink(logger: PinoLogger): void {
  sink = logger;
}

const LEVELS: Record<TemporalLogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** A Temporal Logger over pino: metadata become fields (`error` as pino's `err`); the task token is left out. */
export const temporalLogger: TemporalLogger = {
  log(level: TemporalLogLevel, message: string, meta?: LogMetadata) {
    const target = sink;
    if (!target) return;
    const { error, taskToken: _taskToken, ...fields } = (meta ?? {}) as Record<string, unknown>;
    if (error !== undefined) fields.err = error;
    target[LEVELS[level] ?? 'info'](fields, message);
  },
  trace: (m, meta) => temporalLogger.log('TRACE', m, meta),
  debug: (m, meta) => temporalLogger.log('DEBUG', m, meta),
  info: (m, meta) => temporalLogger.log('INFO', m, meta),
  warn: (m, meta) => temporalLogger.log('WARN', m, meta),
  error: (m, meta) => temporalLogger.log('ERROR', m, meta),
};

/** The bind address of the worker's metrics exporter (`host:port`, an IPv6 host in brackets). */
export function metricsBindAddress(m: { host: string; port: number }): string {
  return `${m.host.includes(':') ? `[${m.host}]` : m.host}:${m.port}`;
}

/**
 * Runtime options for `Runtime.install`: the logger above (with Core's own lines forwarded to it,
 * WARN and up, so every line is JSON) and, when metrics are on, the Prometheus exporter.
 */
export function workerRuntimeOptions(cfg: BanliConfig): Pick<RuntimeOptions, 'logger' | 'telemetryOptions'> {
  const exporter = cfg.metrics.worker;
  return {
    logger: temporalLogger,
    telemetryOptions: {
      logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} },
      ...(exporter ? { metrics: { prometheus: { bindAddress: metricsBindAddress(exporter) } } } : {}),
    },
  };
}

/** The case an activity input concerns: its `caseId`. */
export function caseIdOfInput(args: readonly unknown[]): string | undefined {
  const first = args[0] as { caseId?: unknown } | null | undefined;
  return first && typeof first === 'object' && typeof first.caseId === 'string' ? first.caseId : undefined;
}

const counters = new WeakMap<Runtime, MetricCounter>();

/** `banli_activity_total` of the current runtime (a runtime may be re-created after it shut down). */
function activityCounter(): MetricCounter {
  const runtime = Runtime.instance();
  let counter = counters.get(runtime);
  if (!counter) {
    counter = runtime.metricMeter.createCounter(
      'banli_activity_total',
      '1',
      'Activity executions by activity and outcome (completed or failed)',
    );
    counters.set(runtime, counter);
  }
  return counter;
}

/**
 * Activity interceptor (Worker `interceptors.activity`): puts the input's caseId on every line the
 * activity logs (and on the SDK's own lines about it, once its input is known), logs one line when
 * it completes, and counts `banli_activity_total{activity, outcome}`. A failure is logged by the
 * SDK ("Activity failed", with the error and the caseId).
 */
export function activityObservability(ctx: Context): ActivityInterceptors {
  let caseId: string | undefined;
  const count = (outcome: 'completed' | 'failed') => {
    try {
      activityCounter().add(1, {
        activity: ctx.info.activityType,
        outcome,
        namespace: ctx.info.activityNamespace,
        task_queue: ctx.info.taskQueue,
      });
    } catch {
      // metrics never fail an activity
    }
  };
  return {
    inbound: {
      async execute(input, next) {
        caseId = caseIdOfInput(input.args);
        const t0 = Date.now();
        let result: unknown;
        try {
          result = await next(input);
        } catch (e) {
          count('failed');
          throw e;
        }
        count('completed');
        ctx.log.info('activity completed', { durationMs: Date.now() - t0 });
        return result;
      },
    },
    outbound: {
      getLogAttributes(attrs, next) {
        return next(caseId ? { ...attrs, caseId } : attrs);
      },
    },
  };
}
