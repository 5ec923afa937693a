import * as fs from 'node:fs';
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
 * The workflow cache the worker ran with. apps/worker sets no cache options, so the SDK's defaults
 * apply (@temporalio/worker 1.24 worker-options: reuseV8Context on, maxCachedWorkflows from the
 * heap limit, maxConcurrentWorkflowTaskExecutions 40).
 */
export function cacheSettings(heapSizeLimitMiB: number) {
  return {
    source: 'SDK defaults (apps/worker/src/worker.service.ts sets none)',
    reuseV8Context: true,
    maxCachedWorkflows: Math.max(Math.floor((Math.max(heapSizeLimitMiB - 200, 0) * 600) / 1024), 10),
    maxConcurrentWorkflowTaskExecutions: 40,
    heapSizeLimitMiB,
  };
}
