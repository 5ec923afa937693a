#!/usr/bin/env node
// `npm run bench`: the benchmarks (see main.ts). Installs what is missing first
// (scripts/bootstrap.sh; a clean clone has no node_modules yet), then runs the TypeScript sources.
require('../ts-entry')('bench/main.ts');
