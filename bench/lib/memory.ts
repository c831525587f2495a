/** Reading what bench/lib/memory-probe.ts writes inside a service instance. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export interface MemorySample {
  t: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  /** The event loop's delay (p50, p99, max, ms) and utilisation (0–1) over the second before. */
  loopP50Ms?: number;
  loopP99Ms?: number;
  loopMaxMs?: number;
  elu?: number;
  gc?: boolean;
}

export const MB = 2 ** 20;

export function readSamples(file: string): MemorySample[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as MemorySample);
}

/** Peak RSS and heap (MB) of the samples taken between from and to (ms since the epoch). */
export function peak(file: string, from: number, to: number): { rssMb: number; heapMb: number } {
  const window = readSamples(file).filter((s) => s.t >= from && s.t <= to);
  return {
    rssMb: Math.max(...window.map((s) => s.rss)) / MB,
    heapMb: Math.max(...window.map((s) => s.heapUsed)) / MB,
  };
}

/** The event loop between from and to: medians of the per-second p99 delay and utilisation, the worst delay. */
export function eventLoop(
  file: string,
  from: number,
  to: number,
): { p99Ms: number; maxMs: number; utilisation: number } {
  const window = readSamples(file).filter(
    (s) => s.t > from && s.t <= to + 1000 && s.loopP99Ms !== undefined,
  );
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted.length === 0 ? NaN : sorted[Math.floor(sorted.length / 2)];
  };
  return {
    p99Ms: median(window.map((s) => s.loopP99Ms!)),
    maxMs: Math.max(...window.map((s) => s.loopMaxMs!)),
    utilisation: median(window.map((s) => s.elu!)),
  };
}

/**
 * Forces a full GC in the instance (the probe's trigger file) and returns the sample it writes:
 * heap and RSS after the collection, in MB.
 */
export async function afterGc(
  pid: number,
  file: string,
): Promise<{ rssMb: number; heapMb: number }> {
  const before = readSamples(file).filter((s) => s.gc === true).length;
  writeFileSync(`${file}.gc`, String(pid));
  const deadline = Date.now() + 10_000;
  for (;;) {
    const gcs = readSamples(file).filter((s) => s.gc === true);
    if (gcs.length > before) {
      const last = gcs[gcs.length - 1];
      return { rssMb: last.rss / MB, heapMb: last.heapUsed / MB };
    }
    if (Date.now() > deadline) throw new Error(`no memory sample after GC from pid ${pid}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
