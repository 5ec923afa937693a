/** Small statistics and formatting helpers of the benchmark. */

/** The p-th percentile (0–100) of `values` by the nearest-rank method; null for no values. */
export function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

export interface Summary {
  n: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  min: number | null;
  max: number | null;
  mean: number | null;
}

export function summarize(values: number[]): Summary {
  const n = values.length;
  return {
    n,
    p50: round(percentile(values, 50)),
    p95: round(percentile(values, 95)),
    p99: round(percentile(values, 99)),
    min: n ? round(Math.min(...values)) : null,
    max: n ? round(Math.max(...values)) : null,
    mean: n ? round(values.reduce((s, v) => s + v, 0) / n) : null,
  };
}

export function round(v: number | null, places = 1): number | null {
  if (v === null || !Number.isFinite(v)) return null;
  const f = 10 ** places;
  return Math.round(v * f) / f;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Runs `count` jobs with at most `concurrency` in flight; `job(i)` gets the index. */
export async function pool(count: number, concurrency: number, job: (i: number) => Promise<void>) {
  let next = 0;
  const lane = async () => {
    while (next < count) await job(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
}

/** A wall-clock stopwatch in milliseconds (high resolution). */
export const now = () => performance.timeOrigin + performance.now();

export const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
