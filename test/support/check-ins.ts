import type { TestApp } from './app';
import { newKey, type TestTenant } from './factories';
import { orderSettles, type OrderBody } from './purchases';

/** An app whose simulated provider pays quickly and listens, so purchases settle in tests. */
export const FAST_PAYMENTS_ENV = {
  PAYMENT_SIMULATOR_DELAY_MS: '20',
  PAYMENT_SIMULATOR_DUPLICATE_RATE: '0',
};

/** A paid order of `quantity` tickets, bought through the API (the app must be listening). */
export async function buyTickets(
  t: TestApp,
  tenant: TestTenant,
  ticketTypeId: string,
  quantity: number,
  customerEmail = 'buyer@example.com',
): Promise<OrderBody> {
  const res = await t
    .http()
    .post('/v1/purchases')
    .set(tenant.auth)
    .set('Idempotency-Key', newKey())
    .send({ ticketTypeId, quantity, customerEmail })
    .expect(201);
  return orderSettles(t, tenant, (res.body as { id: string }).id, 'paid');
}

/** Rows of check_ins and check_in_scans, counted in the database. */
export async function checkInRows(t: TestApp, ticketIds: string[]): Promise<number> {
  const rows: Array<{ n: number }> = await t.dataSource.query(
    'SELECT count(*)::int AS n FROM check_ins WHERE ticket_id = ANY($1::uuid[])',
    [ticketIds],
  );
  return rows[0].n;
}

export async function scanRows(t: TestApp, scanIds: string[]): Promise<number> {
  const rows: Array<{ n: number }> = await t.dataSource.query(
    'SELECT count(*)::int AS n FROM check_in_scans WHERE scan_id = ANY($1::uuid[])',
    [scanIds],
  );
  return rows[0].n;
}
