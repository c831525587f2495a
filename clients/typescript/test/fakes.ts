import type { Clock } from '../src/clock';

/** A clock that moves only when told: timers run in time order as it advances. */
export class FakeClock implements Clock {
  private time = 0;
  private seq = 0;
  private timers = new Map<number, { at: number; callback: () => void }>();

  now(): number {
    return this.time;
  }
  setTimeout(callback: () => void, ms: number): unknown {
    const id = ++this.seq;
    this.timers.set(id, { at: this.time + ms, callback });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  /** Moves to the next timer and runs it; false when none is pending. */
  advanceToNext(): boolean {
    const next = [...this.timers.entries()].sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
    if (next === undefined) return false;
    this.timers.delete(next[0]);
    this.time = Math.max(this.time, next[1].at);
    next[1].callback();
    return true;
  }
}

/** Lets every promise that can settle now settle (real macrotask turns, no real time). */
export async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** Runs `promise` to its end, advancing the fake clock whenever nothing else can happen. */
export async function drive<T>(clock: FakeClock, promise: Promise<T>): Promise<T> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (;;) {
    await flush();
    if (settled) return promise;
    if (!clock.advanceToNext()) throw new Error('the call waits on nothing the test controls');
  }
}

export type Step =
  { status: number; body?: unknown; headers?: Record<string, string> } | 'network' | 'hang';

export interface RecordedCall {
  at: number;
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/**
 * A fetch that answers from a script, one step per call (the last step repeats), and records
 * what was sent and when (on the fake clock). 'hang' never answers until the request is aborted.
 */
export function scriptedFetch(clock: FakeClock, steps: Step[]) {
  const calls: RecordedCall[] = [];
  const fetch = (
    input: Parameters<typeof globalThis.fetch>[0],
    init?: RequestInit,
  ): Promise<Response> => {
    const step = steps[Math.min(calls.length, steps.length - 1)];
    calls.push({
      at: clock.now(),
      url: String(input),
      method: init?.method ?? 'GET',
      headers: { ...(init?.headers as Record<string, string>) },
      body: init?.body as string | undefined,
    });
    if (step === 'network') return Promise.reject(new TypeError('fetch failed'));
    if (step === 'hang') {
      return new Promise((_, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal!.reason));
      });
    }
    const problem = step.status >= 400 && typeof step.body === 'object';
    return Promise.resolve(
      new Response(step.body === undefined ? null : JSON.stringify(step.body), {
        status: step.status,
        headers: {
          'Content-Type': problem ? 'application/problem+json' : 'application/json',
          ...step.headers,
        },
      }),
    );
  };
  return { fetch: fetch as typeof globalThis.fetch, calls };
}

export const problem = (status: number, code: string, detail = code) => ({
  type: `https://ticket-service.dev/problems/${code.toLowerCase()}`,
  title: code,
  status,
  detail,
  code,
});
