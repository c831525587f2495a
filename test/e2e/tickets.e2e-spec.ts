import { createTestApp, TestApp } from '../support/app';
import {
  createEvent,
  createTenant,
  createTicketType,
  newKey,
  TestTenant,
} from '../support/factories';

describe('tickets: events and ticket types', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let other: TestTenant;

  beforeAll(async () => {
    t = await createTestApp();
    tenant = await createTenant(t, 'Owner');
    other = await createTenant(t, 'Other');
  });

  afterAll(async () => {
    await t.close();
  });

  const post = (path: string, body: unknown, who: TestTenant = tenant) =>
    t
      .http()
      .post(path)
      .set(who.auth)
      .set('Idempotency-Key', newKey())
      .send(body as object);

  describe('events', () => {
    it('creates an event, stores it for the tenant and reads it back', async () => {
      const res = await post('/v1/events', {
        name: 'Harbour Jazz Night',
        venue: 'Pier 4',
        startsAt: '2027-06-01T19:30:00+02:00',
      }).expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        name: 'Harbour Jazz Night',
        venue: 'Pier 4',
        startsAt: '2027-06-01T17:30:00.000Z',
        createdAt: expect.any(String),
      });
      expect(res.headers.location).toBe(`/v1/events/${res.body.id}`);
      const rows: Array<{ tenant_id: string; starts_at: Date }> = await t.dataSource.query(
        'SELECT tenant_id, starts_at FROM events WHERE id = $1',
        [res.body.id],
      );
      expect(rows).toEqual([{ tenant_id: tenant.id, starts_at: new Date('2027-06-01T17:30:00Z') }]);
      const got = await t.http().get(`/v1/events/${res.body.id}`).set(tenant.auth).expect(200);
      expect(got.body).toEqual(res.body);
    });

    it('venue is optional and reads null', async () => {
      const event = await createEvent(t, tenant, { name: 'No venue' });
      expect(event.venue).toBeNull();
    });

    it.each([
      ['a missing name', { startsAt: '2027-06-01T19:30:00Z' }],
      ['an empty name', { name: '', startsAt: '2027-06-01T19:30:00Z' }],
      ['a too long name', { name: 'x'.repeat(201), startsAt: '2027-06-01T19:30:00Z' }],
      ['a missing startsAt', { name: 'A' }],
      ['a startsAt that is no date', { name: 'A', startsAt: 'next friday' }],
      ['a startsAt without time zone', { name: 'A', startsAt: '2027-06-01T19:30:00' }],
      ['a date without time', { name: 'A', startsAt: '2027-06-01' }],
      ['an impossible date', { name: 'A', startsAt: '2027-02-30T19:30:00Z' }],
      ['a numeric startsAt', { name: 'A', startsAt: 1780000000 }],
      ['an empty venue', { name: 'A', venue: '', startsAt: '2027-06-01T19:30:00Z' }],
      ['an unknown field', { name: 'A', startsAt: '2027-06-01T19:30:00Z', capacity: 5 }],
    ])('400 VALIDATION_FAILED for %s, and nothing stored', async (_name, body) => {
      const before = await countRows('events');
      const res = await post('/v1/events', body).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(await countRows('events')).toBe(before);
    });

    it("another tenant's event is 404", async () => {
      const event = await createEvent(t, tenant);
      const res = await t.http().get(`/v1/events/${event.id}`).set(other.auth).expect(404);
      expect(res.body.code).toBe('NOT_FOUND');
    });
  });

  describe('listing events', () => {
    let lister: TestTenant;
    const ids: string[] = [];

    beforeAll(async () => {
      lister = await createTenant(t, 'Lister');
      // Two events share a start time, so the id decides their order.
      const starts = [
        '2027-01-03T10:00:00Z',
        '2027-01-01T10:00:00Z',
        '2027-01-02T10:00:00Z',
        '2027-01-02T10:00:00Z',
        '2027-01-05T10:00:00Z',
      ];
      for (const startsAt of starts) {
        ids.push((await createEvent(t, lister, { startsAt })).id);
      }
      await createEvent(t, other, { startsAt: '2027-01-01T09:00:00Z' });
    });

    const list = (query: string) => t.http().get(`/v1/events${query}`).set(lister.auth);

    it("pages through the tenant's events by start time, then id, with no repeats or gaps", async () => {
      const seen: Array<{ id: string; startsAt: string }> = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string =
          cursor === null ? '?limit=2' : `?limit=2&cursor=${encodeURIComponent(cursor)}`;
        const res = await list(query).expect(200);
        expect(res.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...res.body.items);
        cursor = res.body.nextCursor;
        pages++;
      } while (cursor !== null);
      expect(pages).toBe(3);
      const expected: Array<{ id: string; starts_at: Date }> = await t.dataSource.query(
        'SELECT id, starts_at FROM events WHERE tenant_id = $1 ORDER BY starts_at, id',
        [lister.id],
      );
      expect(seen.map((e) => e.id)).toEqual(expected.map((e) => e.id));
      expect(new Set(seen.map((e) => e.id))).toEqual(new Set(ids));
    });

    it('defaults to 50 items and says when there is no next page', async () => {
      const res = await list('').expect(200);
      expect(res.body.items).toHaveLength(5);
      expect(res.body.nextCursor).toBeNull();
    });

    it('an exact last page has no next cursor', async () => {
      const res = await list('?limit=5').expect(200);
      expect(res.body.items).toHaveLength(5);
      expect(res.body.nextCursor).toBeNull();
    });

    it.each(['0', '201', '-1', '1.5', 'ten', ''])(
      'limit=%s is 400 VALIDATION_FAILED',
      async (limit) => {
        const res = await list(`?limit=${limit}`).expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      },
    );

    it('limit=200 is allowed', async () => {
      await list('?limit=200').expect(200);
    });

    it('a cursor we did not issue is 400 VALIDATION_FAILED', async () => {
      for (const cursor of ['garbage', Buffer.from('{"v":1}').toString('base64url')]) {
        const res = await list(`?cursor=${cursor}`).expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
    });

    it('an unknown query parameter is 400 VALIDATION_FAILED', async () => {
      const res = await list('?sort=name').expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('ticket types', () => {
    it('creates a ticket type with all seats available', async () => {
      const event = await createEvent(t, tenant);
      const res = await post(`/v1/events/${event.id}/ticket-types`, {
        name: 'Standing',
        priceCents: 4500,
        currency: 'EUR',
        capacity: 120,
      }).expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        eventId: event.id,
        name: 'Standing',
        priceCents: 4500,
        currency: 'EUR',
        capacity: 120,
        available: 120,
        reserved: 0,
        sold: 0,
      });
      expect(res.headers.location).toBe(`/v1/ticket-types/${res.body.id}`);
      const rows = await t.dataSource.query(
        'SELECT tenant_id, event_id, capacity, available, reserved, sold FROM ticket_types WHERE id = $1',
        [res.body.id],
      );
      expect(rows).toEqual([
        {
          tenant_id: tenant.id,
          event_id: event.id,
          capacity: 120,
          available: 120,
          reserved: 0,
          sold: 0,
        },
      ]);
      const got = await t
        .http()
        .get(`/v1/ticket-types/${res.body.id}`)
        .set(tenant.auth)
        .expect(200);
      expect(got.body).toEqual(res.body);
    });

    it('a free ticket type (priceCents 0) is allowed', async () => {
      const tt = await createTicketType(t, tenant, { priceCents: 0 });
      expect(tt.priceCents).toBe(0);
    });

    const valid = { name: 'Seated', priceCents: 1000, currency: 'USD', capacity: 10 };
    it.each([
      ['capacity 0', { ...valid, capacity: 0 }],
      ['a fractional capacity', { ...valid, capacity: 2.5 }],
      ['a capacity given as a string', { ...valid, capacity: '10' }],
      ['a negative price', { ...valid, priceCents: -1 }],
      ['a fractional price', { ...valid, priceCents: 10.5 }],
      ['a lower-case currency', { ...valid, currency: 'usd' }],
      ['a currency that is not ISO 4217', { ...valid, currency: 'ABC' }],
      ['a four-letter currency', { ...valid, currency: 'EURO' }],
      ['an empty name', { ...valid, name: '' }],
      ['a missing currency', { name: 'A', priceCents: 1, capacity: 1 }],
      ['an unknown field', { ...valid, available: 10 }],
    ])('400 VALIDATION_FAILED for %s, and nothing stored', async (_name, body) => {
      const event = await createEvent(t, tenant);
      const res = await post(`/v1/events/${event.id}/ticket-types`, body).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(
        await t.dataSource.query('SELECT id FROM ticket_types WHERE event_id = $1', [event.id]),
      ).toEqual([]);
    });

    it("a ticket type for another tenant's event is 404 and nothing is stored", async () => {
      const event = await createEvent(t, other);
      const res = await post(`/v1/events/${event.id}/ticket-types`, valid).expect(404);
      expect(res.body.code).toBe('NOT_FOUND');
      expect(
        await t.dataSource.query('SELECT id FROM ticket_types WHERE event_id = $1', [event.id]),
      ).toEqual([]);
    });

    it("another tenant's ticket type is 404", async () => {
      const tt = await createTicketType(t, tenant);
      const res = await t.http().get(`/v1/ticket-types/${tt.id}`).set(other.auth).expect(404);
      expect(res.body.code).toBe('NOT_FOUND');
    });

    it('an unknown ticket type is 404 and a malformed id 400', async () => {
      await t.http().get(`/v1/ticket-types/${newKey()}`).set(tenant.auth).expect(404);
      const res = await t.http().get('/v1/ticket-types/not-a-uuid').set(tenant.auth).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('the inventory invariant is enforced by the database', () => {
    let id: string;

    beforeAll(async () => {
      id = (await createTicketType(t, tenant, { capacity: 10 })).id;
    });

    it.each([
      ['seats that do not add up to capacity', 'available = available - 1'],
      ['a seat conjured from nothing', 'sold = sold + 1'],
      ['a negative counter', 'available = available + 1, reserved = reserved - 1'],
      ['a capacity below what was sold', 'capacity = 5'],
    ])('rejects an UPDATE that makes %s', async (_name, set) => {
      await expect(
        t.dataSource.query(`UPDATE ticket_types SET ${set} WHERE id = $1`, [id]),
      ).rejects.toThrow(/ck_ticket_types_inventory/);
      const rows = await t.dataSource.query(
        'SELECT capacity, available, reserved, sold FROM ticket_types WHERE id = $1',
        [id],
      );
      expect(rows).toEqual([{ capacity: 10, available: 10, reserved: 0, sold: 0 }]);
    });

    it('accepts a move that keeps it', async () => {
      await t.dataSource.query(
        'UPDATE ticket_types SET available = available - 3, sold = sold + 3 WHERE id = $1',
        [id],
      );
      const res = await t.http().get(`/v1/ticket-types/${id}`).set(tenant.auth).expect(200);
      expect(res.body).toMatchObject({ capacity: 10, available: 7, reserved: 0, sold: 3 });
    });
  });

  const countRows = async (table: string): Promise<number> => {
    const [row] = await t.dataSource.query(`SELECT count(*)::int AS n FROM ${table}`);
    return row.n as number;
  };
});
