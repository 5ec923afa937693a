import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

/**
 * Production workers load a prebuilt bundle instead of running webpack at start-up.
 * Compiled to dist/scripts/, it bundles dist/workflows into dist/workflow-bundle.js.
 */
async function main() {
  const distRoot = path.resolve(__dirname, '..');
  const { code } = await bundleWorkflowCode({ workflowsPath: require.resolve(path.join(distRoot, 'workflows')) });
  const out = path.join(distRoot, 'workflow-bundle.js');
  fs.writeFileSync(out, code);
  console.log(`workflow bundle: ${out} (${(code.length / 1024).toFixed(0)} KiB)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
