/**
 * kill -9 of the service with purchases in flight; restart on the same port; retry every key
 * once its lease has run out: one order and at most one provider payment per key.
 */
import { randomUUID } from 'node:crypto';
import { createTenant, createTicketTypes, pool } from '../bench/lib/api';
import { sleep, waitFor } from '../bench/lib/procs';
import { Answer, judgeKilled, send, tally } from './lib/answers';
import {
  check,
  checkAnswers,
  connect,
  Drill,
  notes,
  scalar,
  serviceEnv,
  Stage,
  startService,
  waitForDeliveries,
} from './lib/harness';

export const killDrill: Drill = {
  name: 'kill -9',
  async run(stage: Stage): Promise<void> {
    const drill = 'kill -9';
    const lockSeconds = 3;
    const vars = serviceEnv(stage, 'drill_kill', {
      IDEMPOTENCY_LOCK_SECONDS: String(lockSeconds),
      PAYMENT_WINDOW_SECONDS: '20',
      PAYMENT_SIMULATOR_DELAY_MS: '100',
    });
    let instance = await startService(stage, 'kill', vars);
    const port = instance.port;
    const db = await connect(stage.cluster.url('drill_kill'));
    const quantity = 2;
    const capacity = 1000;
    try {
      const tenant = await createTenant(instance.url, 'kill');
      const [typeId] = await createTicketTypes(instance.url, tenant.apiKey, 1, capacity);
      const purchases = Array.from({ length: stage.short ? 30 : 100 }, (_, i) => ({
        key: randomUUID(),
        body: {
          ticketTypeId: typeId,
          quantity,
          customerEmail: `buyer${i}@example.com`,
          paymentMethod: 'pm_card_visa',
        },
      }));
      let answered = 0;
      const t0 = Date.now();
      const inFlight = purchases.map((p) =>
        send(instance.url, '/v1/purchases', tenant.apiKey, p.body, p.key, 20000).then((a) => {
          answered++;
          return a;
        }),
      );
      await waitFor('the first answers', async () => answered >= 3, 20000, 5);
      const killedAt = Date.now();
      await instance.kill9();
      const first: Answer[] = await Promise.all(inFlight);
      const before = first.filter((a) => a.status === 201);
      const cut = first.filter((a) => a.status === 0).length;
      notes.push(`kill -9: answers to the first attempts ${tally(first)}`);
      checkAnswers(
        drill,
        'first attempts other than 201, or cut off by the kill',
        first.map((answer) => ({ answer, verdict: judgeKilled(answer, killedAt) })),
        t0,
      );
      check(drill, 'purchases cut off in flight by the kill', `> 0`, cut, cut > 0);
      const orphanHolds = await scalar(
        db,
        `SELECT count(*) FROM reservations r WHERE status = 'active'
            AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.reservation_id = r.id)`,
      );
      notes.push(`kill -9: holds committed without an order (their purchase died): ${orphanHolds}`);

      instance = await startService(stage, 'kill-restarted', vars, port);
      // Every claim was made before the kill, so every lease has ended once this sleep is over:
      // the first retry of each key must take it over (or replay it), never 409 or 5xx.
      await sleep((lockSeconds + 1) * 1000);
      const retries = await pool(purchases, 16, (p) =>
        send(instance.url, '/v1/purchases', tenant.apiKey, p.body, p.key, 20000),
      );
      notes.push(`kill -9: first retries after the restart ${tally(retries)}`);
      check(
        drill,
        'first retries after the lease answered 201',
        purchases.length,
        retries.filter((r) => r.status === 201).length,
      );
      const orderOf = new Map(before.map((a) => [a.key, a.id]));
      check(
        drill,
        'keys answered 201 before the kill that replay the same order',
        before.length,
        retries.filter((r) => r.replayed && r.id !== undefined && orderOf.get(r.key) === r.id)
          .length,
      );
      const n = purchases.length;
      check(drill, 'orders', n, await scalar(db, 'SELECT count(*) FROM orders'));
      check(
        drill,
        'keys with other than one order',
        0,
        await scalar(
          db,
          `SELECT count(*) FROM (SELECT idempotency_key FROM orders GROUP BY 1 HAVING count(*) <> 1) x`,
        ),
      );
      check(
        drill,
        'orders with more than one payment',
        0,
        await scalar(
          db,
          `SELECT count(*) FROM (SELECT order_id FROM payments GROUP BY 1 HAVING count(*) > 1) x`,
        ),
      );
      check(
        drill,
        'orders with more than one provider payment',
        0,
        await scalar(
          db,
          `SELECT count(*) FROM payments p
            WHERE (SELECT count(*) FROM simulated_provider_payments s
                    WHERE s.idempotency_key = p.provider_idempotency_key) > 1`,
        ),
      );
      const providerPayments = await scalar(db, 'SELECT count(*) FROM simulated_provider_payments');
      check(
        drill,
        'provider payments (at most one per key)',
        `<= ${n}`,
        providerPayments,
        providerPayments <= n,
      );
      check(
        drill,
        'provider payments that belong to no order',
        0,
        await scalar(
          db,
          `SELECT count(*) FROM simulated_provider_payments s
            WHERE NOT EXISTS (SELECT 1 FROM payments p WHERE p.provider_idempotency_key = s.idempotency_key)`,
        ),
      );
      // A purchase cut off between its order and its provider call ends one of two ways, both
      // exactly once: the client's retry resumes it and the provider charges (paid), or the
      // recovery job got there first (its lease had run out too), found no payment at the
      // provider and failed the order, returning its seats; the retry then replays that.
      const neverCharged = `SELECT count(*) FROM orders o JOIN payments p ON p.order_id = o.id
          WHERE o.status = 'failed' AND p.provider_payment_id IS NULL
            AND o.note = 'the provider never received the payment request'`;
      await waitForDeliveries(
        db,
        'every order paid or failed as never charged',
        async () =>
          (await scalar(db, `SELECT count(*) FROM orders WHERE status = 'paid'`)) +
            (await scalar(db, neverCharged)) ===
          n,
      );
      const paid = await scalar(db, `SELECT count(*) FROM orders WHERE status = 'paid'`);
      const failed = await scalar(db, neverCharged);
      notes.push(`kill -9: ${paid} paid, ${failed} failed by the recovery job as never charged`);
      check(drill, 'orders paid, or failed by the recovery job as never charged', n, paid + failed);
      check(
        drill,
        'provider payments = paid orders',
        paid,
        await scalar(db, 'SELECT count(*) FROM simulated_provider_payments'),
      );
      check(
        drill,
        'tickets issued',
        paid * quantity,
        await scalar(db, 'SELECT count(*) FROM tickets'),
      );
      // Holds whose purchase died with the process committed on their own (by design); they last
      // IDEMPOTENCY_LOCK_SECONDS until a purchase extends them, and the sweep (every 2 s) frees them.
      await waitFor(
        'orphan holds released',
        async () =>
          (await scalar(db, `SELECT count(*) FROM reservations WHERE status = 'active'`)) === 0,
        60000,
        500,
      ).catch(() => undefined);
      const { rows } = await db.query(
        `SELECT capacity, available, reserved, sold FROM ticket_types WHERE id = $1`,
        [typeId],
      );
      const t = rows[0] as { capacity: number; available: number; reserved: number; sold: number };
      check(
        drill,
        'available + reserved + sold = capacity',
        capacity,
        t.available + t.reserved + t.sold,
      );
      check(drill, 'sold = paid seats', paid * quantity, t.sold);
      check(drill, 'reserved once orphan holds expired', 0, t.reserved);
      check(
        drill,
        'sold = seats of converted reservations',
        t.sold,
        await scalar(
          db,
          `SELECT coalesce(sum(quantity), 0) FROM reservations WHERE status = 'converted'`,
        ),
      );
    } finally {
      await db.end();
      await instance.stop();
    }
  },
};
