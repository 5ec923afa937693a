import * as path from 'node:path';
import { BanliConfig, loadConfig } from '@banli/config';

export const ROOT = path.resolve(__dirname, '..', '..');
export const TEMPORAL_TEST_SERVER = path.join(ROOT, '.tools', 'venv', 'bin', 'temporal-test-server');

/**
 * Config for tests that need the private servers `npm test` starts. Fails loudly when run
 * outside it, rather than touching whatever database the developer's shell points at.
 */
export function testConfig(overrides: Partial<Record<string, string>> = {}): BanliConfig {
  if (process.env.BANLI_TEST_STACK !== '1') {
    throw new Error(
      'e2e tests need the private test stack: run them through `npm test` (e.g. `npm test -- --selectProjects e2e`)',
    );
  }
  return loadConfig({ ...process.env, ...overrides });
}
