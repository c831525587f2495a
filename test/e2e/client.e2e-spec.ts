import {
  createClient,
  IdempotencyKeyReusedError,
  newIdempotencyKey,
  TicketServiceError,
  type RetryInfo,
  type TicketServiceClient,
} from '@ticket-service/client';
import { FaultInjector } from '../../src/faults/fault-injector';
import { createTestApp, ADMIN_TOKEN, TestApp } from '../support/app';
import { startCuttingProxy, type CuttingProxy } from '../support/cutting-proxy';
import { eventually } from '../support/webhooks';

/**
 * The TypeScript client package (clients/typescript, built) against the real service: retries
 * that are safe because every attempt of a call carries the same Idempotency-Key.
 */
describe('TypeScript client against the service', () => {
  let t: TestApp;
  let proxy: CuttingProxy;
  let tenantId: string;
  let apiKey: string;
  let client: TicketServiceClient;
  let ticketTypeId: string;
  /** Requests the client sent, counted in its fetch. */
  let sent = 0;

  const counted: typeof fetch = (input, init) => {
    sent++;
    return fetch(input, init);
  };

  beforeAll(async () => {
    // A short lease, so that a key cut off mid-request is free again soon.
    t = await createTestApp({ env: { IDEMPOTENCY_LOCK_SECONDS: '5' } });
    proxy = await startCuttingProxy(await t.url());
    const admin = createClient({ baseUrl: proxy.url, apiKey: ADMIN_TOKEN });
    const tenant = (await admin.admin.tenants.create({ name: 'Client Tenant' })).data;
    if (tenant.apiKey === undefined) throw new Error('a first response carries the apiKey');
    tenantId = tenant.id;
    apiKey = tenant.apiKey;
    client = createClient({ baseUrl: proxy.url, apiKey, fetch: counted });
    const event = (await client.events.create({ name: 'Gig', startsAt: '2030-03-01T20:00:00Z' }))
      .data;
    ticketTypeId = (
      await client.ticketTypes.create(event.id, {
        name: 'Standing',
        priceCents: 3000,
        currency: 'EUR',
        capacity: 20,
      })
    ).data.id;
  });
  afterAll(async () => {
    await proxy?.close();
    await t?.close();
  });

  async function ordersOf(email: string) {
    return (await t.dataSource.query(
      'SELECT id FROM orders WHERE tenant_id = $1 AND customer_email = $2',
      [tenantId, email],
    )) as Array<{ id: string }>;
  }
  async function providerPaymentsOf(email: string) {
    return (await t.dataSource.query(
      `SELECT sp.id FROM simulated_provider_payments sp
         JOIN payments p ON p.provider_payment_id = sp.id
         JOIN orders o ON o.id = p.order_id
        WHERE o.tenant_id = $1 AND o.customer_email = $2`,
      [tenantId, email],
    )) as Array<{ id: string }>;
  }

  it('reads typed resources and throws problems as TicketServiceError', async () => {
    const type = await client.ticketTypes.get(ticketTypeId);
    expect(type.data).toMatchObject({ id: ticketTypeId, capacity: 20, available: 20 });
    expect(type.replayed).toBe(false);
    const error = await client.orders.get(newIdempotencyKey()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TicketServiceError);
    expect(error).toMatchObject({ status: 404, code: 'NOT_FOUND', attempts: 1 });
    const invalid = await client.reservations
      .create({ ticketTypeId, quantity: 0 })
      .catch((e: unknown) => e);
    expect(invalid).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', attempts: 1 });
    expect((invalid as TicketServiceError).errors.map((e) => e.field)).toContain('quantity');
  });

  it('a purchase whose first response is lost ends in one order, one provider payment, and reports a replay', async () => {
    const email = 'lost-response@example.com';
    proxy.cutResponseOfNext(/^POST \/v1\/purchases /);
    const before = sent;
    const result = await client.purchases.create({
      ticketTypeId,
      quantity: 2,
      customerEmail: email,
    });

    expect(proxy.cuts()).toBe(1);
    expect(sent - before).toBe(2);
    expect(result).toMatchObject({ status: 201, replayed: true, attempts: 2 });
    expect(result.data).toMatchObject({ status: 'pending_payment', customerEmail: email });
    const orders = await ordersOf(email);
    expect(orders.map((o) => o.id)).toEqual([result.data.id]);
    expect(await providerPaymentsOf(email)).toHaveLength(1);
    // The order goes on to be paid, once.
    const paid = await eventually(
      'the order to be paid',
      async () => (await client.orders.get(result.data.id)).data,
      (order) => order.status === 'paid',
    );
    expect(paid.tickets).toHaveLength(2);
    expect(await providerPaymentsOf(email)).toHaveLength(1);
  });

  it('retries a purchase that failed after the provider charged, with the same key: one order, one charge', async () => {
    const email = 'after-charge@example.com';
    const retries: RetryInfo[] = [];
    const watched = createClient({ baseUrl: proxy.url, apiKey, onRetry: (i) => retries.push(i) });
    t.app.get(FaultInjector).arm('purchase.after_provider_call');
    const result = await watched.purchases.create({
      ticketTypeId,
      quantity: 1,
      customerEmail: email,
    });

    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatchObject({ status: 500, reason: 'server_error' });
    expect(result).toMatchObject({ status: 201, attempts: 2 });
    expect((await ordersOf(email)).map((o) => o.id)).toEqual([result.data.id]);
    expect(await providerPaymentsOf(email)).toHaveLength(1);
  });

  it('waits out a 409 IDEMPOTENCY_REQUEST_IN_PROGRESS and then gets the first attempt’s order', async () => {
    const email = 'in-progress@example.com';
    const reservation = (await client.reservations.create({ ticketTypeId, quantity: 1 })).data;
    const body = { reservationId: reservation.id, customerEmail: email };
    const key = newIdempotencyKey();

    // Hold the reservation's row, so that the first purchase stays in progress on the service.
    const blocker = t.dataSource.createQueryRunner();
    await blocker.connect();
    await blocker.startTransaction();
    await blocker.query('SELECT id FROM reservations WHERE id = $1 FOR UPDATE', [reservation.id]);
    let released = false;
    const release = async () => {
      if (released) return;
      released = true;
      await blocker.commitTransaction();
      await blocker.release();
    };

    try {
      const first = client.purchases.create(body, { idempotencyKey: key });
      // The first attempt holds the key (claimed, processing) before the second is sent.
      for (;;) {
        const state = await client.idempotencyKeys.get(key).catch(() => undefined);
        if (state?.data.status === 'processing') break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const retries: RetryInfo[] = [];
      const second = createClient({
        baseUrl: proxy.url,
        apiKey,
        onRetry: (info) => {
          retries.push(info);
          // The 409 was seen: let the first attempt finish while this one waits.
          void release();
        },
      }).purchases.create(body, { idempotencyKey: key });

      const [a, b] = await Promise.all([first, second]);
      expect(retries[0]).toMatchObject({ reason: 'in_progress', status: 409 });
      expect(retries[0].delayMs).toBeGreaterThanOrEqual(1000);
      expect(a).toMatchObject({ replayed: false, attempts: 1 });
      expect(b.replayed).toBe(true);
      expect(b.attempts).toBeGreaterThanOrEqual(2);
      expect(b.data.id).toBe(a.data.id);
      expect((await ordersOf(email)).map((o) => o.id)).toEqual([a.data.id]);
      expect(await providerPaymentsOf(email)).toHaveLength(1);
    } finally {
      await release();
    }
  });

  it('does not retry a 422 IDEMPOTENCY_KEY_REUSED: one request, a programming error, nothing bought', async () => {
    const email = 'reused@example.com';
    const key = newIdempotencyKey();
    const first = await client.purchases.create(
      { ticketTypeId, quantity: 1, customerEmail: email },
      { idempotencyKey: key },
    );
    const before = sent;
    const error = await client.purchases
      .create({ ticketTypeId, quantity: 3, customerEmail: email }, { idempotencyKey: key })
      .catch((e: unknown) => e);
    expect(sent - before).toBe(1);
    expect(error).toBeInstanceOf(IdempotencyKeyReusedError);
    expect(error).toMatchObject({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED', attempts: 1 });
    expect((error as Error).message).toMatch(/^Programming error/);
    expect((await ordersOf(email)).map((o) => o.id)).toEqual([first.data.id]);
  });
});
