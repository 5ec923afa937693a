// Shared start of `npm start` and `npm test`: install what is missing, then load TypeScript
// sources directly (ts-node, transpile only) so neither command needs a build first.
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');

/** Runs scripts/bootstrap.sh (exits on failure), then returns `require` for a .ts module. */
module.exports = function bootstrapAndLoad(tsModule) {
  const boot = spawnSync('bash', [path.join(root, 'scripts', 'bootstrap.sh')], {
    stdio: 'inherit',
    cwd: root,
  });
  if (boot.status !== 0) process.exit(boot.status || 1);
  require('./register');
  return require(path.join(__dirname, tsModule));
};
