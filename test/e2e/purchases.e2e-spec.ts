import {
  PaymentsService,
  providerIdempotencyKey,
} from '../../src/modules/payments/payments.service';
import { IssuedTicketsService } from '../../src/modules/tickets/issued-tickets.service';
import { createTestApp, TestApp } from '../support/app';
import {
  counters,
  createTenant,
  createTicketType,
  newKey,
  reserve,
  send,
  TestTenant,
} from '../support/factories';
import { getOrder, OrderBody, orderSettles, providerPayments } from '../support/purchases';
import {
  eventually,
  inboxRows,
  paymentEvent,
  postWebhook,
  signatureFor,
} from '../support/webhooks';

const SECRET = 'whsec_test_purchases';

/**
 * An app for saga tests: the simulated provider answers after 50 ms and the sweep runs every
 * second. Unless told otherwise it listens, so the provider's webhooks reach it.
 */
async function startSagaApp(
  env: Record<string, string>,
  { listen }: { listen: boolean } = { listen: true },
): Promise<{ t: TestApp; tenant: TestTenant }> {
  const t = await createTestApp({
    env: {
      PAYMENT_WEBHOOK_SECRET: SECRET,
      PAYMENT_SIMULATOR_DELAY_MS: '50',
      RESERVATION_SWEEP_INTERVAL_SECONDS: '1',
      ...env,
    },
  });
  if (listen) await t.url();
  return { t, tenant: await createTenant(t) };
}

function expectInvariant(c: {
  capacity: number;
  available: number;
  reserved: number;
  sold: number;
}) {
  expect(c.available + c.reserved + c.sold).toBe(c.capacity);
  expect(Math.min(c.available, c.reserved, c.sold)).toBeGreaterThanOrEqual(0);
}

/** A hand-signed provider event for an existing payment, as the provider would send it. */
async function sendPaymentEvent(
  t: TestApp,
  type: 'payment_intent.succeeded' | 'payment_intent.payment_failed',
  payment: { providerPaymentId: string; amountCents: number; currency: string },
) {
  const event = paymentEvent({ type, paymentIntentId: payment.providerPaymentId });
  event.data.object.amount = payment.amountCents;
  event.data.object.currency = payment.currency.toLowerCase();
  const payload = JSON.stringify(event);
  const res = await postWebhook(await t.url(), payload, signatureFor(payload, [SECRET]));
  expect(res.status).toBe(200);
  return { event, payload };
}

async function paymentOf(t: TestApp, tenant: TestTenant, order: OrderBody) {
  const res = await t.http().get(`/v1/payments/${order.paymentId}`).set(tenant.auth).expect(200);
  return res.body as {
    id: string;
    status: string;
    providerPaymentId: string;
    amountCents: number;
    currency: string;
  };
}

describe('purchases: the saga through the simulated provider and the webhook queue', () => {
  let t: TestApp;
  let tenant: TestTenant;

  beforeAll(async () => {
    ({ t, tenant } = await startSagaApp({
      // Every event is delivered twice, as real providers sometimes do.
      PAYMENT_SIMULATOR_DUPLICATE_RATE: '1',
    }));
  });

  afterAll(async () => {
    await t.close();
  });

  const purchase = (body: Record<string, unknown>, key = newKey()) =>
    t.http().post('/v1/purchases').set(tenant.auth).set('Idempotency-Key', key).send(body);

  it('pm_card_visa: pending_payment, then paid with one ticket per seat; delivered twice, applied once', async () => {
    const tt = await createTicketType(t, tenant, {
      capacity: 10,
      priceCents: 2500,
      currency: 'EUR',
    });
    const hold = await reserve(t, tenant, tt.id, 3);
    const res = await purchase({ reservationId: hold.id, customerEmail: 'ada@example.com' });
    expect(res.status).toBe(201);
    expect(res.headers.location).toBe(`/v1/orders/${res.body.id}`);
    expect(res.body).toMatchObject({
      status: 'pending_payment',
      reservationId: hold.id,
      totalCents: 7500,
      currency: 'EUR',
      customerEmail: 'ada@example.com',
      tickets: [],
    });

    const paid = await orderSettles(t, tenant, res.body.id);
    expect(paid.status).toBe('paid');
    expect(paid.tickets).toHaveLength(3);
    expect(new Set(paid.tickets.map((x) => x.code)).size).toBe(3);
    expect(paid.tickets.every((x) => x.status === 'valid')).toBe(true);

    const payment = await paymentOf(t, tenant, paid);
    expect(payment).toMatchObject({ status: 'succeeded', amountCents: 7500, currency: 'EUR' });
    expect(payment.providerPaymentId).toMatch(/^pi_sim_/);
    const c = await counters(t, tt.id);
    expect(c).toEqual({ capacity: 10, available: 7, reserved: 0, sold: 3 });
    const reservation = await t
      .http()
      .get(`/v1/reservations/${hold.id}`)
      .set(tenant.auth)
      .expect(200);
    expect(reservation.body.status).toBe('converted');

    // Both copies of the event reached the receiver; the inbox holds it once, processed once.
    const rows = await eventually(
      'the event to be processed',
      () => inboxRows(t),
      (all) =>
        all.some(
          (r) =>
            (r.payload as { data: { object: { id: string } } }).data.object.id ===
              payment.providerPaymentId && r.status === 'processed',
        ),
    );
    const mine = rows.filter(
      (r) =>
        (r.payload as { data: { object: { id: string } } }).data.object.id ===
        payment.providerPaymentId,
    );
    expect(mine).toHaveLength(1);
    const delivered = await t.dataSource.query(
      `SELECT copies, status FROM simulated_provider_deliveries WHERE payment_id = $1`,
      [payment.providerPaymentId],
    );
    expect(delivered).toEqual([{ copies: 2, status: 'delivered' }]);

    // A hand-signed copy of the same event is a duplicate; a late failure is stale.
    const original = mine[0].payload as Record<string, unknown>;
    const dupPayload = JSON.stringify(original);
    const dup = await postWebhook(await t.url(), dupPayload, signatureFor(dupPayload, [SECRET]));
    expect(dup).toMatchObject({ status: 200, body: { received: true, duplicate: true } });
    const stale = await sendPaymentEvent(t, 'payment_intent.payment_failed', payment);
    const staleRow = await eventually(
      'the stale failure to be processed',
      () => inboxRows(t, stale.event.id),
      (r) => r[0]?.status === 'processed',
    );
    expect(staleRow[0].note).toMatch(/stale/);
    const after = await getOrder(t, tenant, paid.id);
    expect(after.status).toBe('paid');
    expect(after.tickets).toHaveLength(3);
    expect(await counters(t, tt.id)).toEqual(c);
  });

  it('pm_card_chargeDeclined: the order fails and the seats come back', async () => {
    const tt = await createTicketType(t, tenant, { capacity: 5 });
    const res = await purchase({
      ticketTypeId: tt.id,
      quantity: 2,
      customerEmail: 'bob@example.com',
      paymentMethod: 'pm_card_chargeDeclined',
    });
    expect(res.status).toBe(201);
    expect(await counters(t, tt.id)).toMatchObject({ available: 3, reserved: 2 });
    const failed = await orderSettles(t, tenant, res.body.id);
    expect(failed.status).toBe('failed');
    expect(failed.tickets).toEqual([]);
    expect((await paymentOf(t, tenant, failed)).status).toBe('failed');
    expect(await counters(t, tt.id)).toEqual({ capacity: 5, available: 5, reserved: 0, sold: 0 });
    const reservation = await t
      .http()
      .get(`/v1/reservations/${failed.reservationId}`)
      .set(tenant.auth);
    expect(reservation.body.status).toBe('cancelled');
  });

  it('a retried purchase is a replay: one order, one provider payment', async () => {
    const tt = await createTicketType(t, tenant, { capacity: 5 });
    const key = newKey();
    const body = { ticketTypeId: tt.id, quantity: 1, customerEmail: 'cy@example.com' };
    const url = await t.url();
    const attempts = await Promise.all(
      Array.from({ length: 10 }, () =>
        send(url, 'POST', '/v1/purchases', { ...tenant.auth, 'Idempotency-Key': key }, body),
      ),
    );
    expect(attempts.filter((a) => a.status >= 500)).toEqual([]);
    const created = attempts.filter((a) => a.status === 201);
    expect(created.length).toBeGreaterThanOrEqual(1);
    const orderIds = new Set(created.map((a) => a.body.id));
    expect(orderIds.size).toBe(1);
    const again = await purchase(body, key);
    expect(again.status).toBe(201);
    expect(again.headers['x-idempotent-replayed']).toBe('true');
    expect(again.body.id).toBe([...orderIds][0]);

    const orders = await t.dataSource.query(
      'SELECT id, idempotency_key FROM orders WHERE ticket_type_id = $1',
      [tt.id],
    );
    expect(orders).toEqual([{ id: again.body.id, idempotency_key: key }]);
    expect(await providerPayments(t, [again.body.id])).toHaveLength(1);
    await orderSettles(t, tenant, again.body.id, 'paid');
    expect(await counters(t, tt.id)).toMatchObject({ available: 4, reserved: 0, sold: 1 });
  });

  it('a purchase that fails after the provider call is retried with the same key: it resumes, one order, one charge', async () => {
    const tt = await createTicketType(t, tenant, { capacity: 5 });
    const key = newKey();
    const body = { ticketTypeId: tt.id, quantity: 2, customerEmail: 'dee@example.com' };
    const issued = t.app.get(IssuedTicketsService);
    const spy = jest
      .spyOn(issued, 'listForOrder')
      .mockRejectedValueOnce(new Error('crash after charge'));
    try {
      const first = await purchase(body, key);
      expect(first.status).toBe(500);
    } finally {
      spy.mockRestore();
    }
    // Phase 1 committed before the provider was called: the order and its seats are kept, and
    // the key keeps its recovery point (unlocked, so the retry need not wait for the lease).
    const kept: Array<{ id: string }> = await t.dataSource.query(
      'SELECT id FROM orders WHERE ticket_type_id = $1',
      [tt.id],
    );
    expect(kept).toHaveLength(1);
    expect(await counters(t, tt.id)).toMatchObject({ available: 3, reserved: 2 });
    const [keyRow] = await t.dataSource.query(
      `SELECT status, recovery_point, resource_id FROM idempotency_keys
        WHERE tenant_id = $1 AND key = $2`,
      [tenant.id, key],
    );
    expect(keyRow).toEqual({
      status: 'processing',
      recovery_point: 'provider_answered',
      resource_id: kept[0].id,
    });
    const providerKey = providerIdempotencyKey(tenant.id, key, 0, body);
    const chargesOf = () =>
      t.dataSource.query('SELECT id FROM simulated_provider_payments WHERE idempotency_key = $1', [
        providerKey,
      ]) as Promise<Array<{ id: string }>>;
    const before = await chargesOf();
    expect(before).toHaveLength(1);

    const retried = await purchase(body, key);
    expect(retried.status).toBe(201);
    expect(retried.body.id).toBe(kept[0].id);
    const paid = await orderSettles(t, tenant, retried.body.id, 'paid');
    expect(await chargesOf()).toEqual(before);
    expect((await paymentOf(t, tenant, paid)).providerPaymentId).toBe(before[0].id);
    expect(await counters(t, tt.id)).toEqual({ capacity: 5, available: 3, reserved: 0, sold: 2 });
    // A third attempt replays the completed key.
    const replay = await purchase(body, key);
    expect(replay.status).toBe(201);
    expect(replay.headers['x-idempotent-replayed']).toBe('true');
  });

  it('a key whose purchase committed its order is not freed by a later error: another body is 422', async () => {
    const tt = await createTicketType(t, tenant, { capacity: 5, priceCents: 1000 });
    const key = newKey();
    const spy = jest
      .spyOn(t.app.get(IssuedTicketsService), 'listForOrder')
      .mockRejectedValueOnce(new Error('crash after charge'));
    const body = { ticketTypeId: tt.id, quantity: 1, customerEmail: 'k@example.com' };
    try {
      expect((await purchase(body, key)).status).toBe(500);
    } finally {
      spy.mockRestore();
    }
    const other = await purchase({ ...body, quantity: 3 }, key);
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const same = await purchase(body, key);
    expect(same.status).toBe(201);
    expect(same.body.totalCents).toBe(1000);
    await orderSettles(t, tenant, same.body.id, 'paid');
    expect(await counters(t, tt.id)).toEqual({ capacity: 5, available: 4, reserved: 0, sold: 1 });
  });

  it('a key freed by an error before its order committed may carry another body, with its own provider payment', async () => {
    const tt = await createTicketType(t, tenant, { capacity: 2, priceCents: 1000 });
    const key = newKey();
    const tooMany = await purchase(
      { ticketTypeId: tt.id, quantity: 3, customerEmail: 'k@example.com' },
      key,
    );
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.code).toBe('INSUFFICIENT_INVENTORY');
    const second = await purchase(
      { ticketTypeId: tt.id, quantity: 2, customerEmail: 'k@example.com' },
      key,
    );
    expect(second.status).toBe(201);
    expect(second.body.totalCents).toBe(2000);
    const paid = await orderSettles(t, tenant, second.body.id, 'paid');
    expect(paid.tickets).toHaveLength(2);
    expect(await providerPayments(t, [paid.id])).toHaveLength(1);
  });

  it('a key whose record expired makes a new order with a new provider payment (rule 10)', async () => {
    const tt = await createTicketType(t, tenant, { capacity: 5 });
    const key = newKey();
    const body = { ticketTypeId: tt.id, quantity: 1, customerEmail: 'x@example.com' };
    const first = await purchase(body, key);
    await orderSettles(t, tenant, first.body.id, 'paid');
    await t.dataSource.query(
      "UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1",
      [key],
    );
    const again = await purchase(body, key);
    expect(again.status).toBe(201);
    expect(again.headers['x-idempotent-replayed']).toBeUndefined();
    expect(again.body.id).not.toBe(first.body.id);
    await orderSettles(t, tenant, again.body.id, 'paid');
    const orders = await t.dataSource.query(
      'SELECT key_generation FROM orders WHERE idempotency_key = $1 ORDER BY key_generation',
      [key],
    );
    expect(orders).toEqual([{ key_generation: 0 }, { key_generation: 1 }]);
    const charges = await providerPayments(t, [first.body.id, again.body.id]);
    expect(new Set(charges.map((c) => c.id)).size).toBe(2);
    expect(await counters(t, tt.id)).toMatchObject({ available: 3, reserved: 0, sold: 2 });
  });

  it('a reservation being purchased cannot be cancelled by the client', async () => {
    const tt = await createTicketType(t, tenant, { capacity: 2 });
    const hold = await reserve(t, tenant, tt.id, 2);
    await purchase({
      reservationId: hold.id,
      customerEmail: 'c@example.com',
      paymentMethod: 'pm_card_authenticationRequired',
    }).expect(201);
    const cancel = await t
      .http()
      .post(`/v1/reservations/${hold.id}/cancel`)
      .set(tenant.auth)
      .set('Idempotency-Key', newKey())
      .send({});
    expect(cancel.status).toBe(409);
    expect(cancel.body.code).toBe('RESERVATION_NOT_ACTIVE');
    expect(await counters(t, tt.id)).toEqual({ capacity: 2, available: 0, reserved: 2, sold: 0 });
  });

  it('refund: provider refund, order refunded, tickets void, seats back; twice or unpaid is 409', async () => {
    const tt = await createTicketType(t, tenant, { capacity: 4 });
    const created = await purchase({
      ticketTypeId: tt.id,
      quantity: 2,
      customerEmail: 'e@example.com',
    });
    const paid = await orderSettles(t, tenant, created.body.id, 'paid');
    const refund = await t
      .http()
      .post(`/v1/payments/${paid.paymentId}/refund`)
      .set(tenant.auth)
      .set('Idempotency-Key', newKey())
      .send({});
    expect(refund.status).toBe(200);
    expect(refund.body.status).toBe('refunded');
    const order = await getOrder(t, tenant, paid.id);
    expect(order.status).toBe('refunded');
    expect(order.tickets.map((x) => x.status)).toEqual(['void', 'void']);
    expect(await counters(t, tt.id)).toEqual({ capacity: 4, available: 4, reserved: 0, sold: 0 });
    const provider = await providerPayments(t, [paid.id]);
    expect(provider[0].status).toBe('refunded');

    const again = await t
      .http()
      .post(`/v1/payments/${paid.paymentId}/refund`)
      .set(tenant.auth)
      .set('Idempotency-Key', newKey())
      .send({});
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('INVALID_STATE');

    const pending = await purchase({
      ticketTypeId: tt.id,
      quantity: 1,
      customerEmail: 'f@example.com',
      paymentMethod: 'pm_card_authenticationRequired',
    });
    const unpaid = await t
      .http()
      .post(`/v1/payments/${pending.body.paymentId}/refund`)
      .set(tenant.auth)
      .set('Idempotency-Key', newKey())
      .send({});
    expect(unpaid.status).toBe(409);
    expect(unpaid.body.code).toBe('INVALID_STATE');
  });

  it('validation, conflicts and tenancy', async () => {
    const tt = await createTicketType(t, tenant, { capacity: 2 });
    const hold = await reserve(t, tenant, tt.id, 1);
    const both = await purchase({
      reservationId: hold.id,
      ticketTypeId: tt.id,
      quantity: 1,
      customerEmail: 'g@example.com',
    });
    expect(both.status).toBe(400);
    expect(both.body.code).toBe('VALIDATION_FAILED');
    expect((await purchase({ customerEmail: 'g@example.com' })).status).toBe(400);
    expect((await purchase({ reservationId: hold.id, customerEmail: 'not-an-email' })).status).toBe(
      400,
    );

    const first = await purchase({
      reservationId: hold.id,
      customerEmail: 'g@example.com',
      paymentMethod: 'pm_card_authenticationRequired',
    });
    expect(first.status).toBe(201);
    const second = await purchase({ reservationId: hold.id, customerEmail: 'g@example.com' });
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('RESERVATION_NOT_ACTIVE');

    const tooMany = await purchase({
      ticketTypeId: tt.id,
      quantity: 2,
      customerEmail: 'g@example.com',
    });
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.code).toBe('INSUFFICIENT_INVENTORY');
    expect(await counters(t, tt.id)).toMatchObject({ available: 1, reserved: 1, sold: 0 });

    const other = await createTenant(t, 'Other');
    await t.http().get(`/v1/orders/${first.body.id}`).set(other.auth).expect(404);
    await t.http().get(`/v1/payments/${first.body.paymentId}`).set(other.auth).expect(404);
    const stolen = await t
      .http()
      .post('/v1/purchases')
      .set(other.auth)
      .set('Idempotency-Key', newKey())
      .send({ reservationId: hold.id, customerEmail: 'h@example.com' });
    expect(stolen.status).toBe(404);
  });
});

describe('purchases: payment window, reconciliation and late success', () => {
  let t: TestApp;
  let tenant: TestTenant;

  beforeAll(async () => {
    ({ t, tenant } = await startSagaApp({
      PAYMENT_SIMULATOR_DUPLICATE_RATE: '0',
      PAYMENT_WINDOW_SECONDS: '2',
      IDEMPOTENCY_LOCK_SECONDS: '1',
      RECOVERY_INTERVAL_SECONDS: '1',
    }));
  });

  afterAll(async () => {
    await t.close();
  });

  const pendingPurchase = async (ticketTypeId: string, quantity: number) => {
    const res = await t
      .http()
      .post('/v1/purchases')
      .set(tenant.auth)
      .set('Idempotency-Key', newKey())
      .send({
        ticketTypeId,
        quantity,
        customerEmail: 'late@example.com',
        paymentMethod: 'pm_card_authenticationRequired',
      })
      .expect(201);
    return res.body as OrderBody;
  };

  it('no outcome within the window: expired, seats back', async () => {
    const tt = await createTicketType(t, tenant, { capacity: 3 });
    const order = await pendingPurchase(tt.id, 2);
    const expired = await orderSettles(t, tenant, order.id, 'expired');
    expect(expired.tickets).toEqual([]);
    expect(await counters(t, tt.id)).toEqual({ capacity: 3, available: 3, reserved: 0, sold: 0 });
    expect((await paymentOf(t, tenant, expired)).status).toBe('pending');
  });

  it('late success with the seats still free: paid, seats re-acquired', async () => {
    const tt = await createTicketType(t, tenant, { capacity: 3 });
    const order = await pendingPurchase(tt.id, 2);
    await orderSettles(t, tenant, order.id, 'expired');
    const payment = await paymentOf(t, tenant, order);
    await sendPaymentEvent(t, 'payment_intent.succeeded', payment);
    const paid = await orderSettles(t, tenant, order.id, 'paid');
    expect(paid.tickets).toHaveLength(2);
    const c = await counters(t, tt.id);
    expect(c).toEqual({ capacity: 3, available: 1, reserved: 0, sold: 2 });
  });

  it('late success with the seats resold: refunded through the provider, invariant intact', async () => {
    const tt = await createTicketType(t, tenant, { capacity: 2 });
    const order = await pendingPurchase(tt.id, 2);
    await orderSettles(t, tenant, order.id, 'expired');
    const resold = await reserve(t, tenant, tt.id, 2);
    expect(resold.status).toBe('active');
    const payment = await paymentOf(t, tenant, order);
    await sendPaymentEvent(t, 'payment_intent.succeeded', payment);
    const refunded = await orderSettles(t, tenant, order.id, 'refunded');
    expect(refunded.tickets).toEqual([]);
    expect(refunded.note).toMatch(/seats were gone/);
    expect((await paymentOf(t, tenant, order)).status).toBe('refunded');
    expect((await providerPayments(t, [order.id]))[0].status).toBe('refunded');
    const c = await counters(t, tt.id);
    expect(c).toEqual({ capacity: 2, available: 0, reserved: 2, sold: 0 });
    expectInvariant(c);
  });

  it('a refund decided with a late success is finished after a failed local refund, even if the seats came free meanwhile', async () => {
    const tt = await createTicketType(t, tenant, { capacity: 2 });
    const order = await pendingPurchase(tt.id, 2);
    await orderSettles(t, tenant, order.id, 'expired');
    const resold = await reserve(t, tenant, tt.id, 2);
    const service = t.app.get(PaymentsService);
    // The decision commits with the event; the provider refunds; then the local refund fails once.
    const fault = jest
      .spyOn(service as unknown as { setOrder: () => Promise<void> }, 'setOrder')
      .mockRejectedValueOnce(new Error('database hiccup after the refund'));
    try {
      const payment = await paymentOf(t, tenant, order);
      await sendPaymentEvent(t, 'payment_intent.succeeded', payment);
      await eventually(
        'the refund to be decided and refunded at the provider',
        async () => ({
          decision: await t.dataSource.query(
            'SELECT completed_at FROM refund_decisions WHERE payment_id = $1',
            [payment.id],
          ),
          provider: await providerPayments(t, [order.id]),
        }),
        (r) => r.decision.length === 1 && r.provider[0]?.status === 'refunded',
      );
      // The other buyer lets go: re-acquiring would now succeed, but the refund was decided.
      await t
        .http()
        .post(`/v1/reservations/${resold.id}/cancel`)
        .set(tenant.auth)
        .set('Idempotency-Key', newKey())
        .send({})
        .expect(200);
    } finally {
      fault.mockRestore();
    }
    // The recovery job (RECOVERY_INTERVAL_SECONDS=1, lease 1 s) finishes the local side.
    const refunded = await orderSettles(t, tenant, order.id, 'refunded');
    expect(refunded.tickets).toEqual([]);
    expect((await providerPayments(t, [order.id]))[0].status).toBe('refunded');
    expect(await counters(t, tt.id)).toEqual({ capacity: 2, available: 2, reserved: 0, sold: 0 });
  });

  it('an event whose amount differs from the payment is refused', async () => {
    const tt = await createTicketType(t, tenant, { capacity: 2 });
    const order = await pendingPurchase(tt.id, 1);
    const payment = await paymentOf(t, tenant, order);
    const { event } = await sendPaymentEvent(t, 'payment_intent.succeeded', {
      ...payment,
      amountCents: 1,
    });
    const row = await eventually(
      'the event to be processed',
      () => inboxRows(t, event.id),
      (r) => r[0]?.status === 'processed',
    );
    expect(row[0].note).toMatch(/refused/);
    expect((await getOrder(t, tenant, order.id)).status).toBe('pending_payment');
  });
});

describe('purchases: reconciliation when webhooks never arrive', () => {
  let t: TestApp;
  let tenant: TestTenant;

  beforeAll(async () => {
    ({ t, tenant } = await startSagaApp(
      {
        // The provider's webhooks go nowhere: only reconciliation can learn the outcome.
        PAYMENT_SIMULATOR_WEBHOOK_URL: 'http://127.0.0.1:1/v1/webhooks/payments',
        PAYMENT_WINDOW_SECONDS: '2',
      },
      { listen: false },
    ));
  });

  afterAll(async () => {
    await t.close();
  });

  it('a paid order is not expired: the provider is asked first', async () => {
    const tt = await createTicketType(t, tenant, { capacity: 2 });
    const res = await t
      .http()
      .post('/v1/purchases')
      .set(tenant.auth)
      .set('Idempotency-Key', newKey())
      .send({ ticketTypeId: tt.id, quantity: 1, customerEmail: 'r@example.com' })
      .expect(201);
    const paid = await orderSettles(t, tenant, res.body.id);
    expect(paid.status).toBe('paid');
    expect(paid.tickets).toHaveLength(1);
    expect(await counters(t, tt.id)).toEqual({ capacity: 2, available: 1, reserved: 0, sold: 1 });
  });
});

describe('purchases: a burst on one ticket type, eight events applied at once per instance', () => {
  let t: TestApp;
  let tenant: TestTenant;

  beforeAll(async () => {
    ({ t, tenant } = await startSagaApp({
      PAYMENT_SIMULATOR_DUPLICATE_RATE: '1',
      WEBHOOK_CONCURRENCY: '8',
    }));
  });

  afterAll(async () => {
    await t.close();
  });

  it('every order is paid once and its seat sold once; duplicates and late failures change nothing', async () => {
    const seats = 24;
    const tt = await createTicketType(t, tenant, { capacity: seats });
    const holds = await Promise.all(
      Array.from({ length: seats }, () => reserve(t, tenant, tt.id, 1)),
    );
    // All purchases at once: their webhooks (each delivered twice) meet on the one ticket-type row.
    const orders = await Promise.all(
      holds.map(async (hold, i) => {
        const res = await t
          .http()
          .post('/v1/purchases')
          .set(tenant.auth)
          .set('Idempotency-Key', newKey())
          .send({ reservationId: hold.id, customerEmail: `buyer${i}@example.com` });
        expect(res.status).toBe(201);
        return res.body as OrderBody;
      }),
    );
    const paid = await Promise.all(orders.map((order) => orderSettles(t, tenant, order.id)));
    expect(paid.map((order) => order.status)).toEqual(Array(seats).fill('paid'));
    expect(paid.map((order) => order.tickets.length)).toEqual(Array(seats).fill(1));
    const sold = await counters(t, tt.id);
    expect(sold).toEqual({ capacity: seats, available: 0, reserved: 0, sold: seats });

    // Then, all at once: for each payment a second success under another event id, and a failure
    // arriving after its success (out of order).
    const payments = await Promise.all(paid.map((order) => paymentOf(t, tenant, order)));
    const late = await Promise.all(
      payments.flatMap((payment) => [
        sendPaymentEvent(t, 'payment_intent.succeeded', payment),
        sendPaymentEvent(t, 'payment_intent.payment_failed', payment),
      ]),
    );
    await eventually(
      'the late events to be processed',
      () => Promise.all(late.map((sent) => inboxRows(t, sent.event.id))),
      (rows) => rows.every((row) => row[0]?.status === 'processed'),
    );

    const after = await Promise.all(paid.map((order) => getOrder(t, tenant, order.id)));
    expect(after.map((order) => order.status)).toEqual(Array(seats).fill('paid'));
    expect(after.map((order) => order.tickets.map((x) => x.code))).toEqual(
      paid.map((order) => order.tickets.map((x) => x.code)),
    );
    expect(await counters(t, tt.id)).toEqual(sold);
    const [tickets]: Array<{ valid: string; orders: string }> = await t.dataSource.query(
      `SELECT count(*) FILTER (WHERE status = 'valid') AS valid, count(DISTINCT order_id) AS orders
         FROM tickets WHERE ticket_type_id = $1`,
      [tt.id],
    );
    expect(tickets).toEqual({ valid: String(seats), orders: String(seats) });
    // The simulator's own events, each stored once though delivered twice, all processed.
    const simulated = (await inboxRows(t)).filter((row) => row.event_id.startsWith('evt_sim_'));
    expect(simulated).toHaveLength(seats);
    expect(simulated.every((row) => row.status === 'processed')).toBe(true);
  });
});
