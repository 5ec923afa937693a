import { DataSource } from 'typeorm';

/**
 * Drift check, the same comparison `migration:generate --check` makes: the SQL TypeORM would
 * need to bring the database (after all migrations) in line with the entities. Empty = no drift.
 */
export async function pendingSchemaChanges(ds: DataSource): Promise<string[]> {
  const sql = await ds.driver.createSchemaBuilder().log();
  return sql.upQueries.map((q) => q.query);
}
