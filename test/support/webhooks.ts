import { createHmac, randomBytes } from 'node:crypto';
import type { TestApp } from './app';

/** Two secrets, as during a rotation: PAYMENT_WEBHOOK_SECRET="whsec_new,whsec_old". */
export const NEW_SECRET = 'whsec_test_new';
export const OLD_SECRET = 'whsec_test_old';
export const WEBHOOK_PATH = '/v1/webhooks/payments';

export const unixNow = (): number => Math.floor(Date.now() / 1000);

/** Signed here with node:crypto directly, not with the service's verifier, so a bug cannot hide in both. */
export function v1(payload: string, secret: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}.${payload}`).digest('hex');
}

/** A `Stripe-Signature` value with one v1 per secret. */
export function signatureFor(
  payload: string,
  secrets: string[] = [NEW_SECRET],
  timestamp: number = unixNow(),
): string {
  return [`t=${timestamp}`, ...secrets.map((s) => `v1=${v1(payload, s, timestamp)}`)].join(',');
}

export interface TestEvent {
  id: string;
  type: string;
  created: number;
  data: { object: Record<string, unknown> };
}

/** A Stripe-shaped payment_intent event for a payment intent nobody created (unless given). */
export function paymentEvent(
  overrides: Partial<TestEvent> & { paymentIntentId?: string } = {},
): TestEvent {
  const { paymentIntentId, ...rest } = overrides;
  return {
    id: `evt_test_${randomBytes(8).toString('hex')}`,
    type: 'payment_intent.succeeded',
    created: unixNow(),
    data: {
      object: {
        id: paymentIntentId ?? `pi_test_${randomBytes(8).toString('hex')}`,
        object: 'payment_intent',
        amount: 5000,
        currency: 'eur',
        status: 'succeeded',
        metadata: {},
      },
    },
    ...rest,
  };
}

export interface WebhookResponse {
  status: number;
  body: Record<string, unknown>;
  contentType: string | null;
}

/** POSTs a webhook over real HTTP. `signature: null` sends no Stripe-Signature header. */
export async function postWebhook(
  baseUrl: string,
  payload: string,
  signature: string | null = signatureFor(payload),
): Promise<WebhookResponse> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (signature !== null) headers['Stripe-Signature'] = signature;
  const res = await fetch(baseUrl + WEBHOOK_PATH, { method: 'POST', headers, body: payload });
  const text = await res.text();
  return {
    status: res.status,
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
    contentType: res.headers.get('content-type'),
  };
}

export interface InboxRow {
  id: string;
  provider: string;
  event_id: string;
  type: string;
  payload: unknown;
  status: string;
  attempts: number;
  last_error: string | null;
  note: string | null;
  processed_at: Date | null;
}

export async function inboxRows(t: TestApp, eventId?: string): Promise<InboxRow[]> {
  return (await t.dataSource.query(
    `SELECT id, provider, event_id, type, payload, status, attempts, last_error, note, processed_at
       FROM webhook_events ${eventId === undefined ? '' : 'WHERE event_id = $1'}
      ORDER BY received_at`,
    eventId === undefined ? [] : [eventId],
  )) as InboxRow[];
}

/** Polls until `check` returns a value other than undefined; fails with the last value seen. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 20000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!done(value)) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(value)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await probe();
  }
  return value;
}
