import 'reflect-metadata';
import type { DataSourceOptions } from 'typeorm';
import { loadConfig, BanliConfig } from '@banli/config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/**
 * The one DataSource definition used by the API, the worker and the migration CLI.
 * The schema comes from migrations only; synchronize stays off everywhere.
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
    migrationsTableName: 'migrations',
    synchronize: false,
    migrationsRun: false,
    logging: db.logErrors ? ['error'] : false,
    extra: { connectionLimit: 10 },
  };
}
