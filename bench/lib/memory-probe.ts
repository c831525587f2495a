/**
 * Bench-only preload (`node --expose-gc -r memory-probe.js main.js`): lets the benchmark read a
 * service instance's memory without any code in the service. Every second it appends
 * `{t, rss, heapUsed, heapTotal, external}` (bytes) to BENCH_MEMORY_FILE; when the file
 * `<BENCH_MEMORY_FILE>.gc` appears it removes it, forces a full garbage collection and appends the
 * sample with `gc: true`, so "heap after a forced GC" is measured inside the process. (Not a
 * signal: Nest's enableShutdownHooks() shuts the service down on SIGUSR2, SIGUSR1 is the
 * inspector's.)
 */
import { appendFileSync, existsSync, rmSync } from 'node:fs';

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
  setInterval(() => {
    if (!existsSync(`${file}.gc`)) return;
    rmSync(`${file}.gc`, { force: true });
    const collect = (globalThis as { gc?: () => void }).gc;
    if (collect !== undefined) {
      collect();
      collect();
    }
    sample(true);
  }, 200).unref();
}
