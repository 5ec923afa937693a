// Runs TypeScript sources without a build: ts-node (transpile only) plus the @banli/* path
// aliases of tsconfig.json. Used by `npm start`, `npm test` and the processes they spawn
// (`node -r ./scripts/register.js file.ts`).
const path = require('node:path');

const root = path.resolve(__dirname, '..');
process.env.TS_NODE_PROJECT = path.join(root, 'tsconfig.json');
require(path.join(root, 'node_modules', 'ts-node')).register({ transpileOnly: true });
const { compilerOptions } = require(path.join(root, 'tsconfig.json'));
require(path.join(root, 'node_modules', 'tsconfig-paths')).register({
  baseUrl: root,
  paths: compilerOptions.paths,
});
