import { createTestApp, TestApp } from '../support/app';

import {
  counters,
  createTenant,
  createTicketType,
  reserve,
  TestTenant,
} from '../support/factories';

describe('a reservation that finds too few seats releases holds whose time is up', () => {
  let t: TestApp;
  let tenant: TestTenant;

  beforeAll(async () => {
    // The sweeper will not run during this test: only the reservation itself can free the seats.
    t = await createTestApp({
      env: { RESERVATION_TTL_SECONDS: '1', RESERVATION_SWEEP_INTERVAL_SECONDS: '3600' },
    });
    tenant = await createTenant(t);
  });

  afterAll(async () => {
    await t.close();
  });

  it('takes the seats of an expired, unswept hold, and returns them exactly once', async () => {
    const tt = await createTicketType(t, tenant, { capacity: 3 });
    const old = await reserve(t, tenant, tt.id, 3);
    expect(await counters(t, tt.id)).toEqual({ capacity: 3, available: 0, reserved: 3, sold: 0 });
    await new Promise((resolve) => setTimeout(resolve, 1300));

    const fresh = await reserve(t, tenant, tt.id, 2);
    expect(fresh.status).toBe('active');
    expect(await counters(t, tt.id)).toEqual({ capacity: 3, available: 1, reserved: 2, sold: 0 });
    const rows: Array<{ id: string; status: string }> = await t.dataSource.query(
      'SELECT id, status FROM reservations WHERE ticket_type_id = $1 ORDER BY created_at',
      [tt.id],
    );
    expect(rows).toEqual([
      { id: old.id, status: 'expired' },
      { id: fresh.id, status: 'active' },
    ]);
  });

  it('still answers 409 when even the expired holds do not free enough seats', async () => {
    const tt = await createTicketType(t, tenant, { capacity: 2 });
    // Even with the 1-second hold released, 3 seats of 2 are not there.
    await reserve(t, tenant, tt.id, 1);
    const res = await t
      .http()
      .post('/v1/reservations')
      .set(tenant.auth)
      .set('Idempotency-Key', crypto.randomUUID())
      .send({ ticketTypeId: tt.id, quantity: 3 });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('INSUFFICIENT_INVENTORY');
    const c = await counters(t, tt.id);
    expect(c.available + c.reserved).toBe(2);
    expect(c.sold).toBe(0);
  });
});
