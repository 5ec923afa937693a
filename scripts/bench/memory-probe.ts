/**
 * Preloaded into the benchmark's worker process (`node -r scripts/bench/memory-probe.ts …`): every
 * second it writes the process's memory (now and the highest seen) to BENCH_MEMORY_FILE. RSS counts
 * everything the process holds, the workflow threads' V8 isolates included; heapUsed is the main
 * thread's heap (activities, the Nest context).
 */
import * as fs from 'node:fs';
import * as v8 from 'node:v8';
import { isMainThread } from 'node:worker_threads';

const file = process.env.BENCH_MEMORY_FILE;
// `-r` preloads it into the workflow threads too: only the main thread writes (one writer, one file)
if (file && isMainThread) {
  const peak = { rss: 0, heapUsed: 0, heapTotal: 0, external: 0 };
  const write = () => {
    const m = process.memoryUsage();
    peak.rss = Math.max(peak.rss, m.rss);
    peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
    peak.heapTotal = Math.max(peak.heapTotal, m.heapTotal);
    peak.external = Math.max(peak.external, m.external);
    const body = JSON.stringify({
      at: new Date().toISOString(),
      pid: process.pid,
      heapSizeLimit: v8.getHeapStatistics().heap_size_limit,
      now: m,
      peak,
    });
    fs.writeFileSync(`${file}.tmp`, body);
    fs.renameSync(`${file}.tmp`, file);
  };
  setInterval(write, 1000).unref();
}
