import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

describe('importing libs/persistence', () => {
  it('has no side effects: it reads no configuration and opens nothing', () => {
    // a production environment without its secrets: loading the configuration would throw
    const r = spawnSync(
      process.execPath,
      [
        '-r',
        join(ROOT, 'scripts', 'register.js'),
        '-e',
        "const p = require('@banli/persistence'); if (!p.dataSourceOptions || !p.ENTITIES) process.exit(3);",
      ],
      { cwd: ROOT, env: { PATH: process.env.PATH, NODE_ENV: 'production' }, encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
