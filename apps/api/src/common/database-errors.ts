import { HttpStatus } from '@nestjs/common';
import { BanliProblem } from './problem';

/** Seconds a client should wait before trying again while the database is away. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * Socket errors: the database's only when mysql2 raised them (it marks them `fatal`) or TypeORM
 * wrapped them, so an SMTP or Temporal socket error is not taken for a database outage.
 */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/**
 * mysql2's and the server's codes that say the connection broke or could not be had (not what a
 * statement did wrong: a duplicate key, a bad column).
 */
const OUTAGE_CODES = new Set([
  // mysql2: the server closed the connection; a query gave up (its per-query timeout); a command
  // sent on a connection already broken
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'PROTOCOL_ENQUEUE_AFTER_QUIT',
  // the server: too many connections, shutting down, a connection it killed
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_CONNECTION_KILLED',
]);

/** Messages of mysql2's pool and of TypeORM when there is no connection to give (no code). */
const OUTAGE_MESSAGES = [
  /^Pool is closed\.?$/,
  /^Queue limit reached\.?$/,
  /^No connections available\.?$/,
  /^Can't add new command when connection is in closed state/,
  /^Connection lost: The server closed the connection/,
];

/** TypeORM's errors for a data source that is not (or no longer) connected. */
const OUTAGE_NAMES = new Set(['CannotExecuteNotConnectedError', 'ConnectionIsNotSetError']);

/**
 * Whether an error means the database is unavailable (as opposed to a statement it refused):
 * looks through TypeORM's QueryFailedError (`driverError`) and `cause` chains.
 */
export function databaseUnavailable(err: unknown): boolean {
  const seen = new Set<unknown>();
  let e: unknown = err;
  let fromDriver = false;
  while (e && typeof e === 'object' && !seen.has(e)) {
    seen.add(e);
    const { code, fatal, name, message, driverError, cause } = e as {
      code?: unknown;
      fatal?: unknown;
      name?: unknown;
      message?: unknown;
      driverError?: unknown;
      cause?: unknown;
    };
    if (typeof code === 'string' && OUTAGE_CODES.has(code)) return true;
    if (typeof code === 'string' && SOCKET_CODES.has(code) && (fatal === true || fromDriver)) return true;
    if (typeof name === 'string' && OUTAGE_NAMES.has(name)) return true;
    if (typeof message === 'string' && OUTAGE_MESSAGES.some((m) => m.test(message))) return true;
    fromDriver ||= driverError !== undefined;
    e = driverError ?? cause;
  }
  return false;
}

/** The problem a database outage answers: 503 with a code and a time to retry after. */
export const databaseUnavailableProblem = () =>
  new BanliProblem(
    HttpStatus.SERVICE_UNAVAILABLE,
    'DATABASE_UNAVAILABLE',
    `数据库暂时无法连接，请 ${DATABASE_RETRY_AFTER_SECONDS} 秒后重试 (the database is unavailable; retry later)`,
    { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS },
  );
