import { type Clock, sleep, systemClock } from './clock.js';
import {
  IdempotencyKeyReusedError,
  type Problem,
  TicketServiceError,
  type ErrorContext,
} from './errors.js';
import { isIdempotencyKey, newIdempotencyKey } from './keys.js';
import {
  type AttemptOutcome,
  type RetryPolicy,
  type RetryReason,
  parseRetryAfter,
  resolvePolicy,
  retryDelay,
  retryReason,
} from './retry.js';

export type ApiKey = string | (() => string | Promise<string>);

export interface RetryInfo {
  method: string;
  path: string;
  /** The attempt that just failed (1 for the first). */
  attempt: number;
  reason: RetryReason;
  /** How long the client now waits before the next attempt. */
  delayMs: number;
  status?: number;
  code?: string;
  idempotencyKey?: string;
}

export interface ClientOptions {
  /** The service's base URL, e.g. `https://tickets.example.com` (no `/v1`). */
  baseUrl: string;
  /**
   * A tenant API key (or, for `admin.*`, the admin token), or a function that returns one; the
   * function is called before every attempt, so a key fetched from your own backend can change.
   */
  apiKey?: ApiKey;
  /** Retry policy for every call of this client (each field optional; see DEFAULT_RETRY_POLICY). */
  retry?: Partial<RetryPolicy>;
  /** Told about every retry before its wait, e.g. to log or to show "still working…". */
  onRetry?: (info: RetryInfo) => void;
  /** Another fetch (a test double, an instrumented one); defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
  /** For tests: the clock the waits and timeouts run on, and the jitter's random source. */
  clock?: Clock;
  random?: () => number;
}

export interface CallOptions {
  /**
   * The Idempotency-Key of this operation (POST only). Give one when the operation must survive a
   * page reload or a process restart: keep it (e.g. in sessionStorage) until the operation has an
   * outcome, and send it again. Without it the client makes one per call.
   */
  idempotencyKey?: string;
  /** Aborts the current attempt and any wait; the call rejects with the signal's reason. */
  signal?: AbortSignal;
  /** This call's policy on top of the client's. */
  retry?: Partial<RetryPolicy>;
}

export interface ApiResponse<T> {
  data: T;
  status: number;
  /**
   * True when the service answered from its record of an earlier attempt with the same key
   * (`X-Idempotent-Replayed: true`): the operation had already happened, once.
   */
  replayed: boolean;
  /** The key the POST was sent with. */
  idempotencyKey?: string;
  /** HTTP attempts made, the first included. */
  attempts: number;
  location?: string;
  requestId?: string;
}

export interface RequestSpec {
  method: 'GET' | 'POST';
  /** The route as the OpenAPI document names it, e.g. `/v1/orders/{id}` (for errors and logs). */
  route: string;
  /** The path with parameters filled in. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
}

interface AttemptResult {
  outcome: AttemptOutcome;
  response?: Response;
  body?: unknown;
  problem?: Problem;
  cause?: unknown;
}

const TIMEOUT = Symbol('attempt timeout');

export class Transport {
  private readonly baseUrl: string;
  private readonly fetch: typeof fetch;
  private readonly clock: Clock;
  private readonly random: () => number;

  constructor(private readonly options: ClientOptions) {
    if (typeof options.baseUrl !== 'string' || !/^https?:\/\//.test(options.baseUrl)) {
      throw new TypeError('baseUrl must be an http(s) URL');
    }
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    // Called through a wrapper: browsers refuse a fetch that is not called on the window.
    const f =
      options.fetch ??
      ((input: Parameters<typeof fetch>[0], init?: RequestInit) => globalThis.fetch(input, init));
    this.fetch = f;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    resolvePolicy(options.retry);
  }

  async request<T>(spec: RequestSpec, call: CallOptions = {}): Promise<ApiResponse<T>> {
    const policy = resolvePolicy(this.options.retry, call.retry);
    const signal = call.signal;
    let idempotencyKey: string | undefined;
    if (spec.method === 'POST') {
      idempotencyKey = call.idempotencyKey ?? newIdempotencyKey();
      if (!isIdempotencyKey(idempotencyKey)) {
        throw new TypeError(
          `idempotencyKey must be a UUID v4 (8-4-4-4-12), got "${idempotencyKey}"`,
        );
      }
    } else if (call.idempotencyKey !== undefined) {
      throw new TypeError(`idempotencyKey applies to POST only, not ${spec.method} ${spec.route}`);
    }
    const deadline = this.clock.now() + policy.deadlineMs;
    const url = this.url(spec);

    for (let attempt = 1; ; attempt++) {
      if (signal?.aborted) throw signal.reason;
      const remaining = deadline - this.clock.now();
      const result = await this.attempt(
        spec,
        url,
        idempotencyKey,
        Math.min(policy.attemptTimeoutMs, remaining),
        signal,
      );
      const { outcome, response } = result;

      if (outcome.kind === 'response' && outcome.status < 400) {
        return {
          data: result.body as T,
          status: outcome.status,
          replayed: response!.headers.get('X-Idempotent-Replayed') === 'true',
          idempotencyKey,
          attempts: attempt,
          location: response!.headers.get('Location') ?? undefined,
          requestId: response!.headers.get('X-Request-Id') ?? undefined,
        };
      }

      const retryAfterMs = parseRetryAfter(response?.headers.get('Retry-After'), this.clock.now());
      const context: ErrorContext = {
        method: spec.method,
        path: spec.route,
        attempts: attempt,
        idempotencyKey,
        requestId: response?.headers.get('X-Request-Id') ?? undefined,
        retryAfterSeconds: retryAfterMs === undefined ? undefined : Math.ceil(retryAfterMs / 1000),
        cause: result.cause,
      };
      const error = this.error(result, context);
      const reason = retryReason(outcome);
      if (reason === undefined || attempt >= policy.maxAttempts) throw error;
      const delayMs = retryDelay(policy, attempt, retryAfterMs, this.random);
      // A wait that would end past the deadline cannot lead to an attempt: give up now.
      if (this.clock.now() + delayMs >= deadline) throw error;
      this.options.onRetry?.({
        method: spec.method,
        path: spec.route,
        attempt,
        reason,
        delayMs,
        status: outcome.kind === 'response' ? outcome.status : undefined,
        code: outcome.kind === 'response' ? outcome.code : undefined,
        idempotencyKey,
      });
      await sleep(this.clock, delayMs, signal);
    }
  }

  private url(spec: RequestSpec): string {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(spec.query ?? {})) {
      if (value !== undefined) params.set(name, String(value));
    }
    const query = params.toString();
    return `${this.baseUrl}${spec.path}${query === '' ? '' : `?${query}`}`;
  }

  private async headers(
    spec: RequestSpec,
    idempotencyKey: string | undefined,
  ): Promise<Record<string, string>> {
    const headers: Record<string, string> = {
      Accept: 'application/json, application/problem+json',
      ...this.options.headers,
    };
    const apiKey = this.options.apiKey;
    const key = typeof apiKey === 'function' ? await apiKey() : apiKey;
    if (key !== undefined && key !== '') headers.Authorization = `Bearer ${key}`;
    if (spec.method === 'POST') {
      headers['Content-Type'] = 'application/json';
      headers['Idempotency-Key'] = idempotencyKey!;
    }
    return headers;
  }

  /** One HTTP attempt, bounded by `timeoutMs` until its whole body has been read. */
  private async attempt(
    spec: RequestSpec,
    url: string,
    idempotencyKey: string | undefined,
    timeoutMs: number,
    signal: AbortSignal | undefined,
  ): Promise<AttemptResult> {
    const controller = new AbortController();
    const onAbort = () => controller.abort(signal!.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const timer = this.clock.setTimeout(() => controller.abort(TIMEOUT), Math.max(0, timeoutMs));
    try {
      const response = await this.fetch(url, {
        method: spec.method,
        headers: await this.headers(spec, idempotencyKey),
        body: spec.method === 'POST' ? JSON.stringify(spec.body ?? {}) : undefined,
        signal: controller.signal,
      });
      const text = await response.text();
      const type = response.headers.get('Content-Type') ?? '';
      let body: unknown = text;
      if (text !== '' && /json/i.test(type)) {
        try {
          body = JSON.parse(text);
        } catch (cause) {
          // A 2xx whose JSON does not parse is not an answer we can hand on; a 5xx proxy page is.
          if (response.ok)
            return { outcome: { kind: 'response', status: 502 }, response, body: text, cause };
        }
      }
      const problem = isProblem(body) ? body : undefined;
      return {
        outcome: { kind: 'response', status: response.status, code: problem?.code },
        response,
        body,
        problem,
      };
    } catch (cause) {
      if (signal?.aborted) throw signal.reason;
      if (controller.signal.aborted && controller.signal.reason === TIMEOUT) {
        return { outcome: { kind: 'timeout' }, cause };
      }
      return { outcome: { kind: 'network' }, cause };
    } finally {
      this.clock.clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private error(result: AttemptResult, context: ErrorContext): TicketServiceError {
    const { outcome, problem } = result;
    if (outcome.kind === 'network') {
      const detail = result.cause instanceof Error ? result.cause.message : 'the connection failed';
      return new TicketServiceError(0, undefined, { code: 'NETWORK_ERROR', detail }, context);
    }
    if (outcome.kind === 'timeout') {
      return new TicketServiceError(
        0,
        undefined,
        { code: 'TIMEOUT', detail: 'no complete response within the attempt timeout' },
        context,
      );
    }
    if (outcome.status === 422 && problem?.code === 'IDEMPOTENCY_KEY_REUSED') {
      return new IdempotencyKeyReusedError(problem, context);
    }
    const detail =
      typeof result.body === 'string' && result.body !== ''
        ? result.body.slice(0, 200)
        : `HTTP ${outcome.status}`;
    return new TicketServiceError(outcome.status, problem, { code: 'HTTP_ERROR', detail }, context);
  }
}

function isProblem(body: unknown): body is Problem {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as { code?: unknown }).code === 'string' &&
    typeof (body as { status?: unknown }).status === 'number'
  );
}
