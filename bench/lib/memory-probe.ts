/**
 * Bench-only preload (`node --expose-gc -r memory-probe.js main.js`): lets the benchmark read a
 * service instance's memory without any code in the service. Every second it appends
 * `{t, rss, heapUsed, heapTotal, external}` (bytes) to BENCH_MEMORY_FILE; on SIGUSR2 it forces a
 * full garbage collection first and appends the sample with `gc: true`, so "heap after a forced
 * GC" is measured inside the process. SIGUSR2 is free: Node uses SIGUSR1 for its inspector.
 */
import { appendFileSync } from 'node:fs';

const file = process.env.BENCH_MEMORY_FILE;

function sample(gc: boolean): void {
  if (file === undefined) return;
  const m = process.memoryUsage();
  appendFileSync(
    file,
    JSON.stringify({
      t: Date.now(),
      rss: m.rss,
      heapUsed: m.heapUsed,
      heapTotal: m.heapTotal,
      external: m.external,
      ...(gc ? { gc: true } : {}),
    }) + '\n',
  );
}

if (file !== undefined) {
  setInterval(() => sample(false), 1000).unref();
  process.on('SIGUSR2', () => {
    const collect = (globalThis as { gc?: () => void }).gc;
    if (collect !== undefined) {
      collect();
      collect();
    }
    sample(true);
  });
}
