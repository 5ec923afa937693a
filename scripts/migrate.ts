import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { migrationDataSourceOptions } from '@banli/persistence';

/** Applies pending migrations (production one-shot: `node dist/scripts/migrate.js`). */
async function main() {
  const ds = new DataSource(migrationDataSourceOptions());
  await ds.initialize();
  const done = await ds.runMigrations({ transaction: 'each' });
  console.log(done.length ? `applied: ${done.map((m) => m.name).join(', ')}` : 'schema up to date');
  await ds.destroy();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
