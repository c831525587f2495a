/**
 * The provider-boundary drill (exactly once across the payment provider): purchases and refunds
 * under load while faults hit each phase boundary in turn (after the provider call, a COMMIT
 * whose answer is lost, between the provider's refund and the local refund), then `kill -9` in
 * the middle of a phase; some clients retry, some give up at the first error. After the recovery
 * job has run, it counts: provider payments without an order, provider refunds without the local
 * refund, orders with more than one provider payment, purchases left between phases, and the
 * seat counters against the orders and holds.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { createTenant, createTicketTypes, get, pool, post } from '../bench/lib/api';
import type { ServiceProcess } from '../bench/lib/procs';
import { sleep, waitFor } from '../bench/lib/procs';

export interface DrillKit {
  short: boolean;
  check(drill: string, name: string, expected: unknown, actual: unknown, ok?: boolean): void;
  note(text: string): void;
  env(database: string, extra?: Record<string, string>): Record<string, string>;
  service(name: string, vars: Record<string, string>, port?: number): Promise<ServiceProcess>;
  connect(database: string): Promise<Client>;
  scalar(db: Client, text: string, params?: unknown[]): Promise<number>;
  settle(
    baseUrl: string,
    token: string,
    path: string,
    body: unknown,
    key: string,
  ): Promise<{
    status: number;
    body: Record<string, unknown>;
  }>;
}

const DRILL = 'provider boundary';
const DB = 'drill_provider';
const LEASE_SECONDS = 3;

export async function providerBoundaryDrill(kit: DrillKit): Promise<void> {
  const scale = kit.short ? { purchases: 40, killed: 30 } : { purchases: 150, killed: 80 };
  const base = kit.env(DB, {
    IDEMPOTENCY_LOCK_SECONDS: String(LEASE_SECONDS),
    RECOVERY_INTERVAL_SECONDS: '1',
    PAYMENT_SIMULATOR_DELAY_MS: '100',
    PAYMENT_WINDOW_SECONDS: '600',
  });
  let instance = await kit.service('provider-faults', {
    ...base,
    FAULT_INJECTION:
      'purchase.after_provider_call=0.2,purchase.commit_lost=0.2,refund.after_provider_refund=0.4',
  });
  const port = instance.port;
  const db = await kit.connect(DB);
  try {
    const tenant = await createTenant(instance.url, 'provider');
    const capacity = 10000;
    const [typeId] = await createTicketTypes(instance.url, tenant.apiKey, 1, capacity);
    const buy = (i: number) => ({
      key: randomUUID(),
      // Every third buyer gives up at the first error; the recovery job must finish their purchase.
      patient: i % 3 !== 0,
      body: {
        ticketTypeId: typeId,
        quantity: 1 + (i % 2),
        customerEmail: `p${i}@example.com`,
        paymentMethod: 'pm_card_visa',
      },
    });

    // Round 1: faults at every phase boundary, thrown (the request fails, the process lives).
    const purchases = Array.from({ length: scale.purchases }, (_, i) => buy(i));
    const first = await pool(purchases, 8, async (p) => {
      const once = await post(instance.url, '/v1/purchases', tenant.apiKey, p.body, p.key).catch(
        () => ({ status: 0, body: {} as Record<string, unknown> }),
      );
      if (once.status === 201 || !p.patient) return once;
      return kit.settle(instance.url, tenant.apiKey, '/v1/purchases', p.body, p.key);
    });
    const failedOnce = first.filter((r) => r.status !== 201).length;
    kit.note(
      `provider boundary: round 1, ${failedOnce} of ${purchases.length} buyers left with an error`,
    );
    kit.check(DRILL, 'faults hit purchases', '> 0', failedOnce, failedOnce > 0);

    // Refunds of some paid orders, with faults between the provider's refund and the local one.
    const orderIds = first
      .filter((r) => r.status === 201)
      .map((r) => r.body.id as string)
      .slice(0, Math.ceil(scale.purchases / 4));
    await waitFor(
      'the orders to be paid',
      async () =>
        (await kit.scalar(
          db,
          `SELECT count(*) FROM orders WHERE id = ANY($1::uuid[]) AND status = 'paid'`,
          [orderIds],
        )) === orderIds.length,
      60000,
      200,
    );
    const refunds = await pool(orderIds, 4, async (orderId, i) => {
      const order = await get(instance.url, `/v1/orders/${orderId}`, tenant.apiKey);
      const path = `/v1/payments/${order.body.paymentId as string}/refund`;
      const key = randomUUID();
      const once = await post(instance.url, path, tenant.apiKey, {}, key).catch(() => ({
        status: 0,
      }));
      if (once.status === 200 || i % 2 === 0) return once.status;
      return (await kit.settle(instance.url, tenant.apiKey, path, {}, key)).status;
    });
    kit.note(
      `provider boundary: refunds ${refunds.filter((s) => s === 200).length} of ${refunds.length} answered 200 (the rest left to recovery)`,
    );

    // Round 2: kill -9 in the middle of a phase (right after the provider answered).
    await instance.stop();
    instance = await kit.service(
      'provider-kill',
      { ...base, FAULT_INJECTION: 'purchase.after_provider_call=0.1:kill' },
      port,
    );
    const doomed = Array.from({ length: scale.killed }, (_, i) => buy(scale.purchases + i));
    const round2 = await pool(doomed, 8, (p) =>
      post(instance.url, '/v1/purchases', tenant.apiKey, p.body, p.key, 15000).then(
        (r) => r.status,
        () => 0,
      ),
    );
    const cut = round2.filter((s) => s === 0).length;
    kit.note(`provider boundary: kill -9 cut ${cut} purchases off in flight`);
    kit.check(DRILL, 'purchases cut off by the kill -9', '> 0', cut, cut > 0);
    await instance.kill9(); // already dead when the fault fired; a no-op then
    instance = await kit.service('provider-restarted', base, port);
    // Patient buyers of round 2 retry; the others never come back.
    await pool(
      doomed.filter((p) => p.patient),
      8,
      (p) => kit.settle(instance.url, tenant.apiKey, '/v1/purchases', p.body, p.key),
    );

    // Let the recovery job finish every purchase and refund left between phases.
    await waitFor(
      'the recovery job to leave nothing between phases',
      async () =>
        (await kit.scalar(
          db,
          `SELECT (SELECT count(*) FROM payments
                    WHERE status = 'pending' AND provider_payment_id IS NULL)
                + (SELECT count(*) FROM refund_decisions WHERE completed_at IS NULL)`,
        )) === 0,
      90000,
      500,
    );
    await sleep(1000);

    kit.check(
      DRILL,
      'provider payments without an order',
      0,
      await kit.scalar(
        db,
        `SELECT count(*) FROM simulated_provider_payments sp
          WHERE NOT EXISTS (SELECT 1 FROM payments p WHERE p.id::text = sp.metadata->>'paymentId'
                              AND p.provider_payment_id = sp.id)`,
      ),
    );
    kit.check(
      DRILL,
      'provider refunds without the local refund',
      0,
      await kit.scalar(
        db,
        `SELECT count(*) FROM simulated_provider_payments sp
           JOIN payments p ON p.provider_payment_id = sp.id
          WHERE sp.status = 'refunded' AND p.status <> 'refunded'`,
      ),
    );
    kit.check(
      DRILL,
      'orders with more than one provider payment',
      0,
      await kit.scalar(
        db,
        `SELECT count(*) FROM (SELECT metadata->>'orderId' FROM simulated_provider_payments
                                GROUP BY 1 HAVING count(*) > 1) x`,
      ),
    );
    kit.check(
      DRILL,
      'request keys with more than one order',
      0,
      await kit.scalar(
        db,
        `SELECT count(*) FROM (SELECT idempotency_key FROM orders GROUP BY 1 HAVING count(*) > 1) x`,
      ),
    );
    kit.check(
      DRILL,
      'purchases of patient buyers without an order',
      0,
      await kit.scalar(
        db,
        `SELECT count(*) FROM unnest($1::uuid[]) k
          WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.idempotency_key = k)`,
        [[...purchases, ...doomed].filter((p) => p.patient).map((p) => p.key)],
      ),
    );
    kit.check(
      DRILL,
      'refunded orders whose tickets are not all void',
      0,
      await kit.scalar(
        db,
        `SELECT count(*) FROM orders o WHERE o.status = 'refunded'
            AND EXISTS (SELECT 1 FROM tickets t WHERE t.order_id = o.id AND t.status <> 'void')`,
      ),
    );
    const seats = await db.query(
      `SELECT capacity, available, reserved, sold,
              (SELECT coalesce(sum(quantity), 0) FROM orders
                WHERE ticket_type_id = $1 AND status = 'paid')::int AS paid_seats,
              (SELECT coalesce(sum(quantity), 0) FROM reservations
                WHERE ticket_type_id = $1 AND status = 'active')::int AS held_seats
         FROM ticket_types WHERE id = $1`,
      [typeId],
    );
    const s = seats.rows[0] as Record<string, number>;
    kit.check(
      DRILL,
      'seats: available + reserved + sold',
      s.capacity,
      s.available + s.reserved + s.sold,
    );
    kit.check(DRILL, 'seats sold = seats of paid orders', s.paid_seats, s.sold);
    kit.check(DRILL, 'seats reserved = seats of active holds', s.held_seats, s.reserved);
    const byStatus = await db.query(
      'SELECT status, count(*)::int AS n FROM orders GROUP BY 1 ORDER BY 1',
    );
    kit.note(
      `provider boundary: orders ${byStatus.rows.map((r: { status: string; n: number }) => `${r.status} ${r.n}`).join(', ')}`,
    );
  } finally {
    await db.end();
    await instance.stop();
  }
}
