#!/usr/bin/env node
// `npm run soak`: Banli under faults, hostile input and load (see main.ts). Installs what is missing
// first (scripts/bootstrap.sh), then runs the TypeScript sources directly, like `npm start`.
require('../ts-entry')('soak/main.ts');
