/**
 * The few HTTP calls the benchmark and the drills make to set up tenants, events and ticket types,
 * plus Stripe-style webhook signing. Plain fetch over loopback.
 */
import { createHmac, randomUUID } from 'node:crypto';

export const ADMIN_TOKEN = process.env.ADMIN_TOKEN ?? 'dev-admin-token';
export const WEBHOOK_SECRET = 'whsec_bench_and_drills';

export interface HttpResult<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

/** One idempotent POST with a JSON body; the answer as sent (its text unparsed). */
export async function postText(
  baseUrl: string,
  path: string,
  token: string,
  body: unknown,
  key: string = randomUUID(),
  timeoutMs = 30000,
): Promise<{ status: number; text: string; headers: Headers }> {
  const res = await fetch(baseUrl + path, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
      'Idempotency-Key': key,
    },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

export async function post<T = Record<string, unknown>>(
  baseUrl: string,
  path: string,
  token: string,
  body: unknown,
  key: string = randomUUID(),
  timeoutMs = 30000,
): Promise<HttpResult<T>> {
  const { status, text, headers } = await postText(baseUrl, path, token, body, key, timeoutMs);
  return { status, body: (text === '' ? {} : JSON.parse(text)) as T, headers };
}

export async function get<T = Record<string, unknown>>(
  baseUrl: string,
  path: string,
  token: string,
): Promise<HttpResult<T>> {
  const res = await fetch(baseUrl + path, {
    headers: { Authorization: `Bearer ${token}` },
    signal: AbortSignal.timeout(30000),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: (text === '' ? {} : JSON.parse(text)) as T,
    headers: res.headers,
  };
}

function expectStatus(what: string, result: HttpResult, status: number): void {
  if (result.status !== status) {
    throw new Error(
      `${what}: expected ${status}, got ${result.status} ${JSON.stringify(result.body)}`,
    );
  }
}

export interface Tenant {
  id: string;
  apiKey: string;
}

export async function createTenant(baseUrl: string, name: string): Promise<Tenant> {
  const res = await post<Tenant>(baseUrl, '/v1/admin/tenants', ADMIN_TOKEN, { name });
  expectStatus('create tenant', res as unknown as HttpResult, 201);
  return { id: res.body.id, apiKey: res.body.apiKey };
}

/** An event with `count` ticket types of `capacity` seats each; returns the ticket type ids. */
export async function createTicketTypes(
  baseUrl: string,
  apiKey: string,
  count: number,
  capacity: number,
  priceCents = 2500,
): Promise<string[]> {
  const event = await post<{ id: string }>(baseUrl, '/v1/events', apiKey, {
    name: `bench event ${randomUUID().slice(0, 8)}`,
    startsAt: new Date(Date.now() + 30 * 86400_000).toISOString(),
  });
  expectStatus('create event', event as unknown as HttpResult, 201);
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const type = await post<{ id: string }>(
      baseUrl,
      `/v1/events/${event.body.id}/ticket-types`,
      apiKey,
      { name: `type ${i}`, priceCents, currency: 'EUR', capacity },
    );
    expectStatus('create ticket type', type as unknown as HttpResult, 201);
    ids.push(type.body.id);
  }
  return ids;
}

/** `Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "t.body")>`. */
export function stripeSignature(
  payload: string,
  secret = WEBHOOK_SECRET,
  timestamp = Math.floor(Date.now() / 1000),
): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

/** A payment_intent event in Stripe's shape. */
export function paymentEvent(
  paymentIntentId: string,
  amountCents: number,
  currency: string,
  type = 'payment_intent.succeeded',
): string {
  return JSON.stringify({
    id: `evt_bench_${randomUUID().replace(/-/g, '')}`,
    type,
    created: Math.floor(Date.now() / 1000),
    data: {
      object: {
        id: paymentIntentId,
        object: 'payment_intent',
        amount: amountCents,
        currency: currency.toLowerCase(),
        status: type === 'payment_intent.succeeded' ? 'succeeded' : 'requires_payment_method',
        metadata: {},
      },
    },
  });
}

export async function postWebhook(baseUrl: string, payload: string): Promise<HttpResult> {
  const res = await fetch(`${baseUrl}/v1/webhooks/payments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Stripe-Signature': stripeSignature(payload) },
    body: payload,
    signal: AbortSignal.timeout(30000),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? {} : JSON.parse(text), headers: res.headers };
}

/** Runs `work` over `items` with at most `concurrency` in flight; results in input order. */
export async function pool<T, R>(
  items: T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const runners = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index], index);
    }
  });
  await Promise.all(runners);
  return results;
}
