import * as fs from 'node:fs';
import * as path from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';

/** Bundles the workflows at `workflowsPath` into one file for `Worker.create({ workflowBundle })`. */
export async function writeWorkflowBundle(workflowsPath: string, out: string): Promise<number> {
  const { code } = await bundleWorkflowCode({ workflowsPath });
  fs.writeFileSync(out, code);
  return code.length;
}

/**
 * Production workers load a prebuilt bundle instead of running webpack at start-up.
 * Compiled to dist/scripts/, it bundles dist/workflows into dist/workflow-bundle.js.
 */
if (require.main === module) {
  const distRoot = path.resolve(__dirname, '..');
  const out = path.join(distRoot, 'workflow-bundle.js');
  writeWorkflowBundle(require.resolve(path.join(distRoot, 'workflows')), out).then(
    (n) => console.log(`workflow bundle: ${out} (${(n / 1024).toFixed(0)} KiB)`),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
