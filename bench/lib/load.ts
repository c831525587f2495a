/**
 * One load run with autocannon. Latencies are taken from every response's own timing (float ms),
 * not from autocannon's integer-millisecond histogram, so that ratios of a few-millisecond p50 are
 * not quantised; with a fixed rate (overallRate) they are service times, not corrected for
 * coordinated omission.
 */
import autocannon from 'autocannon';

export interface RequestSpec {
  method?: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

export interface LoadOptions {
  url: string;
  connections: number;
  /** Seconds; ignored when `amount` is set. */
  duration?: number;
  amount?: number;
  overallRate?: number;
  /** Called for every request autocannon sends. */
  next: () => RequestSpec;
  /** Polled every 250 ms; the run stops as soon as it returns true. */
  stopWhen?: () => Promise<boolean>;
  /** Return every response's time (sorted), to merge runs that ran side by side. */
  keepTimes?: boolean;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  status: Record<string, number>;
  errors: number;
  /** CPU milliseconds per request of the service process, PostgreSQL and Redis, when measured. */
  cpu?: { service: number; postgres: number; redis: number };
  /** Every response's time in ms, sorted (with `keepTimes`). */
  times?: number[];
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const times: number[] = [];
  const started = process.hrtime.bigint();
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    ...(options.amount !== undefined
      ? { amount: options.amount }
      : { duration: options.duration ?? 10 }),
    ...(options.overallRate !== undefined ? { overallRate: options.overallRate } : {}),
    timeout: 30,
    requests: [
      {
        method: 'POST',
        setupRequest: () => {
          const spec = options.next();
          return {
            method: spec.method ?? 'POST',
            path: spec.path,
            headers: spec.headers,
            body: spec.body,
          };
        },
      },
    ],
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
    times.push(ms);
  });
  let polling = options.stopWhen !== undefined;
  const poller = (async () => {
    while (polling) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      if (polling && (await options.stopWhen!().catch(() => false))) {
        polling = false;
        instance.stop();
      }
    }
  })();
  const result = await instance;
  polling = false;
  await poller;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  times.sort((a, b) => a - b);
  const status: Record<string, number> = {};
  for (const [code, stats] of Object.entries(result.statusCodeStats)) {
    status[code] = Number(stats.count);
  }
  return {
    requests: times.length,
    seconds,
    rps: times.length / (options.amount !== undefined ? seconds : result.duration || seconds),
    p50: percentile(times, 50),
    p90: percentile(times, 90),
    p99: percentile(times, 99),
    max: times.length > 0 ? times[times.length - 1] : NaN,
    status,
    errors: result.errors,
    ...(options.keepTimes === true ? { times } : {}),
  };
}

/** A JSON POST with a tenant's bearer token and an Idempotency-Key. */
export function tenantPost(path: string, apiKey: string, key: string, body: unknown): RequestSpec {
  return {
    path,
    headers: {
      authorization: `Bearer ${apiKey}`,
      'content-type': 'application/json',
      'idempotency-key': key,
    },
    body: JSON.stringify(body),
  };
}
