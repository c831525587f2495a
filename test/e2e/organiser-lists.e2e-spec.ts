import { randomUUID } from 'node:crypto';
import { ListCursors, type ListName } from '../../src/common/list-cursor';
import { createTestApp, TestApp } from '../support/app';
import { buyTickets, FAST_PAYMENTS_ENV } from '../support/check-ins';
import {
  createEvent,
  createTenant,
  createTicketType,
  newKey,
  reserve,
  TestTenant,
} from '../support/factories';
import type { components } from '@ticket-service/client';

type OrderDto = components['schemas']['OrderDto'];
type IssuedTicketDto = components['schemas']['IssuedTicketDto'];
type TicketTypeDto = components['schemas']['TicketTypeDto'];

interface ListBody<T> {
  items: T[];
  nextCursor: string | null;
}

describe('the organiser’s lists', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let other: TestTenant;

  beforeAll(async () => {
    t = await createTestApp({ env: FAST_PAYMENTS_ENV });
    await t.url();
    tenant = await createTenant(t, 'Organiser');
    other = await createTenant(t, 'Other organiser');
  });

  afterAll(async () => {
    await t.close();
  });

  const get = async <T>(path: string, who: TestTenant = tenant, status = 200) => {
    const res = await t.http().get(path).set(who.auth).expect(status);
    return res.body as ListBody<T> & { code?: string };
  };

  /** Every page of a list, following nextCursor; asserts each page holds at most `limit`. */
  async function allPages<T>(
    path: string,
    limit: number,
    who: TestTenant = tenant,
    start: string | null = null,
  ): Promise<T[][]> {
    const pages: T[][] = [];
    let cursor = start;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const url =
        `${path}${sep}limit=${limit}` +
        (cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`);
      const page: ListBody<T> = await get<T>(url, who);
      expect(page.items.length).toBeLessThanOrEqual(limit);
      pages.push(page.items);
      cursor = page.nextCursor;
    } while (cursor !== null && pages.length < 100);
    return pages;
  }

  describe('GET /v1/events/:id/ticket-types', () => {
    it('lists the event’s ticket types in the order added, with live counters, page by page', async () => {
      const event = await createEvent(t, tenant);
      const made: TicketTypeDto[] = [];
      for (const name of ['A', 'B', 'C', 'D', 'E']) {
        made.push(await createTicketType(t, tenant, { eventId: event.id, name, capacity: 10 }));
      }
      // Another event's type is not listed.
      await createTicketType(t, tenant, { name: 'elsewhere' });
      await reserve(t, tenant, made[1].id, 3);

      const pages = await allPages<TicketTypeDto>(`/v1/events/${event.id}/ticket-types`, 2);
      expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
      const items = pages.flat();
      expect(items.map((i) => i.name)).toEqual(['A', 'B', 'C', 'D', 'E']);
      expect(items[1]).toEqual({ ...made[1], available: 7, reserved: 3, sold: 0 });

      const whole = await get<TicketTypeDto>(`/v1/events/${event.id}/ticket-types`);
      expect(whole.items).toHaveLength(5);
      expect(whole.nextCursor).toBeNull();
    });

    it('an empty event lists nothing; an unknown or another tenant’s event is 404', async () => {
      const event = await createEvent(t, tenant);
      expect(await get(`/v1/events/${event.id}/ticket-types`)).toEqual({
        items: [],
        nextCursor: null,
      });
      expect((await get(`/v1/events/${randomUUID()}/ticket-types`, tenant, 404)).code).toBe(
        'NOT_FOUND',
      );
      expect((await get(`/v1/events/${event.id}/ticket-types`, other, 404)).code).toBe('NOT_FOUND');
    });
  });

  describe('GET /v1/orders', () => {
    let eventA: string;
    let eventB: string;
    let seller: TestTenant;
    const orders: OrderDto[] = [];

    beforeAll(async () => {
      const who = await createTenant(t, 'Orders organiser');
      seller = who;
      eventA = (await createEvent(t, who)).id;
      eventB = (await createEvent(t, who)).id;
      const typeA = (await createTicketType(t, who, { eventId: eventA, capacity: 50 })).id;
      const typeB = (await createTicketType(t, who, { eventId: eventB, capacity: 50 })).id;
      orders.push((await buyTickets(t, who, typeA, 1, 'ada@example.com')) as unknown as OrderDto);
      orders.push((await buyTickets(t, who, typeB, 2, 'bob@example.com')) as unknown as OrderDto);
      orders.push((await buyTickets(t, who, typeA, 1, 'Ada@Example.com')) as unknown as OrderDto);
      // One that stays pending (the buyer never finishes authentication).
      const pending = await t
        .http()
        .post('/v1/purchases')
        .set(who.auth)
        .set('Idempotency-Key', newKey())
        .send({
          ticketTypeId: typeB,
          quantity: 1,
          customerEmail: 'cy@example.com',
          paymentMethod: 'pm_card_authenticationRequired',
        })
        .expect(201);
      orders.push(pending.body as OrderDto);
      // Another tenant's order, never listed here.
      const foreign = (await createTicketType(t, other, { capacity: 5 })).id;
      await buyTickets(t, other, foreign, 1, 'ada@example.com');
    });

    const ids = (items: OrderDto[]) => items.map((o) => o.id);

    it('lists every order newest first, with payment and tickets, page by page', async () => {
      const pages = await allPages<OrderDto>('/v1/orders', 3, seller);
      expect(pages.map((p) => p.length)).toEqual([3, 1]);
      const items = pages.flat();
      expect(ids(items)).toEqual(ids([...orders].reverse()));
      const bob = items.find((o) => o.customerEmail === 'bob@example.com')!;
      expect(bob).toMatchObject({ status: 'paid', quantity: 2, paymentId: orders[1].paymentId });
      expect(bob.tickets).toEqual(
        orders[1].tickets.map((x) => ({ id: x.id, code: x.code, status: 'valid' })),
      );
      const single = await t.http().get(`/v1/orders/${bob.id}`).set(seller.auth).expect(200);
      expect(bob).toEqual(single.body);
    });

    it('filters by event, status and e-mail (any case), and combines them', async () => {
      expect(ids((await get<OrderDto>(`/v1/orders?eventId=${eventA}`, seller)).items)).toEqual(
        ids([orders[2], orders[0]]),
      );
      expect(ids((await get<OrderDto>('/v1/orders?status=pending_payment', seller)).items)).toEqual(
        ids([orders[3]]),
      );
      expect(ids((await get<OrderDto>('/v1/orders?email=ADA@example.COM', seller)).items)).toEqual(
        ids([orders[2], orders[0]]),
      );
      expect(
        ids((await get<OrderDto>(`/v1/orders?eventId=${eventB}&status=paid`, seller)).items),
      ).toEqual(ids([orders[1]]));
      expect((await get<OrderDto>(`/v1/orders?eventId=${randomUUID()}`, seller)).items).toEqual([]);
      expect((await get<OrderDto>('/v1/orders?status=refunded', seller)).items).toEqual([]);
    });

    it('pages of a filtered list follow the filter', async () => {
      const pages = await allPages<OrderDto>(`/v1/orders?eventId=${eventA}`, 1, seller);
      expect(pages.map(ids)).toEqual([[orders[2].id], [orders[0].id]]);
    });

    it('another tenant sees none of them', async () => {
      const theirs = await get<OrderDto>('/v1/orders', other);
      expect(theirs.items).toHaveLength(1);
      expect(ids(theirs.items)).not.toEqual(expect.arrayContaining([orders[0].id]));
      expect((await get<OrderDto>(`/v1/orders?eventId=${eventA}`, other)).items).toEqual([]);
    });

    it.each([
      ['an unknown status', '?status=shipped'],
      ['an eventId that is no UUID', '?eventId=abc'],
      ['an email that is no address', '?email=ada'],
      ['limit 0', '?limit=0'],
      ['limit 201', '?limit=201'],
      ['an unknown parameter', '?sort=asc'],
    ])('400 VALIDATION_FAILED for %s', async (_name, query) => {
      expect((await get(`/v1/orders${query}`, seller, 400)).code).toBe('VALIDATION_FAILED');
    });
  });

  describe('GET /v1/events/:id/tickets and GET /v1/tickets/:code', () => {
    it('lists the event’s tickets in the order issued, by status, with check-ins', async () => {
      const event = await createEvent(t, tenant);
      const typeA = (await createTicketType(t, tenant, { eventId: event.id, capacity: 20 })).id;
      const typeB = (await createTicketType(t, tenant, { eventId: event.id, capacity: 20 })).id;
      const first = await buyTickets(t, tenant, typeA, 3);
      const second = await buyTickets(t, tenant, typeB, 2);
      await buyTickets(t, tenant, (await createTicketType(t, tenant)).id, 1); // another event
      const checked = await t
        .http()
        .post(`/v1/tickets/${second.tickets[0].code}/check-in`)
        .set(tenant.auth)
        .set('Idempotency-Key', newKey())
        .send({ gate: 'North' })
        .expect(201);

      const pages = await allPages<IssuedTicketDto>(`/v1/events/${event.id}/tickets`, 2);
      expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
      const items = pages.flat();
      const issued = [...first.tickets, ...second.tickets];
      expect(new Set(items.map((i) => i.id))).toEqual(new Set(issued.map((x) => x.id)));
      expect(items.slice(0, 3).every((i) => i.orderId === first.id)).toBe(true);
      expect(items.find((i) => i.id === second.tickets[0].id)).toEqual({
        id: second.tickets[0].id,
        code: second.tickets[0].code,
        orderId: second.id,
        ticketTypeId: typeB,
        status: 'checked_in',
        checkedInAt: checked.body.checkedInAt,
        gate: 'North',
      });
      expect(items.find((i) => i.id === first.tickets[0].id)).toMatchObject({
        status: 'valid',
        checkedInAt: null,
        gate: null,
      });

      const byStatus = await get<IssuedTicketDto>(
        `/v1/events/${event.id}/tickets?status=checked_in`,
      );
      expect(byStatus.items.map((i) => i.id)).toEqual([second.tickets[0].id]);
      const valid = await allPages<IssuedTicketDto>(
        `/v1/events/${event.id}/tickets?status=valid`,
        2,
      );
      expect(valid.flat()).toHaveLength(4);
      expect((await get(`/v1/events/${event.id}/tickets?status=void`)).items).toEqual([]);

      const one = await t
        .http()
        .get(`/v1/tickets/${first.tickets[1].code}`)
        .set(tenant.auth)
        .expect(200);
      expect(one.body).toEqual(items.find((i) => i.id === first.tickets[1].id));
    });

    it('404 for an unknown or another tenant’s event or code; 400 for an unknown status', async () => {
      const event = await createEvent(t, tenant);
      expect((await get(`/v1/events/${event.id}/tickets`, other, 404)).code).toBe('NOT_FOUND');
      expect((await get(`/v1/events/${randomUUID()}/tickets`, tenant, 404)).code).toBe('NOT_FOUND');
      await t.http().get('/v1/tickets/TKT-0000-0000-0000-0000').set(tenant.auth).expect(404);
      expect((await get(`/v1/events/${event.id}/tickets?status=used`, tenant, 400)).code).toBe(
        'VALIDATION_FAILED',
      );
    });
  });

  describe('cursors', () => {
    it('a cursor works only for the list that issued it, and only as issued', async () => {
      const event = await createEvent(t, tenant);
      const type = (await createTicketType(t, tenant, { eventId: event.id, capacity: 20 })).id;
      await createTicketType(t, tenant, { eventId: event.id });
      const order = await buyTickets(t, tenant, type, 3);
      await buyTickets(t, tenant, type, 1);

      const typesCursor = (await get(`/v1/events/${event.id}/ticket-types?limit=1`)).nextCursor!;
      const ticketsCursor = (await get(`/v1/events/${event.id}/tickets?limit=1`)).nextCursor!;
      const ordersCursor = (await get('/v1/orders?limit=1')).nextCursor!;
      for (const cursor of [typesCursor, ticketsCursor, ordersCursor])
        expect(cursor).toEqual(expect.any(String));

      const refused = async (path: string) => {
        const res = await t.http().get(path).set(tenant.auth).expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      };
      const otherEvent = await createEvent(t, tenant);
      // The tickets list's cursor on the orders list, and the other way round.
      await refused(`/v1/orders?cursor=${encodeURIComponent(ticketsCursor)}`);
      await refused(`/v1/events/${event.id}/tickets?cursor=${encodeURIComponent(ordersCursor)}`);
      await refused(
        `/v1/events/${event.id}/ticket-types?cursor=${encodeURIComponent(ticketsCursor)}`,
      );
      // Another event's list.
      await refused(
        `/v1/events/${otherEvent.id}/tickets?cursor=${encodeURIComponent(ticketsCursor)}`,
      );
      await refused(
        `/v1/events/${otherEvent.id}/ticket-types?cursor=${encodeURIComponent(typesCursor)}`,
      );
      // Another tenant's cursor for the same list.
      const strangerCursor = await t
        .http()
        .get(`/v1/orders?cursor=${encodeURIComponent(ordersCursor)}`)
        .set(other.auth)
        .expect(400);
      expect(strangerCursor.body.code).toBe('VALIDATION_FAILED');
      // Well formed (made with the codec and the server's key, as a forger who had the key would),
      // but naming a row this list never had: made up, or another tenant's.
      const codec = new ListCursors(t.config);
      const forged = (list: ListName, scope: string, id: string) =>
        encodeURIComponent(codec.encode(list, scope, id));
      await refused(`/v1/orders?cursor=${forged('orders', tenant.id, randomUUID())}`);
      const stranger = await t
        .http()
        .get(`/v1/orders?cursor=${forged('orders', other.id, order.id)}`)
        .set(other.auth)
        .expect(400);
      expect(stranger.body.code).toBe('VALIDATION_FAILED');
      await refused(
        `/v1/events/${event.id}/tickets?cursor=${forged('tickets', tenant.id, randomUUID())}`,
      );
      // A ticket of this tenant, but of another event.
      const elsewhere = await buyTickets(t, tenant, (await createTicketType(t, tenant)).id, 1);
      await refused(
        `/v1/events/${event.id}/tickets?cursor=${forged('tickets', tenant.id, elsewhere.tickets[0].id)}`,
      );
      await refused('/v1/orders?cursor=garbage');
      await refused(`/v1/orders?cursor=${encodeURIComponent(ordersCursor)}x`);
    });

    it('pages do not repeat or skip when orders are added between them', async () => {
      const type = (await createTicketType(t, tenant, { capacity: 50 })).id;
      const before = (await get<OrderDto>('/v1/orders?limit=200')).items.map((o) => o.id);
      const first = await get<OrderDto>('/v1/orders?limit=2');
      await buyTickets(t, tenant, type, 1);
      const rest = await allPages<OrderDto>('/v1/orders', 2, tenant, first.nextCursor);
      expect([...first.items.map((o) => o.id), ...rest.flat().map((o) => o.id)]).toEqual(before);
    });
  });
});
