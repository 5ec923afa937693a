export * from './entities';
export { dataSourceOptions } from './data-source';
export * from './schema-check';
