import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import {
  loadClientConfigProfile,
  type ClientConfigProfile,
  type ConfigDataSource,
} from '@temporalio/envconfig';
import { observabilityFromEnv, type ObservabilityConfig } from './observability-env';

/**
 * Environment configuration, validated once at boot. Every setting has a local-stack default
 * except secrets, which production must set (see README, "Configuration").
 */
export interface BanliConfig {
  nodeEnv: string;
  /** `host`: the address the HTTP server binds (API_HOST). */
  api: { port: number; host: string; publicUrl: string };
  db: {
    type: 'mysql' | 'mariadb';
    logErrors: boolean;
    host: string;
    port: number;
    user: string;
    password: string;
    database: string;
    socketPath?: string;
  };
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    tls: boolean;
    apiKey?: string;
    /** Server CA, client certificate and key (mTLS), server name: TEMPORAL_TLS_* or the profile's [tls]. */
    tlsFiles?: TemporalTlsFiles;
    /** gRPC headers sent with every call: TEMPORAL_GRPC_META_* or the profile's grpc_meta. */
    grpcMeta?: Record<string, string>;
    /** The connection profile read (TEMPORAL_CONFIG_FILE / TEMPORAL_PROFILE), e.g. `default in /etc/banli/temporal.toml`. */
    profile?: string;
  };
  /** The worker's drain on SIGTERM/SIGINT: how long in-flight tasks may finish (WORKER_SHUTDOWN_GRACE). */
  /**
   * maxCachedWorkflows: how many case workflows the worker keeps in memory between their tasks
   * (WORKER_MAX_CACHED_WORKFLOWS, default 500, about 0.4 MiB each); the others are replayed from
   * history when they next have work.
   */
  worker: { shutdownGraceSeconds: number; maxCachedWorkflows: number };
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
  /** LOG_LEVEL, LOG_FORMAT; METRICS_ENABLED and the worker's metrics port (observability-env.ts). */
  log: ObservabilityConfig['log'];
  metrics: ObservabilityConfig['metrics'];
  /**
   * How long the API waits for the case worker before answering 503 WORKER_UNAVAILABLE: an action
   * (a workflow update) until a worker takes it and it completes, a state query until it is answered.
   */
  workerDeadlines: { updateSeconds: number; querySeconds: number };
  auth: {
    /** HMAC secret of access tokens (JWT_SECRET). */
    jwtSecret: string;
    /** Lifetime of an access token, seconds. */
    accessTokenTtlSeconds: number;
    /** A session (login) can be extended with POST /auth/refresh up to this many hours after login. */
    sessionMaxHours: number;
    /** HMAC secret of one-click task links in mail (LINK_SECRET, else derived from JWT_SECRET). */
    linkSecret: string;
    /** First administrator, created at API boot when no administrator exists. */
    admin?: { username: string; password: string };
    /** Failed logins before the account locks; lock length in minutes. */
    maxFailedLogins: number;
    lockMinutes: number;
    /** Login attempts allowed per IP address + user name within the window (seconds). */
    loginRateLimit: number;
    loginRateWindowSeconds: number;
  };
}

/**
 * The development secret, published in this repository: anyone can sign tokens with it. Used only
 * when JWT_SECRET is unset under NODE_ENV development or test; anywhere else it is refused, set
 * or not (see DEV_ENVIRONMENTS). `npm start` generates its own secrets instead (local-secrets.ts).
 */
export const DEV_JWT_SECRET = 'banli-dev-jwt-secret-do-not-use-in-production';

const deriveLinkSecret = (jwtSecret: string) =>
  createHmac('sha256', jwtSecret).update('banli task links v1').digest('hex');

/** The link secret derived from DEV_JWT_SECRET: as public as that. */
export const DEV_LINK_SECRET = deriveLinkSecret(DEV_JWT_SECRET);

/** The NODE_ENV values under which the published development secret may be used. */
export const DEV_ENVIRONMENTS: readonly string[] = ['development', 'test'];
/** First administrator of a development setup (`npm start`) when ADMIN_USERNAME/ADMIN_PASSWORD are not set. */
export const DEV_ADMIN = { username: 'admin', password: 'banli-local-admin' } as const;

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

/** A whole number from 0 to `max`. */
function wholeNumber(
  env: NodeJS.ProcessEnv,
  key: string,
  def: number,
  max: number,
  problems: string[],
): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n > max) {
    problems.push(`${key} must be a whole number from 0 to ${max}, got "${raw}"`);
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

function count(env: NodeJS.ProcessEnv, key: string, def: number, max: number, problems: string[]): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0 || n > max) {
    problems.push(`${key} must be a whole number from 1 to ${max}, got "${raw}"`);
    return def;
  }
  return n;
}

/** TLS details of the Temporal connection (each a file path or the PEM text itself). */
export interface TemporalTlsFiles {
  serverName?: string;
  serverCACert?: ConfigDataSource;
  clientCert?: ConfigDataSource;
  clientKey?: ConfigDataSource;
}

/** The variables Temporal's environment configuration (@temporalio/envconfig) reads. */
const TEMPORAL_ENVCONFIG_VAR =
  /^TEMPORAL_(ADDRESS|NAMESPACE|API_KEY|TLS|TLS_[A-Z_]+|GRPC_META_.+|CODEC_[A-Z_]+|CONFIG_FILE|PROFILE)$/;

/**
 * Temporal connection settings the way Temporal's own clients take them (@temporalio/envconfig): a
 * profile of a TOML file (TEMPORAL_CONFIG_FILE, TEMPORAL_PROFILE; the Temporal CLI's
 * ~/.config/temporalio/temporal.toml only when TEMPORAL_PROFILE asks for one), overridden by
 * TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_API_KEY, TEMPORAL_TLS and TEMPORAL_TLS_* /
 * TEMPORAL_GRPC_META_*. TLS is on when asked for, when TLS details are given, or with an API key
 * (unless TEMPORAL_TLS=false). Empty variables count as unset.
 */
function temporalFromEnv(env: NodeJS.ProcessEnv, problems: string[]): BanliConfig['temporal'] {
  const vars: Record<string, string> = {};
  for (const [k, v] of Object.entries(env))
    if (v && (TEMPORAL_ENVCONFIG_VAR.test(k) || ['HOME', 'XDG_CONFIG_HOME', 'APPDATA'].includes(k)))
      vars[k] = v;
  // envconfig knows only 1/true; Banli's switches also take yes/on/no/off
  if (vars.TEMPORAL_TLS) vars.TEMPORAL_TLS = String(bool(env, 'TEMPORAL_TLS', false, problems));
  const file = vars.TEMPORAL_CONFIG_FILE;
  let profile: ClientConfigProfile = {};
  if (file && !fs.existsSync(file)) {
    problems.push(`TEMPORAL_CONFIG_FILE names no readable file: ${file}`);
  } else {
    try {
      profile = loadClientConfigProfile({
        overrideEnvVars: vars,
        disableFile: !file && !vars.TEMPORAL_PROFILE,
        ...(file ? { configSource: { path: file } } : {}),
        configFileStrict: true,
      });
    } catch (e) {
      problems.push(
        `TEMPORAL_CONFIG_FILE/TEMPORAL_PROFILE: ${(e as Error).message} (file ${file ?? '~/.config/temporalio/temporal.toml'})`,
      );
    }
  }
  const apiKey = profile.apiKey || undefined;
  const { disabled, ...tlsFiles } = profile.tls ?? {};
  const tls = profile.tls ? !disabled : !!apiKey;
  for (const [key, name] of [
    ['serverCACert', 'TEMPORAL_TLS_SERVER_CA_CERT_PATH'],
    ['clientCert', 'TEMPORAL_TLS_CLIENT_CERT_PATH'],
    ['clientKey', 'TEMPORAL_TLS_CLIENT_KEY_PATH'],
  ] as const) {
    const source = tlsFiles[key];
    if (source && 'path' in source && !fs.existsSync(source.path))
      problems.push(`${name} (or the profile's tls) names no readable file: ${source.path}`);
  }
  if (!!tlsFiles.clientCert !== !!tlsFiles.clientKey)
    problems.push(
      'TEMPORAL_TLS_CLIENT_CERT_* and TEMPORAL_TLS_CLIENT_KEY_* go together (mTLS needs the certificate and its key)',
    );
  return {
    address: profile.address || '127.0.0.1:7233',
    namespace: profile.namespace || 'default',
    taskQueue: env.TEMPORAL_TASK_QUEUE ?? 'banli-cases',
    tls,
    apiKey,
    ...(tls && Object.keys(tlsFiles).length ? { tlsFiles } : {}),
    ...(profile.grpcMeta && Object.keys(profile.grpcMeta).length ? { grpcMeta: profile.grpcMeta } : {}),
    ...(file || vars.TEMPORAL_PROFILE
      ? {
          profile: `${vars.TEMPORAL_PROFILE ?? 'default'} in ${file ?? '~/.config/temporalio/temporal.toml'}`,
        }
      : {}),
  };
}

/** A duration in whole seconds: `30`, `30s`, `2m`; from 0 to `max` seconds. */
function seconds(env: NodeJS.ProcessEnv, key: string, def: number, max: number, problems: string[]): number {
  const raw = env[key];
  if (raw === undefined || raw === '') return def;
  const m = /^(\d+)\s*(s|m)?$/i.exec(raw.trim());
  const n = m ? Number(m[1]) * (m[2]?.toLowerCase() === 'm' ? 60 : 1) : NaN;
  if (!Number.isInteger(n) || n > max) {
    problems.push(`${key} must be a duration from 0 to ${max} seconds (e.g. 30s or 2m), got "${raw}"`);
    return def;
  }
  return n;
}

/** Reads and validates the environment; throws ConfigError listing every problem at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): BanliConfig {
  const problems: string[] = [];
  const nodeEnv = env.NODE_ENV || 'development';
  const apiPort = int(env, 'API_PORT', 3000, problems);
  const devEnvironment = DEV_ENVIRONMENTS.includes(nodeEnv);
  // loopback unless deployed: a container publishes its port from all interfaces
  const apiHost = env.API_HOST || (devEnvironment ? '127.0.0.1' : '0.0.0.0');
  if (!/^[0-9A-Za-z.:-]+$/.test(apiHost))
    problems.push(`API_HOST must be an address or host name (e.g. 127.0.0.1 or 0.0.0.0), got "${apiHost}"`);
  const retryBase = Number(env.MAIL_RETRY_BASE_SECONDS ?? 60);
  if (!Number.isInteger(retryBase) || retryBase < 1 || retryBase > 3600)
    problems.push(`MAIL_RETRY_BASE_SECONDS must be 1-3600, got "${env.MAIL_RETRY_BASE_SECONDS}"`);
  const digestHour = Number(env.DIGEST_HOUR ?? 8);
  if (!Number.isInteger(digestHour) || digestHour < 0 || digestHour > 23)
    problems.push(`DIGEST_HOUR must be 0-23, got "${env.DIGEST_HOUR}"`);
  const cfg: BanliConfig = {
    nodeEnv,
    api: {
      port: apiPort,
      host: apiHost,
      publicUrl: (env.PUBLIC_URL ?? `http://localhost:${apiPort}`).replace(/\/$/, ''),
    },
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
    temporal: temporalFromEnv(env, problems),
    worker: {
      shutdownGraceSeconds: seconds(env, 'WORKER_SHUTDOWN_GRACE', 30, 3600, problems),
      maxCachedWorkflows: wholeNumber(env, 'WORKER_MAX_CACHED_WORKFLOWS', 500, 100_000, problems),
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
    ...observabilityFromEnv(env, nodeEnv, problems),
    workerDeadlines: {
      updateSeconds: count(env, 'TEMPORAL_UPDATE_TIMEOUT_SECONDS', 30, 600, problems),
      querySeconds: count(env, 'TEMPORAL_QUERY_TIMEOUT_SECONDS', 10, 600, problems),
    },
    auth: {
      jwtSecret: env.JWT_SECRET || DEV_JWT_SECRET,
      accessTokenTtlSeconds: count(env, 'ACCESS_TOKEN_TTL_SECONDS', 900, 86_400, problems),
      sessionMaxHours: count(env, 'SESSION_MAX_HOURS', 12, 168, problems),
      // A separate key for links, so a leaked link secret cannot mint access tokens.
      linkSecret: env.LINK_SECRET || deriveLinkSecret(env.JWT_SECRET || DEV_JWT_SECRET),
      admin:
        env.ADMIN_USERNAME && env.ADMIN_PASSWORD
          ? { username: env.ADMIN_USERNAME, password: env.ADMIN_PASSWORD }
          : // `npm start` must be usable out of the box; nowhere else is there a default administrator
            nodeEnv === 'development' && !env.ADMIN_USERNAME && !env.ADMIN_PASSWORD
            ? { ...DEV_ADMIN }
            : undefined,
      maxFailedLogins: count(env, 'LOGIN_MAX_FAILURES', 5, 1000, problems),
      lockMinutes: count(env, 'LOGIN_LOCK_MINUTES', 15, 10_080, problems),
      loginRateLimit: count(env, 'LOGIN_RATE_LIMIT', 10, 100_000, problems),
      loginRateWindowSeconds: count(env, 'LOGIN_RATE_WINDOW_SECONDS', 60, 86_400, problems),
    },
  };
  if (env.DB_TYPE && !['mysql', 'mariadb'].includes(env.DB_TYPE))
    problems.push(`DB_TYPE must be mysql or mariadb, got "${env.DB_TYPE}"`);
  if (nodeEnv === 'production' && !env.DB_PASSWORD) problems.push('DB_PASSWORD is required in production');
  if (nodeEnv === 'production' && !env.JWT_SECRET) problems.push('JWT_SECRET is required in production');
  if (env.JWT_SECRET && env.JWT_SECRET.length < 32)
    problems.push('JWT_SECRET must be at least 32 characters');
  if (env.LINK_SECRET && env.LINK_SECRET.length < 32)
    problems.push('LINK_SECRET must be at least 32 characters');
  // The development secret is in the repository: whoever reads it can sign in as anyone.
  if (!devEnvironment && cfg.auth.jwtSecret === DEV_JWT_SECRET) {
    if (env.JWT_SECRET)
      problems.push(
        `JWT_SECRET is the published development value (DEV_JWT_SECRET), refused under NODE_ENV=${nodeEnv}: ` +
          '请设置随机密钥，例如 JWT_SECRET=$(openssl rand -hex 32) (set a random secret of your own)',
      );
    else if (nodeEnv !== 'production')
      problems.push(
        `JWT_SECRET is required under NODE_ENV=${nodeEnv}: the published development value is used only ` +
          `under ${DEV_ENVIRONMENTS.join(' and ')} (请设置随机密钥，例如 JWT_SECRET=$(openssl rand -hex 32))`,
      );
  }
  if (!devEnvironment && (env.LINK_SECRET === DEV_JWT_SECRET || env.LINK_SECRET === DEV_LINK_SECRET))
    problems.push(
      `LINK_SECRET is the published development value, refused under NODE_ENV=${nodeEnv}: ` +
        '请设置随机密钥，例如 LINK_SECRET=$(openssl rand -hex 32) (set a random secret of your own)',
    );
  if (!!env.ADMIN_USERNAME !== !!env.ADMIN_PASSWORD)
    problems.push('ADMIN_USERNAME and ADMIN_PASSWORD must be set together');
  if (env.ADMIN_USERNAME && !/^[A-Za-z0-9._@-]{3,64}$/.test(env.ADMIN_USERNAME)) {
    problems.push('ADMIN_USERNAME must be 3-64 letters, digits or . _ @ -');
  }
  if (env.ADMIN_PASSWORD && env.ADMIN_PASSWORD.length < 8)
    problems.push('ADMIN_PASSWORD must be at least 8 characters');
  if (!/^[^:]+:\d+$/.test(cfg.temporal.address))
    problems.push(`TEMPORAL_ADDRESS must be host:port, got "${cfg.temporal.address}"`);
  if (problems.length) throw new ConfigError(problems);
  return cfg;
}
