import { createClient } from '../src/client';
import { IdempotencyKeyReusedError, TicketServiceError } from '../src/errors';
import { isIdempotencyKey } from '../src/keys';
import {
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  retryDelay,
  retryReason,
  type RetryPolicy,
} from '../src/retry';
import type { RetryInfo } from '../src/transport';
import { drive, FakeClock, flush, problem, scriptedFetch, type Step } from './fakes';

const ORDER = { id: 'o1', status: 'pending_payment' };
const PURCHASE = { ticketTypeId: 't1', quantity: 1, customerEmail: 'a@example.com' };

function setup(steps: Step[], retry: Partial<RetryPolicy> = {}, random = () => 0.5) {
  const clock = new FakeClock();
  const { fetch, calls } = scriptedFetch(clock, steps);
  const retries: RetryInfo[] = [];
  const client = createClient({
    baseUrl: 'http://api.test/',
    apiKey: 'tsk_test',
    fetch,
    clock,
    random,
    retry,
    onRetry: (info) => retries.push(info),
  });
  const purchase = (options?: Parameters<typeof client.purchases.create>[1]) =>
    drive(clock, client.purchases.create(PURCHASE, options));
  return { clock, calls, client, retries, purchase };
}

/** The error a call rejects with. */
async function failure(promise: Promise<unknown>): Promise<TicketServiceError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof TicketServiceError))
    throw new Error(`expected a TicketServiceError, got ${String(error)}`);
  return error;
}

describe('retry policy: which outcomes are retried', () => {
  it.each<[string, Step]>([
    ['a network error', 'network'],
    ['a 500', { status: 500, body: problem(500, 'INTERNAL') }],
    ['a 502 that is not problem JSON', { status: 502, body: '<html>bad gateway</html>' }],
    [
      'a 503 with Retry-After',
      { status: 503, body: problem(503, 'SERVICE_UNAVAILABLE'), headers: { 'Retry-After': '2' } },
    ],
    ['a 429', { status: 429, body: problem(429, 'RATE_LIMITED'), headers: { 'Retry-After': '1' } }],
    [
      'a 409 IDEMPOTENCY_REQUEST_IN_PROGRESS',
      {
        status: 409,
        body: problem(409, 'IDEMPOTENCY_REQUEST_IN_PROGRESS'),
        headers: { 'Retry-After': '1' },
      },
    ],
  ])(
    'retries %s with the same Idempotency-Key, and says the success was a replay',
    async (_, step) => {
      const { calls, purchase, retries } = setup([
        step,
        { status: 201, body: ORDER, headers: { 'X-Idempotent-Replayed': 'true' } },
      ]);
      const result = await purchase();
      expect(result).toMatchObject({ data: ORDER, status: 201, replayed: true, attempts: 2 });
      expect(calls).toHaveLength(2);
      const keys = calls.map((c) => c.headers['Idempotency-Key']);
      expect(isIdempotencyKey(keys[0])).toBe(true);
      expect(keys[1]).toBe(keys[0]);
      expect(result.idempotencyKey).toBe(keys[0]);
      expect(calls[1].body).toBe(calls[0].body);
      expect(retries).toHaveLength(1);
    },
  );

  it('retries an attempt that times out, aborting it first', async () => {
    const { calls, purchase, retries } = setup(['hang', { status: 201, body: ORDER }], {
      attemptTimeoutMs: 1000,
    });
    const result = await purchase();
    expect(result).toMatchObject({ replayed: false, attempts: 2 });
    expect(retries[0]).toMatchObject({ reason: 'timeout', attempt: 1 });
    expect(calls[1].at).toBeGreaterThanOrEqual(1000);
  });

  it.each<[number, string]>([
    [400, 'VALIDATION_FAILED'],
    [401, 'UNAUTHORIZED'],
    [404, 'NOT_FOUND'],
    [409, 'INSUFFICIENT_INVENTORY'],
    [409, 'RESERVATION_NOT_ACTIVE'],
    [413, 'PAYLOAD_TOO_LARGE'],
  ])('never retries a %i %s: one attempt, the problem JSON on the error', async (status, code) => {
    const body = {
      ...problem(status, code, 'why'),
      errors: [{ field: 'quantity', messages: ['too big'] }],
    };
    const { calls, purchase } = setup([
      { status, body },
      { status: 201, body: ORDER },
    ]);
    const error = await failure(purchase());
    expect(calls).toHaveLength(1);
    expect(error).toMatchObject({ status, code, detail: 'why', attempts: 1, problem: body });
    expect(error.errors).toEqual([{ field: 'quantity', messages: ['too big'] }]);
    expect(error.idempotencyKey).toBe(calls[0].headers['Idempotency-Key']);
    expect(error).not.toBeInstanceOf(IdempotencyKeyReusedError);
  });

  it('surfaces 422 IDEMPOTENCY_KEY_REUSED as a programming error, never retried', async () => {
    const { calls, purchase } = setup([
      { status: 422, body: problem(422, 'IDEMPOTENCY_KEY_REUSED') },
    ]);
    const key = '0f3c2a1e-5b6d-4c7e-8f90-a1b2c3d4e5f6';
    const error = await failure(purchase({ idempotencyKey: key }));
    expect(error).toBeInstanceOf(IdempotencyKeyReusedError);
    expect(error).toBeInstanceOf(TicketServiceError);
    expect(error).toMatchObject({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED', attempts: 1 });
    expect(error.message).toMatch(
      /^Programming error: Idempotency-Key 0f3c2a1e-.* was already used/,
    );
    expect(calls).toHaveLength(1);
  });

  it('classifies outcomes as the README says', () => {
    expect(retryReason({ kind: 'network' })).toBe('network');
    expect(retryReason({ kind: 'timeout' })).toBe('timeout');
    expect(retryReason({ kind: 'response', status: 500 })).toBe('server_error');
    expect(retryReason({ kind: 'response', status: 599 })).toBe('server_error');
    expect(retryReason({ kind: 'response', status: 429 })).toBe('rate_limited');
    expect(
      retryReason({ kind: 'response', status: 409, code: 'IDEMPOTENCY_REQUEST_IN_PROGRESS' }),
    ).toBe('in_progress');
    for (const status of [200, 201, 202, 304, 400, 401, 403, 404, 409, 413, 422]) {
      expect([status, retryReason({ kind: 'response', status, code: 'X' })]).toEqual([
        status,
        undefined,
      ]);
    }
  });
});

describe('retry policy: how long it waits', () => {
  it('backs off exponentially with equal jitter, capped at maxDelayMs', () => {
    const policy = { baseDelayMs: 250, maxDelayMs: 5000 };
    const low = () => 0;
    const high = () => 0.999999;
    const bounds = [1, 2, 3, 4, 5, 6, 7].map((n) => [
      retryDelay(policy, n, undefined, low),
      retryDelay(policy, n, undefined, high),
    ]);
    expect(bounds).toEqual([
      [125, 250],
      [250, 500],
      [500, 1000],
      [1000, 2000],
      [2000, 4000],
      [2500, 5000],
      [2500, 5000],
    ]);
  });

  it('waits at least Retry-After, plus up to 10 % jitter, even above maxDelayMs', () => {
    const policy = { baseDelayMs: 250, maxDelayMs: 5000 };
    expect(retryDelay(policy, 1, 8000, () => 0)).toBe(8000);
    expect(retryDelay(policy, 1, 8000, () => 0.999999)).toBe(8800);
    expect(parseRetryAfter('3', 0)).toBe(3000);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:10 GMT', 4000)).toBe(6000);
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:01 GMT', 4000)).toBe(0);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter(null, 0)).toBeUndefined();
  });

  it('spaces real attempts by those waits on the clock', async () => {
    const { calls, purchase, retries } = setup(
      ['network', 'network', 'network', { status: 201, body: ORDER }],
      {},
      () => 0,
    );
    await purchase();
    expect(calls.map((c) => c.at)).toEqual([0, 125, 125 + 250, 125 + 250 + 500]);
    expect(retries.map((r) => r.delayMs)).toEqual([125, 250, 500]);
  });

  it('honours Retry-After of a 409 in progress and of a 429', async () => {
    const { calls, purchase } = setup(
      [
        {
          status: 409,
          body: problem(409, 'IDEMPOTENCY_REQUEST_IN_PROGRESS'),
          headers: { 'Retry-After': '2' },
        },
        { status: 429, body: problem(429, 'RATE_LIMITED'), headers: { 'Retry-After': '3' } },
        { status: 201, body: ORDER, headers: { 'X-Idempotent-Replayed': 'true' } },
      ],
      {},
      () => 0,
    );
    const result = await purchase();
    expect(calls.map((c) => c.at)).toEqual([0, 2000, 5000]);
    expect(result.replayed).toBe(true);
  });
});

describe('retry policy: limits', () => {
  it('stops after maxAttempts and throws the last error', async () => {
    const { calls, purchase } = setup(
      [{ status: 503, body: problem(503, 'SERVICE_UNAVAILABLE') }],
      {
        maxAttempts: 4,
      },
    );
    const error = await failure(purchase());
    expect(calls).toHaveLength(4);
    expect(error).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', attempts: 4 });
    expect(new Set(calls.map((c) => c.headers['Idempotency-Key'])).size).toBe(1);
  });

  it('never waits past the deadline: a Retry-After beyond it ends the call at once', async () => {
    const { clock, calls, purchase } = setup(
      [
        {
          status: 503,
          body: problem(503, 'SERVICE_UNAVAILABLE'),
          headers: { 'Retry-After': '120' },
        },
      ],
      { deadlineMs: 60_000 },
    );
    const error = await failure(purchase());
    expect(calls).toHaveLength(1);
    expect(clock.now()).toBe(0);
    expect(error).toMatchObject({ status: 503, retryAfterSeconds: 120, attempts: 1 });
  });

  it('bounds the last attempt by what is left of the deadline', async () => {
    const { clock, calls, purchase } = setup(
      ['hang'],
      {
        deadlineMs: 10_000,
        attemptTimeoutMs: 4_000,
        maxAttempts: 100,
      },
      () => 0,
    );
    const error = await failure(purchase());
    expect(error).toMatchObject({ status: 0, code: 'TIMEOUT' });
    // 0–4000 timeout, wait 125, 4125–8125 timeout, wait 250, 8375–10000 (cut to the deadline).
    expect(calls.map((c) => c.at)).toEqual([0, 4125, 8375]);
    expect(clock.now()).toBe(10_000);
  });

  it('gives a network failure the code NETWORK_ERROR and status 0 once attempts run out', async () => {
    const { purchase } = setup(['network'], { maxAttempts: 2 });
    const error = await failure(purchase());
    expect(error).toMatchObject({ status: 0, code: 'NETWORK_ERROR', attempts: 2 });
    expect(error.cause).toBeInstanceOf(TypeError);
  });

  it('does not retry at all with maxAttempts 1', async () => {
    const { calls, purchase } = setup(['network'], { maxAttempts: 1 });
    await failure(purchase());
    expect(calls).toHaveLength(1);
  });
});

describe('abort', () => {
  it('ends a wait between attempts at once with the signal’s reason, and sends nothing more', async () => {
    const { clock, calls, client } = setup(['network']);
    const controller = new AbortController();
    const call = client.purchases.create(PURCHASE, { signal: controller.signal });
    const outcome = call.then(
      () => 'resolved',
      (e: unknown) => e,
    );
    await flush(); // the first attempt fails; the client now waits on the clock
    expect(calls).toHaveLength(1);
    const reason = new Error('user left');
    controller.abort(reason);
    expect(await outcome).toBe(reason);
    expect(calls).toHaveLength(1);
    expect(clock.advanceToNext()).toBe(false);
  });

  it('aborts an attempt in flight', async () => {
    const { clock, calls, client } = setup(['hang']);
    const controller = new AbortController();
    const outcome = client.orders.get('o1', { signal: controller.signal }).then(
      () => 'resolved',
      (e: unknown) => e,
    );
    await new Promise((r) => setImmediate(r));
    controller.abort();
    const error = (await outcome) as Error;
    expect(error.name).toBe('AbortError');
    expect(calls).toHaveLength(1);
    expect(clock.advanceToNext()).toBe(false);
  });

  it('does not start when the signal is already aborted', async () => {
    const { calls, client } = setup([{ status: 200, body: ORDER }]);
    await expect(client.orders.get('o1', { signal: AbortSignal.abort() })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(calls).toHaveLength(0);
  });
});

describe('keys and credentials', () => {
  it('makes a new key per call, and sends a caller-given key on every attempt', async () => {
    const { calls, purchase } = setup(['network', { status: 201, body: ORDER }]);
    await purchase();
    await purchase();
    const key = '7d9e1c3a-2b4f-4a6e-9c8d-0e1f2a3b4c5d';
    await purchase({ idempotencyKey: key });
    const keys = calls.map((c) => c.headers['Idempotency-Key']);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
    expect(keys.slice(3)).toEqual([key]);
  });

  it('refuses a caller-given key that is not a UUID v4 before sending anything', async () => {
    const { calls, client } = setup([{ status: 201, body: ORDER }]);
    await expect(client.purchases.create(PURCHASE, { idempotencyKey: 'order-42' })).rejects.toThrow(
      TypeError,
    );
    expect(calls).toHaveLength(0);
  });

  it('sends no key on a GET, and retries GETs on the same outcomes', async () => {
    const { clock, calls, client } = setup(['network', { status: 200, body: ORDER }]);
    const result = await drive(clock, client.orders.get('o/1'));
    expect(result).toMatchObject({ data: ORDER, attempts: 2, replayed: false });
    expect(calls[0].headers['Idempotency-Key']).toBeUndefined();
    expect(calls[0].url).toBe('http://api.test/v1/orders/o%2F1');
    expect(calls[0].headers.Authorization).toBe('Bearer tsk_test');
  });

  it('asks a key supplier before every attempt', async () => {
    const clock = new FakeClock();
    const { fetch, calls } = scriptedFetch(clock, ['network', { status: 200, body: ORDER }]);
    let n = 0;
    const client = createClient({
      baseUrl: 'http://api.test',
      apiKey: async () => `tsk_${++n}`,
      fetch,
      clock,
    });
    await drive(clock, client.orders.get('o1'));
    expect(calls.map((c) => c.headers.Authorization)).toEqual(['Bearer tsk_1', 'Bearer tsk_2']);
  });

  it('has the documented defaults', () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({
      maxAttempts: 6,
      baseDelayMs: 250,
      maxDelayMs: 5000,
      attemptTimeoutMs: 20000,
      deadlineMs: 60000,
    });
  });
});
