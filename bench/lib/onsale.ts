/**
 * The on-sale: many buyers for few seats of one ticket type, each behaving as a client of the
 * typed SDK would. A buyer makes one Idempotency-Key per operation and keeps it across attempts;
 * it sends the same request again on a dropped connection, a 5xx, or 409
 * IDEMPOTENCY_REQUEST_IN_PROGRESS (after Retry-After); it gives up on 409 INSUFFICIENT_INVENTORY
 * (sold out). Some attempts have their connection cut on purpose (DROP_RATE), after a random delay
 * of up to a few milliseconds: the request may or may not have reached the service, as on a phone
 * that loses its network, so retries with the same key exercise the idempotency layer for real.
 */
import { randomUUID } from 'node:crypto';
import { percentile } from './load';

export interface BuyerOptions {
  /** Service instances; buyer i talks to urls[i % urls.length] (a round-robin load balancer). */
  urls: string[];
  apiKey: string;
  ticketTypeId: string;
  buyers: number;
  /** Buyers in flight at once (each one a client with its own connection). */
  concurrency: number;
  /** Reserve, then purchase with this payment method; or reserve only. */
  purchase: boolean;
  paymentMethod?: string;
  /** Share of attempts whose connection is cut (0 to 1). */
  dropRate: number;
}

export interface BuyerStats {
  buyers: number;
  reserved: number;
  purchased: number;
  soldOut: number;
  /** ms from the start until the last seat was held (the first sold-out answer comes after). */
  soldOutMs: number;
  /** ms from the start until the last buyer finished. */
  totalMs: number;
  attempts: number;
  drops: number;
  retriesInProgress: number;
  retries5xx: number;
  /** Answers by status and code, e.g. {"201": 2000, "409 INSUFFICIENT_INVENTORY": 9000}. */
  answers: Record<string, number>;
  reserveP50: number;
  reserveP99: number;
  purchaseP50: number;
  purchaseP99: number;
  orderIds: string[];
  /** Answers that break the contract (a replayed 201 with a different body, an unknown error). */
  anomalies: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Attempt {
  status: number;
  body: Record<string, unknown>;
  retryAfter: number;
}

export async function runBuyers(options: BuyerOptions): Promise<BuyerStats> {
  const stats: BuyerStats = {
    buyers: options.buyers,
    reserved: 0,
    purchased: 0,
    soldOut: 0,
    soldOutMs: NaN,
    totalMs: NaN,
    attempts: 0,
    drops: 0,
    retriesInProgress: 0,
    retries5xx: 0,
    answers: {},
    reserveP50: NaN,
    reserveP99: NaN,
    purchaseP50: NaN,
    purchaseP99: NaN,
    orderIds: [],
    anomalies: [],
  };
  const reserveTimes: number[] = [];
  const purchaseTimes: number[] = [];
  const started = performance.now();
  let lastHold = started;

  /** One logical operation: the same key until it has an answer that is not worth retrying. */
  async function operation(url: string, path: string, body: unknown, times: number[]) {
    const key = randomUUID();
    const opStarted = performance.now();
    for (let attempt = 1; ; attempt++) {
      stats.attempts++;
      const drop = Math.random() < options.dropRate;
      const controller = new AbortController();
      const timer = drop
        ? setTimeout(() => controller.abort(), Math.random() * 5)
        : setTimeout(() => controller.abort(), 30_000);
      let result: Attempt | undefined;
      try {
        const res = await fetch(url + path, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${options.apiKey}`,
            'content-type': 'application/json',
            'idempotency-key': key,
          },
          body: JSON.stringify(body),
          signal: controller.signal,
        });
        const text = await res.text();
        result = {
          status: res.status,
          body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
          retryAfter: Number(res.headers.get('retry-after') ?? 1),
        };
      } catch {
        stats.drops++;
      } finally {
        clearTimeout(timer);
      }
      if (result === undefined) {
        // The connection dropped: the request may have run. Same key again, after a short pause
        // (an SDK gives up at some point too: a service that stays unreachable is a failure).
        if (attempt >= 50) return { status: 0, body: { code: 'UNREACHABLE' }, retryAfter: 0 };
        await sleep(20 + Math.random() * 30);
        continue;
      }
      const label =
        result.status >= 400 ? `${result.status} ${String(result.body.code)}` : `${result.status}`;
      stats.answers[label] = (stats.answers[label] ?? 0) + 1;
      if (result.status === 409 && result.body.code === 'IDEMPOTENCY_REQUEST_IN_PROGRESS') {
        stats.retriesInProgress++;
        await sleep(Math.min(result.retryAfter, 2) * 1000 * (0.5 + Math.random() * 0.5));
        continue;
      }
      if (result.status >= 500 && attempt < 20) {
        stats.retries5xx++;
        await sleep(100 * attempt);
        continue;
      }
      times.push(performance.now() - opStarted);
      return result;
    }
  }

  let next = 0;
  async function buyerLoop(): Promise<void> {
    for (;;) {
      const i = next++;
      if (i >= options.buyers) return;
      const url = options.urls[i % options.urls.length];
      const hold = await operation(
        url,
        '/v1/reservations',
        { ticketTypeId: options.ticketTypeId, quantity: 1 },
        reserveTimes,
      );
      if (hold.status === 409 && hold.body.code === 'INSUFFICIENT_INVENTORY') {
        stats.soldOut++;
        continue;
      }
      if (hold.status !== 201) {
        stats.anomalies.push(`reserve: ${hold.status} ${JSON.stringify(hold.body)}`);
        continue;
      }
      stats.reserved++;
      lastHold = performance.now();
      if (!options.purchase) continue;
      const order = await operation(
        url,
        '/v1/purchases',
        {
          reservationId: hold.body.id,
          customerEmail: `buyer${i}@example.com`,
          paymentMethod: options.paymentMethod ?? 'pm_card_visa',
        },
        purchaseTimes,
      );
      if (order.status !== 201) {
        stats.anomalies.push(`purchase: ${order.status} ${JSON.stringify(order.body)}`);
        continue;
      }
      stats.purchased++;
      stats.orderIds.push(String(order.body.id));
    }
  }

  await Promise.all(Array.from({ length: options.concurrency }, () => buyerLoop()));
  stats.totalMs = performance.now() - started;
  stats.soldOutMs = lastHold - started;
  reserveTimes.sort((a, b) => a - b);
  purchaseTimes.sort((a, b) => a - b);
  stats.reserveP50 = percentile(reserveTimes, 50);
  stats.reserveP99 = percentile(reserveTimes, 99);
  stats.purchaseP50 = percentile(purchaseTimes, 50);
  stats.purchaseP99 = percentile(purchaseTimes, 99);
  return stats;
}
