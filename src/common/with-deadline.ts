/**
 * Settles with `work`, or rejects after `ms` when `work` has not settled by then. For calls that
 * would otherwise wait as long as a backing service is down (Bull and ioredis wait for Redis to
 * come back; a health check must answer now). `work` itself is not cancelled.
 */
export function withDeadline<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer in ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
