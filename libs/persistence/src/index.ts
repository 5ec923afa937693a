export * from './entities';
export { dataSourceOptions, migrationDataSourceOptions } from './data-source';
export * from './schema-check';
export * from './calendar-store';
export * from './admin-audit';
export * from './policy-store';
export * from './jurisdiction-store';
export * from './session-clock';
export * from './overdue-sql';
