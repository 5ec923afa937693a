#!/usr/bin/env node
// `npm test`: installs what is missing, starts private servers, runs lint, types and all jest
// projects, then stops everything it started. Extra args go to jest: `npm test -- --selectProjects unit`.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const boot = spawnSync('bash', [path.join(root, 'scripts', 'bootstrap.sh')], { stdio: 'inherit', cwd: root });
if (boot.status !== 0) process.exit(boot.status || 1);

process.env.TS_NODE_PROJECT = path.join(root, 'tsconfig.json');
require(path.join(root, 'node_modules', 'ts-node')).register({ transpileOnly: true });
require('./stack/test-run.ts')
  .main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
