#!/usr/bin/env node
// `npm test`: installs what is missing, starts private servers, runs lint, types and all jest
// projects, then stops everything it started. Extra args go to jest: `npm test -- --selectProjects unit`.
require('./ts-entry')('stack/test-run.ts')
  .main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
