#!/usr/bin/env node
// `npm start`: the local stack with embedded defaults (Temporal dev server + UI, private MariaDB,
// mail catcher, migrations, worker, API). Data lives under .data/ and survives restarts. Ctrl-C stops all.
require('./ts-entry')('stack/local-stack.ts')
  .main()
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
