/**
 * Environment configuration, validated once at boot. Every setting has a local-stack default
 * except secrets, which production must set (see README, "Configuration").
 */
export interface BanliConfig {
  nodeEnv: string;
  api: { port: number; publicUrl: string };
  db: { type: 'mysql' | 'mariadb'; logErrors: boolean; host: string; port: number; user: string; password: string; database: string; socketPath?: string };
  temporal: { address: string; namespace: string; taskQueue: string; tls: boolean; apiKey?: string };
  smtp: {
    host: string;
    port: number;
    secure: boolean;
    user?: string;
    password?: string;
    from: string;
    replyTo?: string;
  };
  /** Signature block of notification mail: the assigning office and its phone. */
  /** Spacing of mail retries: base × 2^(attempt-1), at most an hour. */
  mail: { officeName?: string; officePhone?: string; retryBaseSeconds: number };
  /** Temporal Schedules for the mail dispatcher and the supervisors' daily digest. */
  schedules: { enabled: boolean; digestHour: number };
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`配置错误 (invalid configuration):\n  - ${problems.join('\n  - ')}`);
  }
}

function int(env: NodeJS.ProcessEnv, key: string, def: number, problems: string[]): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0 || n > 65535) {
    problems.push(`${key} must be a port number (1-65535), got "${raw}"`);
    return def;
  }
  return n;
}

function bool(env: NodeJS.ProcessEnv, key: string, def: boolean, problems: string[]): boolean {
  const raw = env[key];
  if (raw === undefined || raw === '') return def;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  problems.push(`${key} must be true or false, got "${raw}"`);
  return def;
}

/** Reads and validates the environment; throws ConfigError listing every problem at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): BanliConfig {
  const problems: string[] = [];
  const nodeEnv = env.NODE_ENV ?? 'development';
  const apiPort = int(env, 'API_PORT', 3000, problems);
  const retryBase = Number(env.MAIL_RETRY_BASE_SECONDS ?? 60);
  if (!Number.isInteger(retryBase) || retryBase < 1 || retryBase > 3600) problems.push(`MAIL_RETRY_BASE_SECONDS must be 1-3600, got "${env.MAIL_RETRY_BASE_SECONDS}"`);
  const digestHour = Number(env.DIGEST_HOUR ?? 8);
  if (!Number.isInteger(digestHour) || digestHour < 0 || digestHour > 23) problems.push(`DIGEST_HOUR must be 0-23, got "${env.DIGEST_HOUR}"`);
  const cfg: BanliConfig = {
    nodeEnv,
    api: { port: apiPort, publicUrl: (env.PUBLIC_URL ?? `http://localhost:${apiPort}`).replace(/\/$/, '') },
    db: {
      type: env.DB_TYPE === 'mariadb' ? 'mariadb' : 'mysql',
      // failed queries are logged, except under test where duplicate-key races are provoked on purpose
      logErrors: bool(env, 'DB_LOG_ERRORS', nodeEnv !== 'test', problems),
      host: env.DB_HOST ?? '127.0.0.1',
      port: int(env, 'DB_PORT', 3306, problems),
      user: env.DB_USER ?? 'banli',
      password: env.DB_PASSWORD ?? '',
      database: env.DB_NAME ?? 'banli',
      socketPath: env.DB_SOCKET || undefined,
    },
    temporal: {
      address: env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233',
      namespace: env.TEMPORAL_NAMESPACE ?? 'default',
      taskQueue: env.TEMPORAL_TASK_QUEUE ?? 'banli-cases',
      tls: bool(env, 'TEMPORAL_TLS', false, problems),
      apiKey: env.TEMPORAL_API_KEY || undefined,
    },
    smtp: {
      host: env.SMTP_HOST ?? '127.0.0.1',
      port: int(env, 'SMTP_PORT', 1025, problems),
      secure: bool(env, 'SMTP_SECURE', false, problems),
      user: env.SMTP_USER || undefined,
      password: env.SMTP_PASSWORD || undefined,
      from: env.MAIL_FROM ?? '办理系统 <banli@localhost>',
      replyTo: env.MAIL_REPLY_TO || undefined,
    },
    mail: {
      officeName: env.MAIL_OFFICE_NAME || undefined,
      officePhone: env.MAIL_OFFICE_PHONE || undefined,
      retryBaseSeconds: retryBase,
    },
    schedules: { enabled: bool(env, 'BANLI_SCHEDULES', true, problems), digestHour },
  };
  if (env.DB_TYPE && !['mysql', 'mariadb'].includes(env.DB_TYPE)) problems.push(`DB_TYPE must be mysql or mariadb, got "${env.DB_TYPE}"`);
  if (nodeEnv === 'production' && !env.DB_PASSWORD) problems.push('DB_PASSWORD is required in production');
  if (!/^[^:]+:\d+$/.test(cfg.temporal.address)) problems.push(`TEMPORAL_ADDRESS must be host:port, got "${cfg.temporal.address}"`);
  if (problems.length) throw new ConfigError(problems);
  return cfg;
}
