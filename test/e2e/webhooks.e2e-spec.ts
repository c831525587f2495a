import type { Job, Queue } from 'bull';
import { getQueueToken } from '@nestjs/bull';
import { DEV_WEBHOOK_SECRET } from '../../src/config/app-config';
import { JOBS, QUEUES } from '../../src/queues/queue-names';
import type { ApplyOutcome, ProviderEvent } from '../../src/modules/payments/payment-events';
import { PaymentsService } from '../../src/modules/payments/payments.service';
import { WebhookProcessingPolicy } from '../../src/modules/webhooks/webhook-processing.policy';
import { WebhooksService } from '../../src/modules/webhooks/webhooks.service';
import { createTestApp, TestApp } from '../support/app';
import { admin, newKey } from '../support/factories';
import {
  eventually,
  inboxRows,
  NEW_SECRET,
  OLD_SECRET,
  paymentEvent,
  postWebhook,
  signatureFor,
  unixNow,
  v1,
} from '../support/webhooks';

const ATTEMPTS = 3;

describe('payment webhooks (docs/api.md §8)', () => {
  let t: TestApp;
  let url: string;
  let payments: PaymentsService;
  let policy: WebhookProcessingPolicy;
  let originalApply: PaymentsService['applyProviderEvent'];
  // Event ids whose application a test wants to fail, with the error to throw.
  const failing = new Map<string, () => Error>();
  // Event ids whose application a test wants to answer with a given outcome.
  const answers = new Map<string, ApplyOutcome>();
  // Event id → how many times PaymentsService was asked to apply it.
  const applied = new Map<string, number>();

  beforeAll(async () => {
    t = await createTestApp({
      env: { PAYMENT_WEBHOOK_SECRET: `${NEW_SECRET},${OLD_SECRET}` },
    });
    url = await t.url();
    policy = t.app.get(WebhookProcessingPolicy);
    policy.attempts = ATTEMPTS;
    policy.backoffMs = 20;
    payments = t.app.get(PaymentsService);
    originalApply = payments.applyProviderEvent.bind(payments);
    // The real service runs; the spy counts calls, and injects failures or outcomes where a test
    // asks (events of these tests have no payment, so the real answer is always unknown_payment).
    jest
      .spyOn(payments, 'applyProviderEvent')
      .mockImplementation(async (provider: string, event: ProviderEvent): Promise<ApplyOutcome> => {
        applied.set(event.id, (applied.get(event.id) ?? 0) + 1);
        const fail = failing.get(event.id);
        if (fail !== undefined) throw fail();
        return answers.get(event.id) ?? originalApply(provider, event);
      });
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await t.close();
  });

  const send = (event: unknown, secrets = [NEW_SECRET]) => {
    const payload = JSON.stringify(event);
    return postWebhook(url, payload, signatureFor(payload, secrets));
  };

  const replayAsAdmin = (id: string, key: string) =>
    t
      .http()
      .post(`/v1/admin/webhook-events/${id}/replay`)
      .set(admin)
      .set('Idempotency-Key', key)
      .send({});

  const settled = (eventId: string) =>
    eventually(
      `event ${eventId} to settle`,
      () => inboxRows(t, eventId),
      (rows) => rows.length === 1 && ['processed', 'failed'].includes(rows[0].status),
    ).then((rows) => rows[0]);

  describe('signature (verified first, on the raw body)', () => {
    const event = paymentEvent();
    const payload = JSON.stringify(event);
    const now = unixNow();

    it.each<[string, string | null]>([
      ['missing', null],
      ['wrong', `t=${now},v1=${'0'.repeat(64)}`],
      ['signed with a secret we do not have', `t=${now},v1=${v1(payload, 'whsec_other', now)}`],
      ['10 minutes old', `t=${now - 600},v1=${v1(payload, NEW_SECRET, now - 600)}`],
      ['10 minutes in the future', `t=${now + 600},v1=${v1(payload, NEW_SECRET, now + 600)}`],
      ['malformed (no timestamp)', `v1=${v1(payload, NEW_SECRET, now)}`],
      ['malformed (garbage)', 'not a signature'],
      ['for another body', `t=${now},v1=${v1(payload + ' ', NEW_SECRET, now)}`],
    ])('%s: 400 WEBHOOK_SIGNATURE_INVALID and nothing stored', async (_, signature) => {
      const res = await postWebhook(url, payload, signature);
      expect(res.status).toBe(400);
      expect(res.contentType).toContain('application/problem+json');
      expect(res.body.code).toBe('WEBHOOK_SIGNATURE_INVALID');
      expect(await inboxRows(t, event.id)).toHaveLength(0);
    });

    it('a body re-serialised after signing is refused (the raw bytes are what is signed)', async () => {
      const other = paymentEvent();
      const signed = JSON.stringify(other);
      const res = await postWebhook(url, JSON.stringify(other, null, 2), signatureFor(signed));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('WEBHOOK_SIGNATURE_INVALID');
      expect(await inboxRows(t, other.id)).toHaveLength(0);
    });

    it('rotation: a header carrying the new and the old signature is accepted', async () => {
      const event = paymentEvent();
      const res = await send(event, [NEW_SECRET, OLD_SECRET]);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ received: true, duplicate: false });
      expect(await inboxRows(t, event.id)).toHaveLength(1);
    });

    it('rotation: either configured secret alone is accepted', async () => {
      const byOld = paymentEvent();
      const byNew = paymentEvent();
      expect((await send(byOld, [OLD_SECRET])).status).toBe(200);
      expect((await send(byNew, [NEW_SECRET])).status).toBe(200);
      expect(await inboxRows(t, byOld.id)).toHaveLength(1);
      expect(await inboxRows(t, byNew.id)).toHaveLength(1);
    });

    it('a signed body that is not a provider event: 400 VALIDATION_FAILED, nothing stored', async () => {
      const before = (await inboxRows(t)).length;
      const res = await send({ id: 'evt_no_data', type: 'payment_intent.succeeded' });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(await inboxRows(t)).toHaveLength(before);
    });
  });

  describe('the inbox', () => {
    it('stores the event as received, pending, for the configured provider, with no Idempotency-Key', async () => {
      const event = paymentEvent({ type: 'payment_intent.payment_failed' });
      const res = await send(event);
      expect(res.status).toBe(200);
      const [row] = await inboxRows(t, event.id);
      expect(row).toMatchObject({
        provider: 'simulated',
        type: 'payment_intent.payment_failed',
        payload: event,
      });
    });

    it('a duplicate event id answers 200 duplicate:true and is stored and applied once', async () => {
      const event = paymentEvent();
      expect((await send(event)).body).toEqual({ received: true, duplicate: false });
      await settled(event.id);
      const again = await send(event);
      expect(again.status).toBe(200);
      expect(again.body).toEqual({ received: true, duplicate: true });
      const rows = await inboxRows(t, event.id);
      expect(rows).toHaveLength(1);
      // The duplicate was not enqueued again: the settled row is untouched.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const [after] = await inboxRows(t, event.id);
      expect(after.attempts).toBe(rows[0].attempts);
    });

    it('ten concurrent deliveries of one event: one stored, nine duplicates', async () => {
      const event = paymentEvent();
      const results = await Promise.all(Array.from({ length: 10 }, () => send(event)));
      expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
      expect(results.filter((r) => r.body.duplicate === false)).toHaveLength(1);
      expect(await inboxRows(t, event.id)).toHaveLength(1);
    });
  });

  describe('processing through the queue', () => {
    it('an event for an unknown payment is retried, then processed with a note (never failed)', async () => {
      const event = paymentEvent();
      await send(event);
      const row = await settled(event.id);
      expect(row.status).toBe('processed');
      expect(row.note).toMatch(/unknown_payment/);
      expect(row.processed_at).not.toBeNull();
      // Retried while attempts remained: the purchase that made the payment may still commit.
      expect(row.attempts).toBe(ATTEMPTS);
      expect(applied.get(event.id)).toBe(ATTEMPTS);
    });

    it('a handler that throws is retried, marked failed with the error, listed, and replayed by an admin', async () => {
      const event = paymentEvent();
      failing.set(event.id, () => new Error('payments exploded'));
      await send(event);
      const failed = await settled(event.id);
      expect(failed).toMatchObject({ status: 'failed', attempts: ATTEMPTS, processed_at: null });
      expect(failed.last_error).toContain('payments exploded');
      expect(applied.get(event.id)).toBe(ATTEMPTS);

      const list = await t
        .http()
        .get('/v1/admin/webhook-events?status=failed')
        .set(admin)
        .expect(200);
      const listed = (list.body.items as Array<Record<string, unknown>>).find(
        (item) => item.eventId === event.id,
      );
      expect(listed).toMatchObject({
        id: failed.id,
        provider: 'simulated',
        type: 'payment_intent.succeeded',
        status: 'failed',
        attempts: ATTEMPTS,
        processedAt: null,
      });
      expect(listed!.lastError).toContain('payments exploded');

      failing.delete(event.id);
      answers.set(event.id, { status: 'applied', note: null });
      const key = newKey();
      const replay = await replayAsAdmin(failed.id, key);
      expect(replay.status).toBe(202);
      expect(replay.body).toMatchObject({ id: failed.id, status: 'pending' });

      const done = await eventually(
        'the replayed event to be processed',
        () => inboxRows(t, event.id),
        (rows) => rows[0].status === 'processed',
      );
      // One more claim by the replay; the kept error says what happened before.
      expect(done[0].attempts).toBe(ATTEMPTS + 1);
      expect(done[0].note).toBeNull();
      expect(done[0].last_error).toContain('payments exploded');
      expect(done[0].processed_at).not.toBeNull();

      // The replay is an ordinary idempotent POST: the same key replays the 202, nothing runs again.
      const calls = applied.get(event.id);
      const again = await replayAsAdmin(failed.id, key);
      expect(again.status).toBe(202);
      expect(again.headers['x-idempotent-replayed']).toBe('true');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(applied.get(event.id)).toBe(calls);
      expect((await inboxRows(t, event.id))[0].status).toBe('processed');
    });

    it('a failure that heals before the last attempt ends processed, its error kept', async () => {
      const event = paymentEvent();
      let left = 1;
      failing.set(event.id, () => {
        if (left-- <= 0) failing.delete(event.id);
        return new Error('transient');
      });
      await send(event);
      const row = await settled(event.id);
      expect(row.status).toBe('processed');
      expect(row.last_error).toContain('transient');
      expect(row.attempts).toBeGreaterThanOrEqual(2);
    });

    it('a job Bull delivers again for a processed event changes nothing', async () => {
      const event = paymentEvent();
      await send(event);
      const row = await settled(event.id);
      const calls = applied.get(event.id);
      const queue = t.app.get<Queue>(getQueueToken(QUEUES.webhookEvents), { strict: false });
      const jobs: Job[] = await Promise.all(
        [1, 2, 3].map((n) =>
          queue.add(JOBS.webhookProcess, { eventRowId: row.id }, { jobId: `dup-${row.id}-${n}` }),
        ),
      );
      const results = (await Promise.all(jobs.map((job) => job.finished()))) as Array<{
        result: string;
      }>;
      expect(results.map((r) => r.result)).toEqual(['skipped', 'skipped', 'skipped']);
      const [after] = await inboxRows(t, event.id);
      expect(after).toMatchObject({ status: 'processed', attempts: row.attempts });
      expect(applied.get(event.id)).toBe(calls);
    });

    it('two workers racing for one pending row: one claims and applies, the other skips', async () => {
      const event = paymentEvent();
      failing.set(event.id, () => new Error('hold'));
      await send(event);
      await settled(event.id);
      failing.delete(event.id);
      const [row] = await inboxRows(t, event.id);
      await t.dataSource.query(`UPDATE webhook_events SET status = 'pending' WHERE id = $1`, [
        row.id,
      ]);
      const service = t.app.get(WebhooksService);
      const calls = applied.get(event.id)!;
      const results = await Promise.all([
        service.process(row.id, { number: 1, max: 1 }),
        service.process(row.id, { number: 1, max: 1 }),
      ]);
      expect(results.map((r) => r.result).sort()).toEqual(['processed', 'skipped']);
      expect(applied.get(event.id)).toBe(calls + 1);
      const [after] = await inboxRows(t, event.id);
      expect(after).toMatchObject({ status: 'processed', attempts: row.attempts + 1 });
    });

    it('a row left in processing past its lease (a worker died) is re-driven and processed', async () => {
      const event = paymentEvent();
      await send(event);
      const row = await settled(event.id);
      await t.dataSource.query(
        `UPDATE webhook_events SET status = 'processing', processed_at = NULL,
                updated_at = now() - interval '1 hour' WHERE id = $1`,
        [row.id],
      );
      answers.set(event.id, { status: 'ignored', note: 'already succeeded' });
      const redriven = await t.app.get(WebhooksService).redrive();
      expect(redriven.enqueued).toBeGreaterThanOrEqual(1);
      const done = await eventually(
        'the abandoned row to be processed',
        () => inboxRows(t, event.id),
        (rows) => rows[0].status === 'processed',
      );
      expect(done[0].attempts).toBe(row.attempts + 1);
      expect(done[0].note).toBe('ignored: already succeeded');
    });

    it('a row held in processing within its lease is not taken by a second delivery', async () => {
      const event = paymentEvent();
      await send(event);
      const row = await settled(event.id);
      await t.dataSource.query(
        `UPDATE webhook_events SET status = 'processing', processed_at = NULL, updated_at = now()
          WHERE id = $1`,
        [row.id],
      );
      const result = await t.app.get(WebhooksService).process(row.id, { number: 1, max: 5 });
      expect(result).toEqual({ result: 'skipped', status: 'processing' });
      expect((await inboxRows(t, event.id))[0].attempts).toBe(row.attempts);
      await t.dataSource.query(
        `UPDATE webhook_events SET status = 'processed', processed_at = now() WHERE id = $1`,
        [row.id],
      );
    });
  });

  describe('admin routes', () => {
    it('lists newest first with status and type filters and cursor paging', async () => {
      const type = `test.paging.${newKey()}`;
      const events = [paymentEvent({ type }), paymentEvent({ type }), paymentEvent({ type })];
      for (const event of events) await send(event);

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await t
          .http()
          .get('/v1/admin/webhook-events')
          .query({ type, limit: 2, ...(cursor === null ? {} : { cursor }) })
          .set(admin)
          .expect(200);
        seen.push(...(res.body.items as Array<{ eventId: string }>).map((i) => i.eventId));
        cursor = res.body.nextCursor as string | null;
      } while (cursor !== null);
      expect(seen).toEqual(events.map((e) => e.id).reverse());

      const first = await t
        .http()
        .get('/v1/admin/webhook-events')
        .query({ type, limit: 1 })
        .set(admin)
        .expect(200);
      expect(first.body.items).toHaveLength(1);
      expect(Object.keys(first.body.items[0]).sort()).toEqual(
        [
          'attempts',
          'eventId',
          'id',
          'lastError',
          'note',
          'processedAt',
          'provider',
          'receivedAt',
          'status',
          'type',
        ].sort(),
      );
    });

    it('a status filter returns only that status', async () => {
      const res = await t
        .http()
        .get('/v1/admin/webhook-events?status=processed&limit=200')
        .set(admin)
        .expect(200);
      expect(res.body.items.length).toBeGreaterThan(0);
      expect(new Set(res.body.items.map((i: { status: string }) => i.status))).toEqual(
        new Set(['processed']),
      );
    });

    it.each([
      ['an unknown status', 'status=done'],
      ['a limit of 0', 'limit=0'],
      ['a limit above 200', 'limit=201'],
      ['a cursor we did not issue', 'cursor=abc'],
      [
        'a well-formed cursor for no event',
        `cursor=we1.${Buffer.from(newKey()).toString('base64url')}`,
      ],
      ['an unknown parameter', 'colour=red'],
    ])('%s: 400 VALIDATION_FAILED', async (_, query) => {
      const res = await t.http().get(`/v1/admin/webhook-events?${query}`).set(admin);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    });

    it('needs the admin token', async () => {
      await t.http().get('/v1/admin/webhook-events').expect(401);
      const event = (await inboxRows(t))[0];
      await t
        .http()
        .post(`/v1/admin/webhook-events/${event.id}/replay`)
        .set('Idempotency-Key', newKey())
        .send({})
        .expect(401);
    });

    it('replay of an unknown event is 404; without an Idempotency-Key it is 400', async () => {
      const missing = await t
        .http()
        .post(`/v1/admin/webhook-events/${newKey()}/replay`)
        .set(admin)
        .set('Idempotency-Key', newKey())
        .send({});
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('NOT_FOUND');
      const event = (await inboxRows(t))[0];
      const noKey = await t
        .http()
        .post(`/v1/admin/webhook-events/${event.id}/replay`)
        .set(admin)
        .send({});
      expect(noKey.status).toBe(400);
      expect(noKey.body.code).toBe('IDEMPOTENCY_KEY_MISSING');
    });

    it('counts events by status in /metrics', async () => {
      const res = await t.http().get('/metrics').expect(200);
      expect(res.text).toMatch(/webhook_events_total\{status="received"\} [1-9]/);
      expect(res.text).toMatch(/webhook_events_total\{status="duplicate"\} [1-9]/);
      expect(res.text).toMatch(/webhook_events_total\{status="signature_invalid"\} [1-9]/);
      expect(res.text).toMatch(/webhook_events_total\{status="failed"\} [1-9]/);
    });
  });
});

describe('payment webhooks with PostgreSQL unreachable', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });

  afterAll(async () => {
    await t.close();
  });

  it('answers 503 SERVICE_UNAVAILABLE, never a 2xx for an event it did not store', async () => {
    const url = await t.url();
    await t.dataSource.destroy();
    const payload = JSON.stringify(paymentEvent());
    const res = await postWebhook(url, payload, signatureFor(payload, [DEV_WEBHOOK_SECRET]));
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('SERVICE_UNAVAILABLE');
    expect(res.contentType).toContain('application/problem+json');
  });
});
