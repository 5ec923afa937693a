#!/usr/bin/env node
// `npm start`: the local stack with embedded defaults (Temporal dev server + UI, private MariaDB,
// mail catcher, migrations, worker, API). Data lives under .data/ and survives restarts. Ctrl-C stops all.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const boot = spawnSync('bash', [path.join(root, 'scripts', 'bootstrap.sh')], { stdio: 'inherit', cwd: root });
if (boot.status !== 0) process.exit(boot.status || 1);

process.env.TS_NODE_PROJECT = path.join(root, 'tsconfig.json');
require(path.join(root, 'node_modules', 'ts-node')).register({ transpileOnly: true });
require('./stack/local-stack.ts')
  .main()
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
