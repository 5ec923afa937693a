import { testConfig } from '../support/env';
import { migrate } from './harness';

describe('schema: the migrations build what the entities declare', () => {
  it('leaves TypeORM nothing to add, change or drop after every migration has run', async () => {
    const ds = await migrate(testConfig());
    try {
      const pending = await ds.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await ds.destroy();
    }
  });
});
