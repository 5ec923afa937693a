/** Levels of LOG_LEVEL (pino's, lowest first; `silent` logs nothing). */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Logs, metrics and the worker's metrics port (README, "Logs, metrics and health"). */
export interface ObservabilityConfig {
  /** LOG_LEVEL; LOG_FORMAT `json` (one JSON object a line) or `pretty` (one readable line, for a terminal). */
  log: { level: LogLevel; format: 'json' | 'pretty' };
  /**
   * METRICS_ENABLED: the API's /metrics and the worker's Prometheus exporter. `worker`: where the
   * worker's exporter listens (WORKER_METRICS_HOST:WORKER_METRICS_PORT); none when metrics are off,
   * or under NODE_ENV=test unless WORKER_METRICS_PORT is set (test runs start many workers).
   */
  metrics: { enabled: boolean; worker?: { host: string; port: number } };
}

/** The observability settings of `env`; problems are added to `problems` by variable name. */
export function observabilityFromEnv(
  env: NodeJS.ProcessEnv,
  nodeEnv: string,
  problems: string[],
): ObservabilityConfig {
  const level = (env.LOG_LEVEL || 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level))
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  const format = (env.LOG_FORMAT || 'json').toLowerCase();
  if (format !== 'json' && format !== 'pretty')
    problems.push(`LOG_FORMAT must be json or pretty, got "${env.LOG_FORMAT}"`);

  let enabled = true;
  const rawEnabled = env.METRICS_ENABLED;
  if (rawEnabled !== undefined && rawEnabled !== '') {
    if (/^(1|true|yes|on)$/i.test(rawEnabled)) enabled = true;
    else if (/^(0|false|no|off)$/i.test(rawEnabled)) enabled = false;
    else problems.push(`METRICS_ENABLED must be true or false, got "${rawEnabled}"`);
  }

  const rawPort = env.WORKER_METRICS_PORT;
  let port: number | undefined = nodeEnv === 'test' ? undefined : 9464;
  if (rawPort !== undefined && rawPort !== '') {
    const n = Number(rawPort);
    if (Number.isInteger(n) && n > 0 && n <= 65535) port = n;
    else problems.push(`WORKER_METRICS_PORT must be a port number (1-65535), got "${rawPort}"`);
  }
  const host = env.WORKER_METRICS_HOST || '127.0.0.1';
  if (!/^[0-9A-Za-z.:-]+$/.test(host))
    problems.push(`WORKER_METRICS_HOST must be an address (e.g. 127.0.0.1 or 0.0.0.0), got "${host}"`);

  return {
    log: {
      level: (LOG_LEVELS as readonly string[]).includes(level) ? (level as LogLevel) : 'info',
      format: format === 'pretty' ? 'pretty' : 'json',
    },
    metrics: { enabled, ...(enabled && port ? { worker: { host, port } } : {}) },
  };
}
