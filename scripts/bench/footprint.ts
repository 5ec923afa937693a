import * as fs from 'node:fs';
import { loadConfig } from '@banli/config';
import { mib } from './stats';

export interface WorkerMemory {
  rssMiB: number;
  heapUsedMiB: number;
  heapTotalMiB: number;
  externalMiB: number;
  peakRssMiB: number;
  peakHeapUsedMiB: number;
  heapSizeLimitMiB: number;
}

/** The worker's memory as scripts/bench/memory-probe.ts last wrote it (within the last second). */
export function readWorkerMemory(file: string): WorkerMemory {
  const m = JSON.parse(fs.readFileSync(file, 'utf8'));
  return {
    rssMiB: mib(m.now.rss),
    heapUsedMiB: mib(m.now.heapUsed),
    heapTotalMiB: mib(m.now.heapTotal),
    externalMiB: mib(m.now.external),
    peakRssMiB: mib(m.peak.rss),
    peakHeapUsedMiB: mib(m.peak.heapUsed),
    heapSizeLimitMiB: mib(m.heapSizeLimit),
  };
}

/**
 * The workflow cache the worker ran with: WORKER_MAX_CACHED_WORKFLOWS (apps/worker passes it as
 * maxCachedWorkflows; default 500); the SDK's other defaults apply (@temporalio/worker 1.24:
 * reuseV8Context on, maxConcurrentWorkflowTaskExecutions 40).
 */
export function cacheSettings(heapSizeLimitMiB: number, env: NodeJS.ProcessEnv) {
  return {
    source: `WORKER_MAX_CACHED_WORKFLOWS${env.WORKER_MAX_CACHED_WORKFLOWS ? '' : ' (default)'}`,
    reuseV8Context: true,
    maxCachedWorkflows: loadConfig(env).worker.maxCachedWorkflows,
    maxConcurrentWorkflowTaskExecutions: 40,
    heapSizeLimitMiB,
  };
}
