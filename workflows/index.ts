// Every workflow function the worker registers (the bundler's entry point). Relative imports only.
export { proposalWorkflow } from './proposal.workflow';
export { mailDispatchWorkflow } from './mail-dispatch.workflow';
export { dailyDigestWorkflow } from './daily-digest.workflow';
export { importWorkflow } from './import.workflow';
