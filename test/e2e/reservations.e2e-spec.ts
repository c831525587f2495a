import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { InvalidStateError, ReservationNotActiveError } from '../../src/errors/app-error';
import { QUEUES } from '../../src/queues/queue-names';
import { ReservationsService } from '../../src/modules/reservations/reservations.service';
import { createTestApp, TestApp } from '../support/app';
import {
  createTenant,
  createTicketType,
  newKey,
  send,
  TestTenant,
  TestTicketType,
} from '../support/factories';

interface Counters {
  capacity: number;
  available: number;
  reserved: number;
  sold: number;
}

describe('reservations', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let other: TestTenant;
  let service: ReservationsService;

  beforeAll(async () => {
    // The periodic sweep stays out of the way; tests that sweep call it themselves.
    t = await createTestApp({ env: { RESERVATION_SWEEP_INTERVAL_SECONDS: '3600' } });
    tenant = await createTenant(t, 'Owner');
    other = await createTenant(t, 'Other');
    service = t.app.get(ReservationsService);
  });

  afterAll(async () => {
    await t.close();
  });

  const reserve = (ticketTypeId: string, quantity: number, who = tenant, key = newKey()) =>
    t
      .http()
      .post('/v1/reservations')
      .set(who.auth)
      .set('Idempotency-Key', key)
      .send({ ticketTypeId, quantity });

  const cancel = (id: string, who = tenant, key = newKey()) =>
    t
      .http()
      .post(`/v1/reservations/${id}/cancel`)
      .set(who.auth)
      .set('Idempotency-Key', key)
      .send({});

  const counters = async (ticketTypeId: string): Promise<Counters> => {
    const [row] = await t.dataSource.query(
      'SELECT capacity, available, reserved, sold FROM ticket_types WHERE id = $1',
      [ticketTypeId],
    );
    return row as Counters;
  };

  /** The counters and the holds, read in one statement so that both come from one snapshot. */
  const ledger = async (ticketTypeId: string) => {
    const [row] = await t.dataSource.query(
      `SELECT tt.capacity, tt.available, tt.reserved, tt.sold,
              COALESCE(SUM(r.quantity) FILTER (WHERE r.status = 'active'), 0)::int AS held,
              COALESCE(SUM(r.quantity) FILTER (WHERE r.status = 'converted'), 0)::int AS converted,
              COUNT(r.id)::int AS holds
         FROM ticket_types tt LEFT JOIN reservations r ON r.ticket_type_id = tt.id
        WHERE tt.id = $1
        GROUP BY tt.id`,
      [ticketTypeId],
    );
    return row as Counters & { held: number; converted: number; holds: number };
  };

  const status = async (id: string): Promise<string> => {
    const [row] = await t.dataSource.query('SELECT status FROM reservations WHERE id = $1', [id]);
    return row.status as string;
  };

  const lapse = (ids: string[]) =>
    t.dataSource.query(
      `UPDATE reservations SET expires_at = now() - interval '1 second' WHERE id = ANY($1)`,
      [ids],
    );

  describe('POST /v1/reservations', () => {
    it('holds the seats and records an active reservation', async () => {
      const tt = await createTicketType(t, tenant, { capacity: 10 });
      const before = Date.now();
      const res = await reserve(tt.id, 3).expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        ticketTypeId: tt.id,
        quantity: 3,
        status: 'active',
        expiresAt: expect.any(String),
        createdAt: expect.any(String),
      });
      expect(res.headers.location).toBe(`/v1/reservations/${res.body.id}`);
      const ttlMs = Date.parse(res.body.expiresAt) - Date.parse(res.body.createdAt);
      expect(ttlMs).toBe(t.config.reservationTtlSeconds * 1000);
      expect(Date.parse(res.body.expiresAt)).toBeGreaterThan(before);
      expect(await counters(tt.id)).toEqual({ capacity: 10, available: 7, reserved: 3, sold: 0 });
      const rows = await t.dataSource.query(
        'SELECT tenant_id, ticket_type_id, quantity, status, ended_at FROM reservations WHERE id = $1',
        [res.body.id],
      );
      expect(rows).toEqual([
        {
          tenant_id: tenant.id,
          ticket_type_id: tt.id,
          quantity: 3,
          status: 'active',
          ended_at: null,
        },
      ]);
      const got = await t
        .http()
        .get(`/v1/reservations/${res.body.id}`)
        .set(tenant.auth)
        .expect(200);
      expect(got.body).toEqual(res.body);
      const view = await t.http().get(`/v1/ticket-types/${tt.id}`).set(tenant.auth).expect(200);
      expect(view.body).toMatchObject({ capacity: 10, available: 7, reserved: 3, sold: 0 });
    });

    it('takes all remaining seats, then answers 409 INSUFFICIENT_INVENTORY and holds nothing', async () => {
      const tt = await createTicketType(t, tenant, { capacity: 5 });
      await reserve(tt.id, 6).expect(409);
      await reserve(tt.id, 5).expect(201);
      const res = await reserve(tt.id, 1).expect(409);
      expect(res.body.code).toBe('INSUFFICIENT_INVENTORY');
      expect(await ledger(tt.id)).toMatchObject({ available: 0, reserved: 5, held: 5, holds: 1 });
    });

    it('a replay returns the same reservation and takes no seats', async () => {
      const tt = await createTicketType(t, tenant, { capacity: 10 });
      const key = newKey();
      const first = await reserve(tt.id, 2, tenant, key).expect(201);
      expect(first.headers['x-idempotent-replayed']).toBeUndefined();
      const again = await reserve(tt.id, 2, tenant, key).expect(201);
      expect(again.headers['x-idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      expect(again.headers.location).toBe(first.headers.location);
      expect(await ledger(tt.id)).toMatchObject({ available: 8, reserved: 2, held: 2, holds: 1 });
    });

    it('the same key sent 10 times at once makes one reservation', async () => {
      const tt = await createTicketType(t, tenant, { capacity: 10 });
      const url = await t.url();
      const key = newKey();
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          send(
            url,
            'POST',
            '/v1/reservations',
            { ...tenant.auth, 'Idempotency-Key': key },
            {
              ticketTypeId: tt.id,
              quantity: 4,
            },
          ),
        ),
      );
      const created = results.filter((r) => r.status === 201);
      expect(created.length).toBeGreaterThanOrEqual(1);
      expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
      for (const r of results.filter((r) => r.status !== 201)) {
        expect(r.status).toBe(409);
        expect(r.body.code).toBe('IDEMPOTENCY_REQUEST_IN_PROGRESS');
      }
      expect(await ledger(tt.id)).toMatchObject({ available: 6, reserved: 4, held: 4, holds: 1 });
    });

    it('200 concurrent requests for the last 50 seats: exactly 50 holds, 150 409s, no 5xx', async () => {
      const tt = await createTicketType(t, tenant, { capacity: 50 });
      const url = await t.url();
      const results = await Promise.all(
        Array.from({ length: 200 }, () =>
          send(
            url,
            'POST',
            '/v1/reservations',
            { ...tenant.auth, 'Idempotency-Key': newKey() },
            {
              ticketTypeId: tt.id,
              quantity: 1,
            },
          ),
        ),
      );
      const byStatus = new Map<number, number>();
      for (const r of results) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
      expect(Object.fromEntries(byStatus)).toEqual({ 201: 50, 409: 150 });
      for (const r of results.filter((r) => r.status === 409)) {
        expect(r.body.code).toBe('INSUFFICIENT_INVENTORY');
      }
      const ids = results.filter((r) => r.status === 201).map((r) => r.body.id as string);
      expect(new Set(ids).size).toBe(50);
      expect(await ledger(tt.id)).toEqual({
        capacity: 50,
        available: 0,
        reserved: 50,
        sold: 0,
        held: 50,
        converted: 0,
        holds: 50,
      });
      const stored: Array<{ id: string }> = await t.dataSource.query(
        `SELECT id FROM reservations WHERE ticket_type_id = $1 AND status = 'active'`,
        [tt.id],
      );
      expect(stored.map((r) => r.id).sort()).toEqual([...ids].sort());
    }, 60_000);

    describe('validation', () => {
      let tt: TestTicketType;
      beforeAll(async () => {
        tt = await createTicketType(t, tenant, { capacity: 100 });
      });

      it.each([
        ['quantity 0', () => ({ ticketTypeId: tt.id, quantity: 0 })],
        ['quantity 51', () => ({ ticketTypeId: tt.id, quantity: 51 })],
        ['a negative quantity', () => ({ ticketTypeId: tt.id, quantity: -2 })],
        ['a fractional quantity', () => ({ ticketTypeId: tt.id, quantity: 1.5 })],
        ['a quantity given as a string', () => ({ ticketTypeId: tt.id, quantity: '2' })],
        ['a missing quantity', () => ({ ticketTypeId: tt.id })],
        ['a ticketTypeId that is no UUID', () => ({ ticketTypeId: 'abc', quantity: 1 })],
        ['a missing ticketTypeId', () => ({ quantity: 1 })],
        ['an unknown field', () => ({ ticketTypeId: tt.id, quantity: 1, price: 0 })],
      ])('400 VALIDATION_FAILED for %s, and nothing held', async (_name, body) => {
        const res = await t
          .http()
          .post('/v1/reservations')
          .set(tenant.auth)
          .set('Idempotency-Key', newKey())
          .send(body())
          .expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(await ledger(tt.id)).toMatchObject({ available: 100, reserved: 0, holds: 0 });
      });

      it('50 seats in one reservation are allowed', async () => {
        await reserve(tt.id, 50).expect(201);
        expect(await counters(tt.id)).toMatchObject({ available: 50, reserved: 50 });
      });
    });

    it('an unknown ticket type is 404', async () => {
      const res = await reserve(newKey(), 1).expect(404);
      expect(res.body.code).toBe('NOT_FOUND');
    });
  });

  describe('tenancy', () => {
    it("another tenant's ticket type and reservation are 404, and their seats stay put", async () => {
      const tt = await createTicketType(t, tenant, { capacity: 5 });
      const mine = await reserve(tt.id, 2).expect(201);

      expect((await reserve(tt.id, 1, other).expect(404)).body.code).toBe('NOT_FOUND');
      const get = await t.http().get(`/v1/reservations/${mine.body.id}`).set(other.auth);
      expect(get.status).toBe(404);
      expect(get.body.code).toBe('NOT_FOUND');
      expect(get.body).not.toHaveProperty('quantity');
      expect((await cancel(mine.body.id, other).expect(404)).body.code).toBe('NOT_FOUND');

      expect(await status(mine.body.id)).toBe('active');
      expect(await counters(tt.id)).toMatchObject({ available: 3, reserved: 2 });
    });
  });

  describe('POST /v1/reservations/:id/cancel', () => {
    it('cancels once: a retry with its key replays the 200, a new key is 409', async () => {
      const tt = await createTicketType(t, tenant, { capacity: 10 });
      const res = await reserve(tt.id, 4).expect(201);
      const id = res.body.id as string;
      const key = newKey();

      const cancelled = await cancel(id, tenant, key).expect(200);
      expect(cancelled.body).toMatchObject({
        id,
        ticketTypeId: tt.id,
        quantity: 4,
        status: 'cancelled',
      });
      expect(await counters(tt.id)).toMatchObject({ available: 10, reserved: 0 });
      const [row] = await t.dataSource.query(
        'SELECT status, ended_at FROM reservations WHERE id = $1',
        [id],
      );
      expect(row.status).toBe('cancelled');
      expect(row.ended_at).toBeInstanceOf(Date);

      const replay = await cancel(id, tenant, key).expect(200);
      expect(replay.headers['x-idempotent-replayed']).toBe('true');
      expect(replay.body).toEqual(cancelled.body);

      const again = await cancel(id).expect(409);
      expect(again.body.code).toBe('RESERVATION_NOT_ACTIVE');
      expect(await counters(tt.id)).toMatchObject({ available: 10, reserved: 0 });
      const got = await t.http().get(`/v1/reservations/${id}`).set(tenant.auth).expect(200);
      expect(got.body.status).toBe('cancelled');
    });

    it('20 concurrent cancels with distinct keys return the seats once', async () => {
      const tt = await createTicketType(t, tenant, { capacity: 10 });
      const target = await reserve(tt.id, 3).expect(201);
      // A second hold on the same type: a double return would steal its seats from reserved.
      await reserve(tt.id, 2).expect(201);
      const url = await t.url();
      const results = await Promise.all(
        Array.from({ length: 20 }, () =>
          send(
            url,
            'POST',
            `/v1/reservations/${target.body.id}/cancel`,
            { ...tenant.auth, 'Idempotency-Key': newKey() },
            {},
          ),
        ),
      );
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      const refused = results.filter((r) => r.status !== 200);
      expect(refused).toHaveLength(19);
      for (const r of refused) {
        expect(r.status).toBe(409);
        expect(r.body.code).toBe('RESERVATION_NOT_ACTIVE');
      }
      expect(await ledger(tt.id)).toEqual({
        capacity: 10,
        available: 8,
        reserved: 2,
        sold: 0,
        held: 2,
        converted: 0,
        holds: 2,
      });
    });

    it('a hold whose time is up reads expired and cannot be cancelled, even before the sweep', async () => {
      const tt = await createTicketType(t, tenant, { capacity: 4 });
      const res = await reserve(tt.id, 4).expect(201);
      await lapse([res.body.id]);
      const got = await t
        .http()
        .get(`/v1/reservations/${res.body.id}`)
        .set(tenant.auth)
        .expect(200);
      expect(got.body.status).toBe('expired');
      expect((await cancel(res.body.id).expect(409)).body.code).toBe('RESERVATION_NOT_ACTIVE');
      // Its seats come back with the sweep, not with the refused cancel.
      expect(await counters(tt.id)).toMatchObject({ available: 0, reserved: 4 });
    });

    it('rejects a body with fields, and an unknown reservation is 404', async () => {
      const tt = await createTicketType(t, tenant, { capacity: 1 });
      const res = await reserve(tt.id, 1).expect(201);
      const bad = await t
        .http()
        .post(`/v1/reservations/${res.body.id}/cancel`)
        .set(tenant.auth)
        .set('Idempotency-Key', newKey())
        .send({ reason: 'changed my mind' })
        .expect(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
      expect(await status(res.body.id)).toBe('active');
      expect((await cancel(newKey()).expect(404)).body.code).toBe('NOT_FOUND');
    });
  });

  describe('the expiry sweep', () => {
    const pauseSweeps = (...apps: TestApp[]) =>
      Promise.all(
        apps.map((app) => app.app.get<Queue>(getQueueToken(QUEUES.reservationExpiry)).pause(true)),
      );

    it('releases expired holds once, with two sweepers in one instance and one in another', async () => {
      const second = await createTestApp({
        shareWith: t,
        env: { RESERVATION_SWEEP_INTERVAL_SECONDS: '3600' },
      });
      try {
        await pauseSweeps(t, second);
        // Holds earlier tests left expired would blur the count below.
        await service.releaseExpired(1000, 100);
        const a = await createTicketType(t, tenant, { capacity: 200 });
        const b = await createTicketType(t, other, { capacity: 200 });
        const expiring: string[] = [];
        for (const [tt, who] of [
          [a, tenant],
          [b, other],
        ] as const) {
          for (let i = 0; i < 60; i++) {
            expiring.push((await reserve(tt.id, 1 + (i % 3), who).expect(201)).body.id);
          }
          await reserve(tt.id, 5, who).expect(201);
        }
        await lapse(expiring);

        const sweeper2 = second.app.get(ReservationsService);
        // Small batches make the sweepers interleave over many transactions.
        const released = await Promise.all([
          service.releaseExpired(7, 1000),
          service.releaseExpired(7, 1000),
          sweeper2.releaseExpired(7, 1000),
        ]);
        expect(released.reduce((x, y) => x + y, 0)).toBe(expiring.length);

        for (const tt of [a, b]) {
          expect(await ledger(tt.id)).toEqual({
            capacity: 200,
            available: 195,
            reserved: 5,
            sold: 0,
            held: 5,
            converted: 0,
            holds: 61,
          });
        }
        const statuses = await t.dataSource.query(
          `SELECT status, count(*)::int AS n FROM reservations WHERE id = ANY($1) GROUP BY status`,
          [expiring],
        );
        expect(statuses).toEqual([{ status: 'expired', n: expiring.length }]);
        expect(await service.releaseExpired(7, 1000)).toBe(0);
      } finally {
        await second.close();
      }
    }, 60_000);
  });

  describe('service methods for purchases', () => {
    let tt: TestTicketType;
    const hold = (quantity: number) => service.hold(tenant.id, tt.id, quantity, 600);

    beforeEach(async () => {
      tt = await createTicketType(t, tenant, { capacity: 10 });
    });

    it('hold takes seats for the given time and refuses what is not there', async () => {
      const r = await hold(4);
      expect(r).toMatchObject({ status: 'active', quantity: 4, ticketTypeId: tt.id });
      expect(r.expiresAt.getTime() - r.createdAt.getTime()).toBe(600_000);
      await expect(hold(7)).rejects.toMatchObject({ code: 'INSUFFICIENT_INVENTORY' });
      await expect(service.hold(other.id, tt.id, 1, 600)).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      expect(await ledger(tt.id)).toMatchObject({ available: 6, reserved: 4, holds: 1 });
    });

    it('convert sells the held seats once; a second convert is RESERVATION_NOT_ACTIVE', async () => {
      const r = await hold(3);
      const converted = await service.convert(tenant.id, r.id);
      expect(converted.status).toBe('converted');
      expect(await ledger(tt.id)).toMatchObject({
        available: 7,
        reserved: 0,
        sold: 3,
        converted: 3,
      });
      await expect(service.convert(tenant.id, r.id)).rejects.toBeInstanceOf(
        ReservationNotActiveError,
      );
      await expect(service.convert(other.id, r.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(await counters(tt.id)).toMatchObject({ available: 7, reserved: 0, sold: 3 });
    });

    it('a convert racing cancels and a release moves the seats once', async () => {
      const r = await hold(5);
      const outcomes = await Promise.allSettled([
        service.convert(tenant.id, r.id),
        service.cancel(tenant.id, r.id),
        service.release(tenant.id, r.id, 'cancelled'),
        service.cancel(tenant.id, r.id),
      ]);
      // Exactly one of them ended the hold: a fulfilled convert or cancel, or a non-null release.
      const winners = outcomes.filter((o) => o.status === 'fulfilled' && o.value !== null);
      expect(winners).toHaveLength(1);
      const final = await status(r.id);
      const l = await ledger(tt.id);
      expect(l.reserved).toBe(0);
      expect(l.available + l.sold).toBe(10);
      expect(l.sold).toBe(final === 'converted' ? 5 : 0);
    });

    it('release ends a hold once, even after its time is up; a second release is null', async () => {
      const r = await hold(2);
      await lapse([r.id]);
      const released = await service.release(tenant.id, r.id, 'expired');
      expect(released?.status).toBe('expired');
      expect(await service.release(tenant.id, r.id, 'expired')).toBeNull();
      await service.releaseExpired(100, 10);
      expect(await ledger(tt.id)).toMatchObject({ available: 10, reserved: 0, held: 0 });
    });

    it('startPurchase moves the expiry later, never earlier, once, and only for an active hold', async () => {
      const r = await hold(1);
      const later = new Date(r.expiresAt.getTime() + 3_600_000);
      expect((await service.startPurchase(tenant.id, r.id, later)).expiresAt).toEqual(later);
      // A second purchase of the same hold is refused, and so is the client's cancel.
      await expect(service.startPurchase(tenant.id, r.id, later)).rejects.toThrow(
        /being purchased/,
      );
      await expect(service.cancel(tenant.id, r.id)).rejects.toThrow(/being purchased/);

      const s2 = await hold(1);
      const earlier = new Date(Date.now() + 1000);
      expect((await service.startPurchase(tenant.id, s2.id, earlier)).expiresAt).toEqual(
        s2.expiresAt,
      );

      const r3 = await hold(1);
      await lapse([r3.id]);
      await expect(service.startPurchase(tenant.id, r3.id, later)).rejects.toBeInstanceOf(
        ReservationNotActiveError,
      );
      const [row] = await t.dataSource.query(
        'SELECT expires_at, purchasing FROM reservations WHERE id = $1',
        [r3.id],
      );
      expect(row.expires_at.getTime()).toBeLessThan(Date.now());
      expect(row.purchasing).toBe(false);
    });

    it('reacquire sells the seats of a released hold when they are free, else changes nothing', async () => {
      const late = await hold(4);
      await service.release(tenant.id, late.id, 'expired');
      expect(await service.reacquire(tenant.id, late.id)).toBe(true);
      expect(await status(late.id)).toBe('converted');
      expect(await ledger(tt.id)).toMatchObject({ available: 6, reserved: 0, sold: 4 });

      const unlucky = await hold(3);
      await service.cancel(tenant.id, unlucky.id);
      await hold(5); // the seats went to someone else meanwhile
      expect(await service.reacquire(tenant.id, unlucky.id)).toBe(false);
      expect(await status(unlucky.id)).toBe('cancelled');
      expect(await ledger(tt.id)).toMatchObject({ available: 1, reserved: 5, sold: 4 });
    });

    it('reacquire of a hold whose time is up but which was not swept sells its own seats', async () => {
      const r = await hold(10);
      await lapse([r.id]);
      expect(await service.reacquire(tenant.id, r.id)).toBe(true);
      expect(await ledger(tt.id)).toMatchObject({
        available: 0,
        reserved: 0,
        sold: 10,
        converted: 10,
      });
      await service.releaseExpired(100, 10);
      expect(await status(r.id)).toBe('converted');
      expect(await counters(tt.id)).toMatchObject({ available: 0, reserved: 0, sold: 10 });
    });

    it('reacquire refuses an active or converted hold', async () => {
      const r = await hold(1);
      await expect(service.reacquire(tenant.id, r.id)).rejects.toBeInstanceOf(InvalidStateError);
      await service.convert(tenant.id, r.id);
      await expect(service.reacquire(tenant.id, r.id)).rejects.toBeInstanceOf(InvalidStateError);
      expect(await ledger(tt.id)).toMatchObject({ available: 9, reserved: 0, sold: 1 });
    });
  });
});
