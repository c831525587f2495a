import { StripePaymentProvider } from '../../src/modules/payments/providers/stripe/stripe-payment.provider';
import { IssuedTicketsService } from '../../src/modules/tickets/issued-tickets.service';
import { createTestApp, TestApp } from '../support/app';
import { counters, createTenant, createTicketType, newKey, TestTenant } from '../support/factories';
import { getOrder, orderSettles } from '../support/purchases';
import { StripeStub } from '../support/stripe-stub';
import { paymentEvent, postWebhook, signatureFor } from '../support/webhooks';

describe('Stripe provider (official SDK against a local stub of the two endpoints)', () => {
  const stub = new StripeStub();
  let provider: StripePaymentProvider;

  beforeAll(async () => {
    provider = new StripePaymentProvider({ secretKey: 'sk_test_stub', apiUrl: await stub.start() });
  });

  afterAll(async () => {
    await stub.stop();
  });

  const input = (paymentMethod: string, key = newKey()) => ({
    idempotencyKey: `purchase-${key}`,
    amountCents: 5000,
    currency: 'EUR',
    paymentMethod,
    metadata: { orderId: 'o1', tenantId: 't1' },
  });

  it('creates a PaymentIntent with the idempotency key; the same key answers the same intent', async () => {
    const request = input('pm_card_visa');
    const first = await provider.createPayment(request);
    const again = await provider.createPayment(request);
    expect(first).toMatchObject({
      status: 'succeeded',
      amountCents: 5000,
      currency: 'EUR',
      replayed: false,
    });
    expect(again).toEqual({ ...first, replayed: true });
    const sent = stub.requests.filter((r) => r.idempotencyKey === request.idempotencyKey);
    expect(sent).toHaveLength(2);
    expect(sent[0].body).toMatchObject({
      amount: '5000',
      currency: 'eur',
      payment_method: 'pm_card_visa',
      confirm: 'true',
      'metadata[orderId]': 'o1',
    });
    expect([...stub.intents.values()].filter((i) => i.id === first.id)).toHaveLength(1);
  });

  it('a declined card is a failed payment, not an error; authentication required stays pending', async () => {
    expect((await provider.createPayment(input('pm_card_chargeDeclined'))).status).toBe('failed');
    const pending = await provider.createPayment(input('pm_card_authenticationRequired'));
    expect(pending.status).toBe('pending');
    expect((await provider.retrievePayment(pending.id)).status).toBe('pending');
  });

  it('refunds are keyed by the payment: asking twice refunds once', async () => {
    const paid = await provider.createPayment(input('pm_card_visa'));
    const a = await provider.refundPayment(paid.id);
    const b = await provider.refundPayment(paid.id);
    expect(b.id).toBe(a.id);
    expect([...stub.refunds.values()].filter((r) => r.payment_intent === paid.id)).toHaveLength(1);
    const sent = stub.requests.filter(
      (r) => r.path === '/v1/refunds' && r.body.payment_intent === paid.id,
    );
    expect(sent.map((r) => r.idempotencyKey)).toEqual([`refund-${paid.id}`, `refund-${paid.id}`]);
  });
});

describe('PAYMENT_PROVIDER=stripe: a purchase through the app', () => {
  const stub = new StripeStub();
  const secret = 'whsec_stripe_mode';
  let t: TestApp;
  let tenant: TestTenant;

  beforeAll(async () => {
    t = await createTestApp({
      env: {
        PAYMENT_PROVIDER: 'stripe',
        STRIPE_SECRET_KEY: 'sk_test_stub',
        STRIPE_API_URL: await stub.start(),
        PAYMENT_WEBHOOK_SECRET: secret,
      },
    });
    tenant = await createTenant(t);
  });

  afterAll(async () => {
    await t.close();
    await stub.stop();
  });

  it('charges through Stripe once per purchase key and is paid by the signed webhook', async () => {
    const tt = await createTicketType(t, tenant, {
      capacity: 3,
      priceCents: 1250,
      currency: 'USD',
    });
    const key = newKey();
    const body = { ticketTypeId: tt.id, quantity: 2, customerEmail: 's@example.com' };
    const created = await t
      .http()
      .post('/v1/purchases')
      .set(tenant.auth)
      .set('Idempotency-Key', key)
      .send(body)
      .expect(201);
    await t
      .http()
      .post('/v1/purchases')
      .set(tenant.auth)
      .set('Idempotency-Key', key)
      .send(body)
      .expect(201);
    const creates = stub.requests.filter(
      (r) => r.path === '/v1/payment_intents' && r.method === 'POST',
    );
    expect(creates).toHaveLength(1);
    expect(creates[0].body).toMatchObject({ amount: '2500', currency: 'usd' });

    const payment = await t
      .http()
      .get(`/v1/payments/${created.body.paymentId}`)
      .set(tenant.auth)
      .expect(200);
    expect(payment.body).toMatchObject({ provider: 'stripe', status: 'pending' });
    expect(payment.body.providerPaymentId).toMatch(/^pi_stub_/);

    const event = paymentEvent({ paymentIntentId: payment.body.providerPaymentId });
    event.data.object.amount = 2500;
    event.data.object.currency = 'usd';
    const payload = JSON.stringify(event);
    expect(
      (await postWebhook(await t.url(), payload, signatureFor(payload, [secret]))).status,
    ).toBe(200);
    const paid = await orderSettles(t, tenant, created.body.id, 'paid');
    expect(paid.tickets).toHaveLength(2);
    expect(await counters(t, tt.id)).toEqual({ capacity: 3, available: 1, reserved: 0, sold: 2 });
    expect((await getOrder(t, tenant, paid.id)).status).toBe('paid');
  });

  it('a retried purchase whose declined payment the provider replays is failed at once', async () => {
    const tt = await createTicketType(t, tenant, { capacity: 2 });
    const key = newKey();
    const body = {
      ticketTypeId: tt.id,
      quantity: 1,
      customerEmail: 'd@example.com',
      paymentMethod: 'pm_card_chargeDeclined',
    };
    const spy = jest
      .spyOn(t.app.get(IssuedTicketsService), 'listForOrder')
      .mockRejectedValueOnce(new Error('crash after the provider call'));
    try {
      const first = await t
        .http()
        .post('/v1/purchases')
        .set(tenant.auth)
        .set('Idempotency-Key', key)
        .send(body);
      expect(first.status).toBe(500);
    } finally {
      spy.mockRestore();
    }
    const retried = await t
      .http()
      .post('/v1/purchases')
      .set(tenant.auth)
      .set('Idempotency-Key', key)
      .send(body);
    expect(retried.status).toBe(201);
    expect(retried.body.status).toBe('failed');
    expect(await counters(t, tt.id)).toEqual({ capacity: 2, available: 2, reserved: 0, sold: 0 });
  });
});
