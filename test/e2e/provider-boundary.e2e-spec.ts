import { FaultInjector } from '../../src/faults/fault-injector';
import { PaymentProvider } from '../../src/modules/payments/providers/payment-provider';
import { createTestApp, TestApp } from '../support/app';
import { counters, createTenant, createTicketType, newKey, TestTenant } from '../support/factories';
import { getOrder, orderSettles } from '../support/purchases';
import { StripeStub } from '../support/stripe-stub';
import {
  eventually,
  inboxRows,
  paymentEvent,
  postWebhook,
  signatureFor,
} from '../support/webhooks';

/**
 * Exactly once across the payment provider (docs/api.md §7): each finding of the review that asked for
 * atomic phases, reproduced with real interleavings, and counted in rows and provider objects.
 */

/** A gate a test opens when it is ready: holds a provider call (or anything) mid-flight. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

/**
 * Holds the next provider call once the provider has answered, as a process that stalls between
 * the provider call and its commit: `answered` resolves then, `release()` lets it go on.
 */
function holdAfterProviderAnswer(t: TestApp): { answered: Promise<void>; release: () => void } {
  const provider = t.app.get(PaymentProvider);
  const real = provider.createPayment.bind(provider);
  const held = gate();
  const answered = gate();
  jest.spyOn(provider, 'createPayment').mockImplementationOnce(async (input) => {
    const answer = await real(input);
    answered.open();
    await held.wait;
    return answer;
  });
  return { answered: answered.wait, release: held.open };
}

const LEASE = 2;

async function keyRow(t: TestApp, tenant: TestTenant, key: string) {
  const rows: Array<{
    status: string;
    recovery_point: string | null;
    resource_id: string | null;
    response_status: number | null;
  }> = await t.dataSource.query(
    `SELECT status, recovery_point, resource_id, response_status FROM idempotency_keys
      WHERE tenant_id = $1 AND key = $2`,
    [tenant.id, key],
  );
  return rows[0];
}

/** Waits until the recovery job (acting as the request's retry) has completed the key. */
function keyCompletedByRecovery(t: TestApp, tenant: TestTenant, key: string) {
  return eventually(
    'the recovery job to complete the key',
    () => keyRow(t, tenant, key),
    (row) => row.status === 'completed',
    15000,
  );
}

/** Orders of a ticket type, and the simulated provider's payments for them. */
async function world(t: TestApp, ticketTypeId: string) {
  const orders: Array<{ id: string; status: string }> = await t.dataSource.query(
    'SELECT id, status FROM orders WHERE ticket_type_id = $1',
    [ticketTypeId],
  );
  const charges: Array<{ id: string; status: string }> = await t.dataSource.query(
    `SELECT sp.id, sp.status FROM simulated_provider_payments sp
      WHERE sp.metadata->>'orderId' = ANY($1::text[])`,
    [orders.map((o) => o.id)],
  );
  return { orders, charges };
}

/** Provider payments whose metadata names no payment here: must always be 0. */
async function orphanCharges(t: TestApp): Promise<number> {
  const [{ n }] = await t.dataSource.query(
    `SELECT count(*)::int AS n FROM simulated_provider_payments sp
      WHERE NOT EXISTS (SELECT 1 FROM payments p WHERE p.id::text = sp.metadata->>'paymentId')`,
  );
  return n;
}

/** Provider refunds whose local refund never committed: must be 0 once recovery ran. */
async function unfinishedRefunds(t: TestApp): Promise<number> {
  const [{ n }] = await t.dataSource.query(
    `SELECT count(*)::int AS n FROM simulated_provider_payments sp
       JOIN payments p ON p.provider_payment_id = sp.id
      WHERE sp.status = 'refunded' AND p.status <> 'refunded'`,
  );
  return n;
}

describe('provider boundary (simulated provider): atomic phases and recovery', () => {
  let t: TestApp;
  let tenant: TestTenant;

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        PAYMENT_SIMULATOR_DELAY_MS: '50',
        PAYMENT_SIMULATOR_DUPLICATE_RATE: '0',
        IDEMPOTENCY_LOCK_SECONDS: String(LEASE),
        RECOVERY_INTERVAL_SECONDS: '1',
      },
    });
    await t.url();
    tenant = await createTenant(t);
  });

  afterEach(() => {
    jest.restoreAllMocks();
    t.app.get(FaultInjector).disarm();
  });

  afterAll(async () => {
    expect(await orphanCharges(t)).toBe(0);
    await t.close();
  });

  const purchase = (body: Record<string, unknown>, key: string) =>
    t.http().post('/v1/purchases').set(tenant.auth).set('Idempotency-Key', key).send(body);

  it('finding 1: a provider call held past the lease, a takeover, capacity 1: one order, one charge, paid', async () => {
    const tt = await createTicketType(t, tenant, { capacity: 1 });
    const key = newKey();
    const body = { ticketTypeId: tt.id, quantity: 1, customerEmail: 'slow@example.com' };
    const held = holdAfterProviderAnswer(t);
    const first = purchase(body, key).then((r) => r);
    await held.answered;
    // While the first attempt runs, its heartbeat keeps the lease: a retry is told to wait.
    await new Promise((resolve) => setTimeout(resolve, LEASE * 1000 + 500));
    const early = await purchase(body, key);
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('IDEMPOTENCY_REQUEST_IN_PROGRESS');
    // The process stalls for longer than its lease (a GC pause, a partition): the lease runs out.
    await t.dataSource.query(
      `UPDATE idempotency_keys SET locked_until = now() WHERE tenant_id = $1 AND key = $2`,
      [tenant.id, key],
    );
    const retried = await purchase(body, key);
    // It resumed the committed order (no false INSUFFICIENT_INVENTORY for its own seat).
    expect(retried.status).toBe(201);
    held.release();
    const late = await first;
    expect(late.status).toBe(409);
    expect(retried.body.id).toBe((await world(t, tt.id)).orders[0].id);
    await orderSettles(t, tenant, retried.body.id, 'paid');
    const { orders, charges } = await world(t, tt.id);
    expect(orders).toEqual([{ id: retried.body.id, status: 'paid' }]);
    expect(charges).toHaveLength(1);
    expect(await counters(t, tt.id)).toEqual({ capacity: 1, available: 0, reserved: 0, sold: 1 });
  });

  it('finding 4: a COMMIT whose answer was lost compensates nothing; the retry resumes the committed order', async () => {
    const tt = await createTicketType(t, tenant, { capacity: 3 });
    const key = newKey();
    const body = { ticketTypeId: tt.id, quantity: 2, customerEmail: 'lost@example.com' };
    t.app.get(FaultInjector).arm('purchase.commit_lost');
    const first = await purchase(body, key);
    expect(first.status).toBe(500);
    const row = await keyRow(t, tenant, key);
    expect(row).toMatchObject({ status: 'processing', recovery_point: 'order_created' });
    // The hold of the committed order was not "compensated" away.
    expect(await counters(t, tt.id)).toMatchObject({ available: 1, reserved: 2 });
    const retried = await purchase(body, key);
    expect(retried.status).toBe(201);
    expect(retried.body.id).toBe(row.resource_id);
    await orderSettles(t, tenant, retried.body.id, 'paid');
    const { orders, charges } = await world(t, tt.id);
    expect(orders).toHaveLength(1);
    expect(charges).toHaveLength(1);
    expect(await counters(t, tt.id)).toEqual({ capacity: 3, available: 1, reserved: 0, sold: 2 });
  });

  it('finding 6: a success event that outruns the purchase commit is applied, never filed as unknown', async () => {
    const tt = await createTicketType(t, tenant, { capacity: 2 });
    const key = newKey();
    const body = { ticketTypeId: tt.id, quantity: 1, customerEmail: 'early@example.com' };
    // Phase 3 waits until the provider's webhook has been processed.
    const held = holdAfterProviderAnswer(t);
    const first = purchase(body, key).then((r) => r);
    const orderId = await eventually(
      'phase 1 to commit',
      async () => (await world(t, tt.id)).orders[0]?.id,
      (id) => id !== undefined,
    );
    const paid = await orderSettles(t, tenant, orderId, 'paid');
    expect(paid.tickets).toHaveLength(1);
    held.release();
    expect((await first).status).toBe(201);
    const charges = (await world(t, tt.id)).charges;
    expect(charges).toHaveLength(1);
    const events = (await inboxRows(t)).filter(
      (e) => (e.payload as { data: { object: { id: string } } }).data.object.id === charges[0].id,
    );
    expect(events.map((e) => [e.status, e.note])).toEqual([['processed', null]]);
  });

  it('recovery job: a purchase whose request died after the provider call is finished, and its key replays', async () => {
    const tt = await createTicketType(t, tenant, { capacity: 2 });
    const key = newKey();
    // Stays pending at the provider and sends nothing: only recovery can link the payment.
    const body = {
      ticketTypeId: tt.id,
      quantity: 1,
      customerEmail: 'dies@example.com',
      paymentMethod: 'pm_card_authenticationRequired',
    };
    t.app.get(FaultInjector).arm('purchase.after_provider_call');
    expect((await purchase(body, key)).status).toBe(500);
    const done = await keyCompletedByRecovery(t, tenant, key);
    expect(done.response_status).toBe(201);
    const order = await getOrder(t, tenant, done.resource_id!);
    const payment = await t
      .http()
      .get(`/v1/payments/${order.paymentId}`)
      .set(tenant.auth)
      .expect(200);
    const { charges } = await world(t, tt.id);
    expect(charges).toHaveLength(1);
    expect(payment.body.providerPaymentId).toBe(charges[0].id);
    const replay = await purchase(body, key);
    expect(replay.status).toBe(201);
    expect(replay.headers['x-idempotent-replayed']).toBe('true');
    expect(replay.body.id).toBe(order.id);
  });

  it('recovery job: a purchase whose provider call never arrived fails, its seats return, no charge', async () => {
    const tt = await createTicketType(t, tenant, { capacity: 2 });
    const key = newKey();
    const body = { ticketTypeId: tt.id, quantity: 2, customerEmail: 'nocall@example.com' };
    jest
      .spyOn(t.app.get(PaymentProvider), 'createPayment')
      .mockRejectedValueOnce(new Error('connect ECONNREFUSED'));
    const first = await purchase(body, key);
    expect(first.status).toBe(503);
    expect(first.body.code).toBe('SERVICE_UNAVAILABLE');
    expect(first.headers['retry-after']).toBe('1');
    expect(await keyRow(t, tenant, key)).toMatchObject({
      status: 'processing',
      recovery_point: 'order_created',
    });
    const done = await keyCompletedByRecovery(t, tenant, key);
    const order = await getOrder(t, tenant, done.resource_id!);
    expect(order.status).toBe('failed');
    expect(order.note).toBe('the provider never received the payment request');
    expect((await world(t, tt.id)).charges).toEqual([]);
    expect(await counters(t, tt.id)).toEqual({ capacity: 2, available: 2, reserved: 0, sold: 0 });
  });

  it('a 503 from an unanswered provider call is retried with the same key: same order, one charge', async () => {
    const tt = await createTicketType(t, tenant, { capacity: 2 });
    const key = newKey();
    const body = { ticketTypeId: tt.id, quantity: 1, customerEmail: 'again@example.com' };
    jest
      .spyOn(t.app.get(PaymentProvider), 'createPayment')
      .mockRejectedValueOnce(new Error('socket hang up'));
    const first = await purchase(body, key);
    expect(first.status).toBe(503);
    const retried = await purchase(body, key);
    expect(retried.status).toBe(201);
    await orderSettles(t, tenant, retried.body.id, 'paid');
    const { orders, charges } = await world(t, tt.id);
    expect(orders).toHaveLength(1);
    expect(charges).toHaveLength(1);
  });

  async function paidOrder(capacity: number, quantity: number) {
    const tt = await createTicketType(t, tenant, { capacity });
    const res = await purchase(
      { ticketTypeId: tt.id, quantity, customerEmail: 'refund@example.com' },
      newKey(),
    );
    expect(res.status).toBe(201);
    return { tt, order: await orderSettles(t, tenant, res.body.id, 'paid') };
  }

  const refund = (paymentId: string, key: string) =>
    t
      .http()
      .post(`/v1/payments/${paymentId}/refund`)
      .set(tenant.auth)
      .set('Idempotency-Key', key)
      .send({});

  it('finding 3: the provider refunded, the local refund failed: the retry finishes it; a second refund is 409', async () => {
    const { tt, order } = await paidOrder(3, 2);
    const key = newKey();
    t.app.get(FaultInjector).arm('refund.after_provider_refund');
    const first = await refund(order.paymentId, key);
    expect(first.status).toBe(500);
    expect(await unfinishedRefunds(t)).toBe(1);
    expect((await getOrder(t, tenant, order.id)).status).toBe('paid');
    const other = await refund(order.paymentId, newKey());
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('INVALID_STATE');
    const retried = await refund(order.paymentId, key);
    expect(retried.status).toBe(200);
    expect(retried.body.status).toBe('refunded');
    const after = await getOrder(t, tenant, order.id);
    expect(after.status).toBe('refunded');
    expect(after.tickets.map((x) => x.status)).toEqual(['void', 'void']);
    expect(await unfinishedRefunds(t)).toBe(0);
    expect(await counters(t, tt.id)).toEqual({ capacity: 3, available: 3, reserved: 0, sold: 0 });
  });

  it('finding 3: a refund whose request died between provider and local refund is finished by the recovery job', async () => {
    const { tt, order } = await paidOrder(2, 1);
    const key = newKey();
    t.app.get(FaultInjector).arm('refund.after_provider_refund');
    expect((await refund(order.paymentId, key)).status).toBe(500);
    const done = await keyCompletedByRecovery(t, tenant, key);
    expect(done.response_status).toBe(200);
    expect((await getOrder(t, tenant, order.id)).status).toBe('refunded');
    expect(await unfinishedRefunds(t)).toBe(0);
    expect(await counters(t, tt.id)).toEqual({ capacity: 2, available: 2, reserved: 0, sold: 0 });
    const replay = await refund(order.paymentId, key);
    expect(replay.status).toBe(200);
    expect(replay.headers['x-idempotent-replayed']).toBe('true');
  });
});

describe('provider boundary (PAYMENT_PROVIDER=stripe, a stub as strict as Stripe)', () => {
  const stub = new StripeStub();
  let t: TestApp;
  let tenant: TestTenant;

  const SECRET = 'whsec_provider_boundary';

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        PAYMENT_WEBHOOK_SECRET: SECRET,
        PAYMENT_PROVIDER: 'stripe',
        STRIPE_SECRET_KEY: 'sk_test_stub',
        STRIPE_API_URL: await stub.start(),
        IDEMPOTENCY_LOCK_SECONDS: String(LEASE),
        RECOVERY_INTERVAL_SECONDS: '1',
      },
    });
    await t.url(); // signed events are posted to it
    tenant = await createTenant(t);
  });

  afterEach(() => {
    jest.restoreAllMocks();
    t.app.get(FaultInjector).disarm();
  });

  afterAll(async () => {
    // Finding 2: never one provider key with two different requests.
    expect(stub.idempotencyErrors).toEqual([]);
    // Every intent the stub made belongs to a payment here.
    const ours: Array<{ provider_payment_id: string }> = await t.dataSource.query(
      'SELECT provider_payment_id FROM payments WHERE provider_payment_id IS NOT NULL',
    );
    expect([...stub.intents.keys()].sort()).toEqual(ours.map((p) => p.provider_payment_id).sort());
    await t.close();
    await stub.stop();
  });

  const purchase = (body: Record<string, unknown>, key: string) =>
    t.http().post('/v1/purchases').set(tenant.auth).set('Idempotency-Key', key).send(body);
  const creates = () =>
    stub.requests.filter((r) => r.method === 'POST' && r.path === '/v1/payment_intents');

  it('finding 2: a retry after a crash past the provider call sends the same key with the same parameters', async () => {
    const tt = await createTicketType(t, tenant, { capacity: 2, priceCents: 700, currency: 'USD' });
    const key = newKey();
    const body = { ticketTypeId: tt.id, quantity: 1, customerEmail: 'st@example.com' };
    const before = creates().length;
    t.app.get(FaultInjector).arm('purchase.after_provider_call');
    expect((await purchase(body, key)).status).toBe(500);
    const retried = await purchase(body, key);
    expect(retried.status).toBe(201);
    const calls = creates().slice(before);
    expect(calls).toHaveLength(2);
    expect(calls[1].idempotencyKey).toBe(calls[0].idempotencyKey);
    expect(calls[1].body).toEqual(calls[0].body);
    expect(calls[0].body).toMatchObject({
      amount: '700',
      currency: 'usd',
      'metadata[orderId]': retried.body.id,
      'metadata[paymentId]': retried.body.paymentId,
    });
    const payment = await t
      .http()
      .get(`/v1/payments/${retried.body.paymentId}`)
      .set(tenant.auth)
      .expect(200);
    expect(stub.intents.has(payment.body.providerPaymentId)).toBe(true);
  });

  it('finding 2: a takeover while the first call is still at Stripe: one intent, no idempotency_error', async () => {
    const tt = await createTicketType(t, tenant, { capacity: 1 });
    const key = newKey();
    const body = { ticketTypeId: tt.id, quantity: 1, customerEmail: 'race@example.com' };
    const before = creates().length;
    stub.failNext('/v1/payment_intents', 'delay', 3000);
    const first = purchase(body, key).then((r) => r);
    await eventually(
      'the first call to reach Stripe',
      async () => (await keyRow(t, tenant, key))?.recovery_point,
      (point) => point === 'order_created',
    );
    await t.dataSource.query(
      `UPDATE idempotency_keys SET locked_until = now() WHERE tenant_id = $1 AND key = $2`,
      [tenant.id, key],
    );
    const retried = await purchase(body, key);
    expect(retried.status).toBe(201);
    expect([409, 201]).toContain((await first).status);
    const calls = creates().slice(before);
    expect(new Set(calls.map((c) => c.idempotencyKey)).size).toBe(1);
    const intents = [...stub.intents.values()].filter(
      (i) => i.metadata.orderId === retried.body.id,
    );
    expect(intents).toHaveLength(1);
  });

  it('finding 7: a provider refusal ends the order failed with its reason, never a 400 for the client', async () => {
    const tt = await createTicketType(t, tenant, { capacity: 2 });
    const res = await purchase(
      {
        ticketTypeId: tt.id,
        quantity: 2,
        customerEmail: 'bad@example.com',
        paymentMethod: 'pm_card_unknown',
      },
      newKey(),
    );
    expect(res.status).toBe(201);
    expect(res.body.status).toBe('failed');
    expect(res.body.note).toMatch(/stripe refused the payment: No such PaymentMethod/);
    expect(await counters(t, tt.id)).toEqual({ capacity: 2, available: 2, reserved: 0, sold: 0 });
  });

  it('finding 5/7: Stripe unreachable after its retries is a 503 with Retry-After; the retry resumes', async () => {
    const tt = await createTicketType(t, tenant, { capacity: 2 });
    const key = newKey();
    const body = { ticketTypeId: tt.id, quantity: 1, customerEmail: 'down@example.com' };
    // The SDK tries three times (maxNetworkRetries 2): all three fail.
    for (let i = 0; i < 3; i++) stub.failNext('/v1/payment_intents', 'before');
    const first = await purchase(body, key);
    expect(first.status).toBe(503);
    expect(first.headers['retry-after']).toBe('1');
    const retried = await purchase(body, key);
    expect(retried.status).toBe(201);
    expect(retried.body.status).toBe('pending_payment');
    const intents = [...stub.intents.values()].filter(
      (i) => i.metadata.orderId === retried.body.id,
    );
    expect(intents).toHaveLength(1);
  });

  it('recovery job in Stripe mode: the intent is found by its metadata and linked; the key replays', async () => {
    const tt = await createTicketType(t, tenant, { capacity: 2 });
    const key = newKey();
    const body = { ticketTypeId: tt.id, quantity: 1, customerEmail: 'rec@example.com' };
    t.app.get(FaultInjector).arm('purchase.after_provider_call');
    expect((await purchase(body, key)).status).toBe(500);
    const done = await keyCompletedByRecovery(t, tenant, key);
    const order = await getOrder(t, tenant, done.resource_id!);
    const intents = [...stub.intents.values()].filter((i) => i.metadata.orderId === order.id);
    expect(intents).toHaveLength(1);
    const payment = await t
      .http()
      .get(`/v1/payments/${order.paymentId}`)
      .set(tenant.auth)
      .expect(200);
    expect(payment.body.providerPaymentId).toBe(intents[0].id);
    expect(
      stub.requests.some((r) => r.method === 'GET' && r.path === '/v1/payment_intents/search'),
    ).toBe(true);
  });
  it('finding 4 in Stripe mode: a lost COMMIT answer, then the retry resumes with the same call', async () => {
    const tt = await createTicketType(t, tenant, { capacity: 2 });
    const key = newKey();
    const body = { ticketTypeId: tt.id, quantity: 2, customerEmail: 'lost@example.com' };
    const before = creates().length;
    t.app.get(FaultInjector).arm('purchase.commit_lost');
    expect((await purchase(body, key)).status).toBe(500);
    expect(creates().length).toBe(before); // phase 2 never ran
    expect(await counters(t, tt.id)).toMatchObject({ available: 0, reserved: 2 });
    const retried = await purchase(body, key);
    expect(retried.status).toBe(201);
    expect(creates().length).toBe(before + 1);
    expect(
      [...stub.intents.values()].filter((i) => i.metadata.orderId === retried.body.id),
    ).toHaveLength(1);
  });

  it('finding 6 in Stripe mode: the signed success event arrives before phase 3 and is applied', async () => {
    const tt = await createTicketType(t, tenant, { capacity: 1, priceCents: 900, currency: 'USD' });
    const key = newKey();
    const body = { ticketTypeId: tt.id, quantity: 1, customerEmail: 'early@example.com' };
    const held = holdAfterProviderAnswer(t);
    const first = purchase(body, key).then((r) => r);
    await held.answered;
    const intent = [...stub.intents.values()].find(
      (i) => i.metadata.tenantId === tenant.id && i.amount === 900,
    )!;
    const event = paymentEvent({ paymentIntentId: intent.id });
    event.data.object.amount = 900;
    event.data.object.currency = 'usd';
    event.data.object.metadata = intent.metadata;
    const payload = JSON.stringify(event);
    expect(
      (await postWebhook(await t.url(), payload, signatureFor(payload, [SECRET]))).status,
    ).toBe(200);
    const paid = await orderSettles(t, tenant, intent.metadata.orderId, 'paid');
    expect(paid.tickets).toHaveLength(1);
    held.release();
    const answer = await first;
    expect(answer.status).toBe(201);
    expect(answer.body.id).toBe(paid.id);
    const [row] = await inboxRows(t, event.id);
    expect([row.status, row.note]).toEqual(['processed', null]);
  });

  it('finding 3 in Stripe mode: a refund cut between Stripe and the local refund is finished by the retry, refunded once', async () => {
    const tt = await createTicketType(t, tenant, { capacity: 2, priceCents: 400, currency: 'USD' });
    const created = await purchase(
      { ticketTypeId: tt.id, quantity: 2, customerEmail: 'rf@example.com' },
      newKey(),
    );
    expect(created.status).toBe(201);
    const payment = await t
      .http()
      .get(`/v1/payments/${created.body.paymentId}`)
      .set(tenant.auth)
      .expect(200);
    const event = paymentEvent({ paymentIntentId: payment.body.providerPaymentId });
    event.data.object.amount = 800;
    event.data.object.currency = 'usd';
    const payload = JSON.stringify(event);
    await postWebhook(await t.url(), payload, signatureFor(payload, [SECRET]));
    await orderSettles(t, tenant, created.body.id, 'paid');
    const key = newKey();
    const refund = () =>
      t
        .http()
        .post(`/v1/payments/${created.body.paymentId}/refund`)
        .set(tenant.auth)
        .set('Idempotency-Key', key)
        .send({});
    t.app.get(FaultInjector).arm('refund.after_provider_refund');
    expect((await refund()).status).toBe(500);
    const refunds = () =>
      [...stub.refunds.values()].filter((r) => r.payment_intent === payment.body.providerPaymentId);
    expect(refunds()).toHaveLength(1);
    const retried = await refund();
    expect(retried.status).toBe(200);
    expect(retried.body.status).toBe('refunded');
    expect(refunds()).toHaveLength(1);
    expect((await getOrder(t, tenant, created.body.id)).tickets.map((x) => x.status)).toEqual([
      'void',
      'void',
    ]);
    expect(await counters(t, tt.id)).toEqual({ capacity: 2, available: 2, reserved: 0, sold: 0 });
  });
});
