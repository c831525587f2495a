import { randomUUID } from 'node:crypto';
import { FaultInjector } from '../../src/faults/fault-injector';
import { createTestApp, TestApp } from '../support/app';
import { buyTickets, checkInRows, FAST_PAYMENTS_ENV, scanRows } from '../support/check-ins';
import {
  admin,
  counters,
  createTenant,
  createTicketType,
  newKey,
  send,
  TestTenant,
} from '../support/factories';
import { getOrder } from '../support/purchases';

interface CheckInBody {
  ticketId: string;
  code: string;
  gate: string | null;
  scannedAt: string;
  checkedInAt: string;
}

interface ScanResult {
  scanId: string;
  outcome: string;
  checkIn?: CheckInBody;
}

describe('check-in at the door', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let other: TestTenant;
  let base: string;
  let ticketTypeId: string;

  beforeAll(async () => {
    t = await createTestApp({ env: FAST_PAYMENTS_ENV });
    base = await t.url();
    tenant = await createTenant(t, 'Organiser');
    other = await createTenant(t, 'Other organiser');
    ticketTypeId = (await createTicketType(t, tenant, { capacity: 500 })).id;
  });

  afterAll(async () => {
    await t.close();
  });

  const checkIn = (code: string, body: object = {}, who: TestTenant = tenant, key = newKey()) =>
    t
      .http()
      .post(`/v1/tickets/${code}/check-in`)
      .set(who.auth)
      .set('Idempotency-Key', key)
      .send(body);

  const upload = (scans: object[], who: TestTenant = tenant, key = newKey()) =>
    t.http().post('/v1/check-ins/batch').set(who.auth).set('Idempotency-Key', key).send({ scans });

  const ticketStatus = async (id: string) => {
    const rows: Array<{ status: string }> = await t.dataSource.query(
      'SELECT status FROM tickets WHERE id = $1',
      [id],
    );
    return rows[0].status;
  };

  describe('POST /v1/tickets/:code/check-in', () => {
    it('checks a valid ticket in once: 201 with the check-in, then 409 naming the first gate and time', async () => {
      const order = await buyTickets(t, tenant, ticketTypeId, 1);
      const [ticket] = order.tickets;

      const first = await checkIn(ticket.code, {
        gate: 'North',
        scannedAt: '2030-01-01T18:58:00+01:00',
      }).expect(201);
      expect(first.body).toEqual({
        ticketId: ticket.id,
        code: ticket.code,
        gate: 'North',
        scannedAt: '2030-01-01T17:58:00.000Z',
        checkedInAt: expect.any(String),
      });
      expect(first.headers['x-idempotent-replayed']).toBeUndefined();
      expect(await checkInRows(t, [ticket.id])).toBe(1);
      expect(await ticketStatus(ticket.id)).toBe('checked_in');

      const again = await checkIn(ticket.code, { gate: 'South' }).expect(409);
      expect(again.headers['content-type']).toContain('application/problem+json');
      expect(again.body).toMatchObject({
        code: 'TICKET_ALREADY_CHECKED_IN',
        status: 409,
        checkIn: first.body,
      });
      expect(again.body.detail).toContain('North');
      expect(again.body.detail).toContain(first.body.checkedInAt);
      expect(await checkInRows(t, [ticket.id])).toBe(1);

      const got = await t.http().get(`/v1/tickets/${ticket.code}`).set(tenant.auth).expect(200);
      expect(got.body).toEqual({
        id: ticket.id,
        code: ticket.code,
        orderId: order.id,
        ticketTypeId,
        status: 'checked_in',
        checkedInAt: first.body.checkedInAt,
        gate: 'North',
      });
      // The order shows the ticket's state at the door too.
      expect((await getOrder(t, tenant, order.id)).tickets[0].status).toBe('checked_in');
    });

    it('the same scan sent again with its key replays the 201; the body is optional and codes are read in any case', async () => {
      const [ticket] = (await buyTickets(t, tenant, ticketTypeId, 1)).tickets;
      const key = newKey();
      const first = await checkIn(` ${ticket.code.toLowerCase()}`, {}, tenant, key).expect(201);
      expect(first.body.code).toBe(ticket.code);
      expect(first.body.gate).toBeNull();
      // No scannedAt from the scanner: the service's own time.
      expect(first.body.scannedAt).toBe(first.body.checkedInAt);
      const replay = await checkIn(` ${ticket.code.toLowerCase()}`, {}, tenant, key).expect(201);
      expect(replay.headers['x-idempotent-replayed']).toBe('true');
      expect(replay.body).toEqual(first.body);
      expect(await checkInRows(t, [ticket.id])).toBe(1);
    });

    it('404 for an unknown code and for another tenant’s code, which stays unchecked', async () => {
      const [ticket] = (await buyTickets(t, tenant, ticketTypeId, 1)).tickets;
      const unknown = await checkIn('TKT-0000-0000-0000-0000').expect(404);
      expect(unknown.body.code).toBe('NOT_FOUND');
      expect((await checkIn(ticket.code, {}, other).expect(404)).body.code).toBe('NOT_FOUND');
      await t.http().get(`/v1/tickets/${ticket.code}`).set(other.auth).expect(404);
      expect(await ticketStatus(ticket.id)).toBe('valid');
      expect(await checkInRows(t, [ticket.id])).toBe(0);
      // Still the owner's to check in.
      await checkIn(ticket.code).expect(201);
    });

    it('409 TICKET_VOID for a refunded ticket', async () => {
      const order = await buyTickets(t, tenant, ticketTypeId, 1);
      await t
        .http()
        .post(`/v1/payments/${order.paymentId}/refund`)
        .set(tenant.auth)
        .set('Idempotency-Key', newKey())
        .send({})
        .expect(200);
      const res = await checkIn(order.tickets[0].code).expect(409);
      expect(res.body.code).toBe('TICKET_VOID');
      expect(await checkInRows(t, [order.tickets[0].id])).toBe(0);
    });

    it.each([
      ['an empty gate', { gate: '' }],
      ['a too long gate', { gate: 'g'.repeat(101) }],
      ['a scannedAt without offset', { scannedAt: '2030-01-01T18:58:00' }],
      ['a scannedAt that is no date', { scannedAt: 'just now' }],
      ['an unknown field', { force: true }],
    ])('400 VALIDATION_FAILED for %s, nothing checked in', async (_name, body) => {
      const [ticket] = (await buyTickets(t, tenant, ticketTypeId, 1)).tickets;
      expect((await checkIn(ticket.code, body).expect(400)).body.code).toBe('VALIDATION_FAILED');
      expect(await checkInRows(t, [ticket.id])).toBe(0);
    });

    it('needs an Idempotency-Key like every POST', async () => {
      const [ticket] = (await buyTickets(t, tenant, ticketTypeId, 1)).tickets;
      const res = await t
        .http()
        .post(`/v1/tickets/${ticket.code}/check-in`)
        .set(tenant.auth)
        .send({})
        .expect(400);
      expect(res.body.code).toBe('IDEMPOTENCY_KEY_MISSING');
      expect(await checkInRows(t, [ticket.id])).toBe(0);
    });

    it('two gates at once, for each of 5 tickets: exactly one 201 and one check-in row per ticket', async () => {
      const order = await buyTickets(t, tenant, ticketTypeId, 5);
      const gates = ['North', 'South', 'East', 'West', 'VIP', 'Staff'];
      const responses = await Promise.all(
        order.tickets.flatMap((ticket) =>
          gates.map((gate) =>
            send(
              base,
              'POST',
              `/v1/tickets/${ticket.code}/check-in`,
              { ...tenant.auth, 'Idempotency-Key': newKey() },
              { gate },
            ).then((res) => ({ ticket, gate, res })),
          ),
        ),
      );
      for (const ticket of order.tickets) {
        const mine = responses.filter((r) => r.ticket.id === ticket.id);
        const won = mine.filter((r) => r.res.status === 201);
        const lost = mine.filter((r) => r.res.status !== 201);
        expect(won).toHaveLength(1);
        expect(lost.map((r) => r.res.status)).toEqual(Array(gates.length - 1).fill(409));
        // Every loser is told who won: the winner's gate and time.
        for (const r of lost) {
          expect(r.res.body.code).toBe('TICKET_ALREADY_CHECKED_IN');
          expect(r.res.body.checkIn).toEqual(won[0].res.body);
        }
        expect((won[0].res.body as unknown as CheckInBody).gate).toBe(won[0].gate);
      }
      expect(
        await checkInRows(
          t,
          order.tickets.map((x) => x.id),
        ),
      ).toBe(5);
      const rows: Array<{ gate: string }> = await t.dataSource.query(
        'SELECT gate FROM check_ins WHERE ticket_id = ANY($1::uuid[])',
        [order.tickets.map((x) => x.id)],
      );
      expect(rows.map((r) => r.gate).sort()).toEqual(
        responses
          .filter((r) => r.res.status === 201)
          .map((r) => r.gate)
          .sort(),
      );
    });
  });

  describe('POST /v1/check-ins/batch', () => {
    const scan = (
      code: string,
      fields: Partial<{ scanId: string; gate: string; scannedAt: string }> = {},
    ) => ({
      scanId: randomUUID(),
      code,
      gate: 'Scanner 7',
      scannedAt: '2030-01-01T18:30:00Z',
      ...fields,
    });

    it('reports every outcome, in the order sent', async () => {
      const fresh = await buyTickets(t, tenant, ticketTypeId, 2);
      const earlier = (await buyTickets(t, tenant, ticketTypeId, 1)).tickets[0];
      const single = await checkIn(earlier.code, { gate: 'Main' }).expect(201);
      const refunded = await buyTickets(t, tenant, ticketTypeId, 1);
      await t
        .http()
        .post(`/v1/payments/${refunded.paymentId}/refund`)
        .set(tenant.auth)
        .set('Idempotency-Key', newKey())
        .send({})
        .expect(200);
      const foreign = (await createTicketType(t, other, { capacity: 5 })).id;
      const foreignTicket = (await buyTickets(t, other, foreign, 1)).tickets[0];

      const a = scan(fresh.tickets[0].code);
      // A second scan of the same ticket later in the same upload.
      const aAgain = scan(fresh.tickets[0].code, { gate: 'Scanner 8' });
      // A scanner clock that says it was earlier than the check-in at Main: Main still stands.
      const late = scan(earlier.code, { scannedAt: '2000-01-01T00:00:00Z' });
      const voided = scan(refunded.tickets[0].code);
      const unknown = scan('TKT-ZZZZ-ZZZZ-ZZZZ-ZZZZ');
      const otherTenants = scan(foreignTicket.code);
      const b = scan(fresh.tickets[1].code.toLowerCase());
      const repeated = { ...b };

      const res = await upload([
        a,
        aAgain,
        late,
        voided,
        unknown,
        otherTenants,
        b,
        repeated,
      ]).expect(200);
      const results = res.body.results as ScanResult[];
      expect(results.map((r) => [r.scanId, r.outcome])).toEqual([
        [a.scanId, 'checked_in'],
        [aAgain.scanId, 'already_checked_in'],
        [late.scanId, 'already_checked_in'],
        [voided.scanId, 'void'],
        [unknown.scanId, 'unknown'],
        [otherTenants.scanId, 'unknown'],
        [b.scanId, 'checked_in'],
        [repeated.scanId, 'duplicate'],
      ]);
      expect(results[0].checkIn).toEqual({
        ticketId: fresh.tickets[0].id,
        code: fresh.tickets[0].code,
        gate: 'Scanner 7',
        scannedAt: '2030-01-01T18:30:00.000Z',
        checkedInAt: expect.any(String),
      });
      expect(results[1].checkIn).toEqual(results[0].checkIn);
      expect(results[2].checkIn).toEqual(single.body);
      expect(results[3].checkIn).toBeUndefined();
      expect(results[4].checkIn).toBeUndefined();
      expect(results[7].checkIn).toEqual(results[6].checkIn);

      expect(
        await checkInRows(
          t,
          fresh.tickets.map((x) => x.id),
        ),
      ).toBe(2);
      expect(await checkInRows(t, [earlier.id, refunded.tickets[0].id, foreignTicket.id])).toBe(1);
      expect(await ticketStatus(foreignTicket.id)).toBe('valid');
      const recorded: Array<{ scan_id: string; outcome: string }> = await t.dataSource.query(
        'SELECT scan_id, outcome FROM check_in_scans WHERE tenant_id = $1 AND scan_id = ANY($2::uuid[])',
        [tenant.id, [a, aAgain, late, voided, unknown, otherTenants, b].map((s) => s.scanId)],
      );
      expect(recorded).toHaveLength(7);
      expect(recorded.every((r) => r.outcome !== null)).toBe(true);

      // The same upload again (a new request, as a scanner that lost the answer would send it):
      // every scan is a duplicate and nothing changes.
      const again = await upload([a, aAgain, late, voided, unknown, otherTenants, b]).expect(200);
      expect((again.body.results as ScanResult[]).map((r) => r.outcome)).toEqual(
        Array(7).fill('duplicate'),
      );
      expect((again.body.results as ScanResult[])[0].checkIn).toEqual(results[0].checkIn);
      expect(
        await checkInRows(
          t,
          fresh.tickets.map((x) => x.id),
        ),
      ).toBe(2);
      expect(
        await scanRows(
          t,
          [a, aAgain, late, voided, unknown, otherTenants, b].map((s) => s.scanId),
        ),
      ).toBe(7);
    });

    it('a scan id is scoped to its tenant', async () => {
      const mine = (await buyTickets(t, tenant, ticketTypeId, 1)).tickets[0];
      const foreignType = (await createTicketType(t, other, { capacity: 5 })).id;
      const theirs = (await buyTickets(t, other, foreignType, 1)).tickets[0];
      const scanId = randomUUID();
      const first = await upload([scan(mine.code, { scanId })]).expect(200);
      expect(first.body.results[0].outcome).toBe('checked_in');
      const second = await upload([scan(theirs.code, { scanId })], other).expect(200);
      expect(second.body.results[0].outcome).toBe('checked_in');
    });

    it('the same upload sent 4 times at once: each scan applied once, one check-in row per ticket', async () => {
      const order = await buyTickets(t, tenant, ticketTypeId, 40);
      const scans = order.tickets.map((ticket) => scan(ticket.code));
      const uploads = await Promise.all(
        Array.from({ length: 4 }, () =>
          send(
            base,
            'POST',
            '/v1/check-ins/batch',
            {
              ...tenant.auth,
              'Idempotency-Key': newKey(),
            },
            { scans },
          ),
        ),
      );
      expect(uploads.map((u) => u.status)).toEqual([200, 200, 200, 200]);
      const results = uploads.map((u) => u.body.results as ScanResult[]);
      scans.forEach((s, i) => {
        const outcomes = results.map((r) => r[i].outcome).sort();
        expect(outcomes).toEqual(['checked_in', 'duplicate', 'duplicate', 'duplicate']);
      });
      expect(
        await checkInRows(
          t,
          order.tickets.map((x) => x.id),
        ),
      ).toBe(40);
      expect(
        await scanRows(
          t,
          scans.map((s) => s.scanId),
        ),
      ).toBe(40);
    });

    it('two scanners uploading different scans of the same tickets at once (opposite orders): one check-in per ticket, no error', async () => {
      const order = await buyTickets(t, tenant, ticketTypeId, 30);
      const left = order.tickets.map((ticket) => scan(ticket.code, { gate: 'Left' }));
      const right = [...order.tickets]
        .reverse()
        .map((ticket) => scan(ticket.code, { gate: 'Right' }));
      const [l, r] = await Promise.all(
        [left, right].map((scans) =>
          send(
            base,
            'POST',
            '/v1/check-ins/batch',
            {
              ...tenant.auth,
              'Idempotency-Key': newKey(),
            },
            { scans },
          ),
        ),
      );
      expect([l.status, r.status]).toEqual([200, 200]);
      const outcomeOf = new Map<string, string[]>();
      for (const [scans, res] of [
        [left, l],
        [right, r],
      ] as const) {
        (res.body.results as ScanResult[]).forEach((result, i) => {
          const code = scans[i].code;
          outcomeOf.set(code, [...(outcomeOf.get(code) ?? []), result.outcome]);
        });
      }
      for (const ticket of order.tickets) {
        expect(outcomeOf.get(ticket.code)!.sort()).toEqual(['already_checked_in', 'checked_in']);
      }
      expect(
        await checkInRows(
          t,
          order.tickets.map((x) => x.id),
        ),
      ).toBe(30);
    });

    it.each([
      ['no scans', { scans: [] }],
      ['201 scans', { scans: Array.from({ length: 201 }, () => scan('TKT-0000-0000-0000-0000')) }],
      ['a scanId that is no UUID', { scans: [scan('X', { scanId: 'scan-1' })] }],
      ['a missing scannedAt', { scans: [{ scanId: randomUUID(), code: 'X' }] }],
      ['a scannedAt without offset', { scans: [scan('X', { scannedAt: '2030-01-01T18:30:00' })] }],
      ['an empty code', { scans: [scan('')] }],
      ['an unknown field in a scan', { scans: [{ ...scan('X'), force: true }] }],
      ['scans that are not a list', { scans: 'TKT' }],
    ])('400 VALIDATION_FAILED for %s, nothing recorded', async (_name, body) => {
      const before: Array<{ n: number }> = await t.dataSource.query(
        'SELECT count(*)::int AS n FROM check_in_scans',
      );
      const res = await t
        .http()
        .post('/v1/check-ins/batch')
        .set(tenant.auth)
        .set('Idempotency-Key', newKey())
        .send(body)
        .expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      const after: Array<{ n: number }> = await t.dataSource.query(
        'SELECT count(*)::int AS n FROM check_in_scans',
      );
      expect(after[0].n).toBe(before[0].n);
    });

    it('200 scans in one upload are accepted', async () => {
      const order = await buyTickets(t, tenant, ticketTypeId, 50);
      const scans = Array.from({ length: 200 }, (_, i) => scan(order.tickets[i % 50].code));
      const res = await upload(scans).expect(200);
      const outcomes = (res.body.results as ScanResult[]).map((r) => r.outcome);
      expect(outcomes.slice(0, 50)).toEqual(Array(50).fill('checked_in'));
      expect(outcomes.slice(50)).toEqual(Array(150).fill('already_checked_in'));
      expect(
        await checkInRows(
          t,
          order.tickets.map((x) => x.id),
        ),
      ).toBe(50);
    });
  });

  describe('refunds after check-in', () => {
    const refund = (paymentId: string, key = newKey()) =>
      t
        .http()
        .post(`/v1/payments/${paymentId}/refund`)
        .set(tenant.auth)
        .set('Idempotency-Key', key)
        .send({});
    const forcedRefund = (tenantId: string, paymentId: string, auth = admin) =>
      t
        .http()
        .post(`/v1/admin/tenants/${tenantId}/payments/${paymentId}/refund`)
        .set(auth)
        .set('Idempotency-Key', newKey())
        .send({ reason: 'show cancelled after doors opened' });

    it('the tenant’s refund is 409 INVALID_STATE once a ticket was checked in; nothing changes', async () => {
      const order = await buyTickets(t, tenant, ticketTypeId, 2);
      await checkIn(order.tickets[0].code, { gate: 'North' }).expect(201);
      const before = await counters(t, ticketTypeId);
      const res = await refund(order.paymentId).expect(409);
      expect(res.body.code).toBe('INVALID_STATE');
      expect(res.body.detail).toContain(order.tickets[0].code);
      const after = await getOrder(t, tenant, order.id);
      expect(after.status).toBe('paid');
      expect(after.tickets.map((x) => x.status).sort()).toEqual(['checked_in', 'valid']);
      expect(await counters(t, ticketTypeId)).toEqual(before);
      const payment = await t.http().get(`/v1/payments/${order.paymentId}`).set(tenant.auth);
      expect(payment.body.status).toBe('succeeded');
    });

    it('the admin may force it: order refunded, every ticket void, the check-in kept on record, seats back', async () => {
      const order = await buyTickets(t, tenant, ticketTypeId, 2);
      await checkIn(order.tickets[0].code, { gate: 'North' }).expect(201);
      const before = await counters(t, ticketTypeId);

      // A tenant key cannot use the admin route, nor the admin token a tenant route.
      await forcedRefund(tenant.id, order.paymentId, tenant.auth).expect(401);
      // Another tenant's id does not reach this payment.
      await forcedRefund(other.id, order.paymentId).expect(404);

      const res = await forcedRefund(tenant.id, order.paymentId).expect(200);
      expect(res.body.status).toBe('refunded');
      const after = await getOrder(t, tenant, order.id);
      expect(after.status).toBe('refunded');
      expect(after.note).toContain('show cancelled after doors opened');
      expect(after.tickets.map((x) => x.status)).toEqual(['void', 'void']);
      expect(await checkInRows(t, [order.tickets[0].id])).toBe(1);
      const ticket = await t
        .http()
        .get(`/v1/tickets/${order.tickets[0].code}`)
        .set(tenant.auth)
        .expect(200);
      expect(ticket.body).toMatchObject({ status: 'void', gate: 'North' });
      expect(ticket.body.checkedInAt).not.toBeNull();
      const now = await counters(t, ticketTypeId);
      expect(now.sold).toBe(before.sold - 2);
      expect(now.available).toBe(before.available + 2);
      // And the door now says void.
      expect((await checkIn(order.tickets[1].code).expect(409)).body.code).toBe('TICKET_VOID');
    });

    it('the tickets are void from the refund’s decision on, before the provider has answered', async () => {
      const order = await buyTickets(t, tenant, ticketTypeId, 1);
      const key = newKey();
      // The request dies after the provider refunded, before the local side committed.
      t.app.get(FaultInjector).arm('refund.after_provider_refund');
      const died = await refund(order.paymentId, key);
      expect(died.status).toBeGreaterThanOrEqual(500);
      expect((await getOrder(t, tenant, order.id)).status).toBe('paid');
      // The door already turns the ticket away.
      expect((await checkIn(order.tickets[0].code).expect(409)).body.code).toBe('TICKET_VOID');
      // The retry with the same key finishes the refund.
      const done = await refund(order.paymentId, key).expect(200);
      expect(done.body.status).toBe('refunded');
      expect(await checkInRows(t, [order.tickets[0].id])).toBe(0);
    });

    it('a refund without check-ins is unchanged, and a check-in racing a refund never leaves a checked-in ticket on a refunded order', async () => {
      for (let round = 0; round < 3; round++) {
        const order = await buyTickets(t, tenant, ticketTypeId, 1);
        const [ticket] = order.tickets;
        const [door, money] = await Promise.all([
          send(
            base,
            'POST',
            `/v1/tickets/${ticket.code}/check-in`,
            {
              ...tenant.auth,
              'Idempotency-Key': newKey(),
            },
            { gate: 'Race' },
          ),
          send(
            base,
            'POST',
            `/v1/payments/${order.paymentId}/refund`,
            {
              ...tenant.auth,
              'Idempotency-Key': newKey(),
            },
            {},
          ),
        ]);
        const after = await getOrder(t, tenant, order.id);
        if (door.status === 201) {
          expect(money.status).toBe(409);
          expect(after.status).toBe('paid');
          expect(after.tickets[0].status).toBe('checked_in');
        } else {
          expect(door.status).toBe(409);
          expect(door.body.code).toBe('TICKET_VOID');
          expect(money.status).toBe(200);
          expect(after.status).toBe('refunded');
          expect(after.tickets[0].status).toBe('void');
          expect(await checkInRows(t, [ticket.id])).toBe(0);
        }
      }
    });
  });

  describe('metrics', () => {
    it('counts check-ins by source and outcome', async () => {
      const scrape = async () => (await t.http().get('/metrics').expect(200)).text;
      const value = (text: string, source: string, outcome: string) => {
        const line = text
          .split('\n')
          .find((l) => l.startsWith(`check_ins_total{source="${source}",outcome="${outcome}"}`));
        return line === undefined ? 0 : Number(line.split(' ')[1]);
      };
      const before = await scrape();
      const [ticket] = (await buyTickets(t, tenant, ticketTypeId, 1)).tickets;
      const key = newKey();
      await checkIn(ticket.code, {}, tenant, key).expect(201);
      await checkIn(ticket.code, {}, tenant, key).expect(201); // a replay: not counted again
      await checkIn(ticket.code).expect(409);
      await checkIn('TKT-NOPE').expect(404);
      const scans = [
        { scanId: randomUUID(), code: ticket.code, scannedAt: '2030-01-01T18:30:00Z' },
        { scanId: randomUUID(), code: 'TKT-NOPE', scannedAt: '2030-01-01T18:30:00Z' },
      ];
      await upload(scans).expect(200);
      await upload(scans).expect(200);
      const after = await scrape();
      const delta = (source: string, outcome: string) =>
        value(after, source, outcome) - value(before, source, outcome);
      expect(delta('single', 'checked_in')).toBe(1);
      expect(delta('single', 'already_checked_in')).toBe(1);
      expect(delta('single', 'unknown')).toBe(1);
      expect(delta('batch', 'already_checked_in')).toBe(1);
      expect(delta('batch', 'unknown')).toBe(1);
      expect(delta('batch', 'duplicate')).toBe(2);
    });
  });
});
