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
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

const file = process.env.BENCH_MEMORY_FILE;
// The event loop's delay and utilisation over each second, with the memory sample: how long a
// callback (say, a query's result inside a transaction that holds a hot row) waits for its turn.
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
let utilisationFrom = performance.eventLoopUtilization();

function sample(gc: boolean): void {
  if (file === undefined) return;
  const m = process.memoryUsage();
  const utilisation = performance.eventLoopUtilization(utilisationFrom);
  utilisationFrom = performance.eventLoopUtilization();
  const loop = gc
    ? {}
    : {
        loopP50Ms: loopDelay.percentile(50) / 1e6,
        loopP99Ms: loopDelay.percentile(99) / 1e6,
        loopMaxMs: loopDelay.max / 1e6,
        elu: utilisation.utilization,
      };
  if (!gc) loopDelay.reset();
  appendFileSync(
    file,
    JSON.stringify({
      t: Date.now(),
      rss: m.rss,
      heapUsed: m.heapUsed,
      heapTotal: m.heapTotal,
      external: m.external,
      ...loop,
      ...(gc ? { gc: true } : {}),
    }) + '\n',
  );
}

if (file !== undefined) {
  loopDelay.enable();
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
