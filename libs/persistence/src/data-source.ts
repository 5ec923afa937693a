import 'reflect-metadata';
import {
  type AfterQueryEvent,
  type DataSourceOptions,
  EventSubscriber,
  type EntitySubscriberInterface,
} from 'typeorm';
import { loadConfig, BanliConfig } from '@banli/config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/** How long opening a connection (TCP and handshake) may take before it fails with ETIMEDOUT. */
export const DB_CONNECT_TIMEOUT_MS = 10_000;

/**
 * How long one statement may run before the client gives up on it (mysql2's per-query `timeout`,
 * error PROTOCOL_SEQUENCE_TIMEOUT): what bounds a query on a connection the network stalled, which
 * would otherwise wait forever (TCP sends nothing to notice). Generous against real statements
 * (the slowest, reports and exports over indexes, take well under a second); slower ones are
 * logged as slow by TypeORM.
 */
export const DB_QUERY_TIMEOUT_MS = 30_000;

/**
 * A query that timed out leaves its connection unusable: mysql2 still waits for that answer, and
 * every later command on it would queue behind, with no timer running. So the connection is
 * destroyed, and the pool opens a fresh one for whoever waits.
 */
@EventSubscriber()
export class DropTimedOutConnection implements EntitySubscriberInterface {
  afterQuery(event: AfterQueryEvent<unknown>): void {
    const err = event.error as { code?: unknown; driverError?: { code?: unknown } } | undefined;
    const code = err?.driverError?.code ?? err?.code;
    if (code !== 'PROTOCOL_SEQUENCE_TIMEOUT') return;
    const conn = (event.queryRunner as { databaseConnection?: { destroy?: () => void } } | undefined)
      ?.databaseConnection;
    conn?.destroy?.();
  }
}

/**
 * The one DataSource definition used by the API, the worker and the migration CLI.
 * The schema comes from migrations only; synchronize stays off everywhere.
 *
 * Timeouts: opening a connection fails after DB_CONNECT_TIMEOUT_MS; a statement is abandoned after
 * DB_QUERY_TIMEOUT_MS (`enableQueryTimeout` makes TypeORM pass `maxQueryExecutionTime` to mysql2
 * as the query's `timeout`; alone it only logs) and its connection dropped. Waiting for a free
 * pooled connection has no timer of its own (mysql2 has no acquire timeout; the `acquireTimeout` of
 * the old mysql driver is ignored): it is bounded by these two, as every held connection is either
 * answered, abandoned or never opened within them.
 */
export function dataSourceOptions(db: BanliConfig['db'] = loadConfig().db): DataSourceOptions {
  return {
    // 'mariadb' for the local stack and tests: TypeORM reads MariaDB's column defaults differently
    type: db.type,
    host: db.host,
    port: db.port,
    username: db.user,
    password: db.password,
    database: db.database,
    socketPath: db.socketPath,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    entities: ENTITIES,
    migrations: MIGRATIONS,
    subscribers: [DropTimedOutConnection],
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    logging: db.logErrors ? ['error'] : false,
    connectTimeout: DB_CONNECT_TIMEOUT_MS,
    enableQueryTimeout: true,
    maxQueryExecutionTime: DB_QUERY_TIMEOUT_MS,
    extra: { connectionLimit: 10 },
  };
}

/**
 * Options for running migrations: no per-statement timeout, since building an index or altering a
 * large table may rightly take minutes (the connect timeout stays).
 */
export function migrationDataSourceOptions(db: BanliConfig['db'] = loadConfig().db): DataSourceOptions {
  return { ...dataSourceOptions(db), enableQueryTimeout: false } as DataSourceOptions;
}
