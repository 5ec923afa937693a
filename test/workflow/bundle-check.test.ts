import { bundleWorkflowCode } from '@temporalio/worker';

// The same webpack bundling the worker does at start and `npm run build` does for production:
// it fails when workflow code (or anything it imports) reaches modules the sandbox forbids.
describe('workflow bundle', () => {
  it('bundles the real workflows', async () => {
    const { code } = await bundleWorkflowCode({
      workflowsPath: require.resolve('../../workflows'),
      logger: quiet,
    });
    expect(code).toContain('proposalWorkflow');
  });

  it('rejects workflow code that imports Node builtins or TypeORM', async () => {
    await expect(
      bundleWorkflowCode({ workflowsPath: require.resolve('../fixtures/impure-workflows'), logger: quiet }),
    ).rejects.toThrow(/disallowed|fs/i);
  });
});

const noop = () => undefined;
const quiet = { trace: noop, debug: noop, info: noop, warn: noop, error: noop, log: noop } as any;
