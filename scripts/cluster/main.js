#!/usr/bin/env node
// `npm run test:cluster`: Banli on a real Temporal cluster (see run.ts). Installs what is missing
// first (scripts/bootstrap.sh), then runs the TypeScript sources directly, like `npm start`.
require('../ts-entry')('cluster/run.ts')
  .main()
  .then((code) => process.exit(code))
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
