/**
 * The retry policy, as pure functions: which outcomes are retried, and how long to wait.
 * The package README spells it out for users; test/retry.spec.ts holds it to that.
 */

export interface RetryPolicy {
  /** HTTP attempts per call, the first included; 1 turns retries off. */
  maxAttempts: number;
  /** The wait before the first retry is drawn from [base/2, base]; it doubles on each retry. */
  baseDelayMs: number;
  /** Cap of that doubling backoff (a `Retry-After` from the service is not capped: see below). */
  maxDelayMs: number;
  /** Each attempt's own timeout, until the whole response body has arrived. */
  attemptTimeoutMs: number;
  /**
   * From the start of the call: no attempt runs past it and no wait is started that would end
   * after it; the last error is thrown instead.
   */
  deadlineMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 6,
  baseDelayMs: 250,
  maxDelayMs: 5_000,
  attemptTimeoutMs: 20_000,
  // Longer than the service's default idempotency lease (30 s): a retry that meets the key of an
  // attempt that died mid-request waits the lease out and then takes the key over.
  deadlineMs: 60_000,
});

/** Why an attempt is retried. */
export type RetryReason =
  | 'network' // the connection failed or was cut, whether or not the service got the request
  | 'timeout' // no complete response within attemptTimeoutMs
  | 'server_error' // 5xx: nothing was stored, the same key may be sent again
  | 'rate_limited' // 429
  | 'in_progress'; // 409 IDEMPOTENCY_REQUEST_IN_PROGRESS: an attempt with this key is still running

/** What an attempt ended with, as far as the policy cares. */
export type AttemptOutcome =
  { kind: 'network' } | { kind: 'timeout' } | { kind: 'response'; status: number; code?: string };

/**
 * The retry reason of an outcome, or undefined when it must not be retried: every 2xx/3xx, and
 * every 4xx but 429 and 409 IDEMPOTENCY_REQUEST_IN_PROGRESS (another 409, such as
 * INSUFFICIENT_INVENTORY, is an answer; 422 IDEMPOTENCY_KEY_REUSED is a bug in the caller).
 */
export function retryReason(outcome: AttemptOutcome): RetryReason | undefined {
  if (outcome.kind === 'network') return 'network';
  if (outcome.kind === 'timeout') return 'timeout';
  if (outcome.status >= 500) return 'server_error';
  if (outcome.status === 429) return 'rate_limited';
  if (outcome.status === 409 && outcome.code === 'IDEMPOTENCY_REQUEST_IN_PROGRESS') {
    return 'in_progress';
  }
  return undefined;
}

/**
 * `Retry-After` in milliseconds: delay-seconds, or an HTTP date relative to `now`. Undefined when
 * absent or unreadable; never negative.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * The wait before retry number `retry` (1 for the first retry).
 * - With a `Retry-After` from the service: at least that long, plus up to 10 % jitter (so that
 *   many clients told the same second do not all come back in it).
 * - Otherwise capped exponential backoff with "equal jitter": the cap is
 *   min(maxDelayMs, baseDelayMs × 2^(retry−1)) and the wait is drawn from [cap/2, cap].
 * `random` is Math.random-like: [0, 1).
 */
export function retryDelay(
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  retry: number,
  retryAfterMs: number | undefined,
  random: () => number,
): number {
  if (retryAfterMs !== undefined && retryAfterMs > 0) {
    return Math.round(retryAfterMs * (1 + 0.1 * random()));
  }
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(cap / 2 + (cap / 2) * random());
}

export function resolvePolicy(...layers: Array<Partial<RetryPolicy> | undefined>): RetryPolicy {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY };
  for (const layer of layers) {
    if (layer === undefined) continue;
    for (const [name, value] of Object.entries(layer) as Array<[keyof RetryPolicy, number]>) {
      if (value !== undefined) policy[name] = value;
    }
  }
  for (const [name, value] of Object.entries(policy)) {
    if (!Number.isFinite(value) || value < 0)
      throw new RangeError(`retry.${name} must be a number ≥ 0`);
  }
  if (policy.maxAttempts < 1) throw new RangeError('retry.maxAttempts must be at least 1');
  return policy;
}
