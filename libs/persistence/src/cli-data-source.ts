import { DataSource } from 'typeorm';
import { migrationDataSourceOptions } from './data-source';

/** Default export for the TypeORM CLI (`npm run migration:*`): reads the database settings from the environment. */
export default new DataSource(migrationDataSourceOptions());
