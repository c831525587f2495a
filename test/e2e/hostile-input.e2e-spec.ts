import { gzipSync } from 'node:zlib';
import type { Response } from 'supertest';
import { createTestApp, TestApp } from '../support/app';
import {
  admin,
  createEvent,
  createTenant,
  createTicketType,
  newKey,
  TestTenant,
} from '../support/factories';
import { rowCounts } from '../support/state';
import { paymentEvent, postWebhook, signatureFor, WEBHOOK_PATH } from '../support/webhooks';

/*
 * The hostile-input review (issue 11): every case it found, as a client or an attacker would send
 * it. Each test fails on the service before the fix. The README's Security section names them.
 */

function expectProblem(res: Response, status: number, code: string): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code });
}

const manyKeys = (n: number) =>
  JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, 1])));

describe('hostile input', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let ticketTypeId: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { PAYMENT_WEBHOOK_SECRET: 'whsec_test_new' } });
    tenant = await createTenant(t);
    ticketTypeId = (await createTicketType(t, tenant, { capacity: 100 })).id;
  });

  afterAll(async () => {
    await t.close();
  });

  /** Bytes as they are (supertest would JSON-encode a Buffer sent as application/json). */
  const postBytes = async (path: string, body: Buffer, headers: Record<string, string>) => {
    const res = await fetch((await t.url()) + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': newKey(), ...headers },
      body,
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: { 'content-type': res.headers.get('content-type') ?? '' },
      body: JSON.parse(text) as Record<string, unknown>,
    } as unknown as Response;
  };

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    t
      .http()
      .post(path)
      .set(tenant.auth)
      .set('Idempotency-Key', newKey())
      .set('Content-Type', 'application/json')
      .set(headers)
      .send(body);

  describe('1. body limits: refused before validation, with a small answer naming the limit', () => {
    it('60,000 unknown keys on a POST: refused, cheaply, with a bounded problem body', async () => {
      const before = await rowCounts(t);
      // ~1 MB: over API_BODY_LIMIT_BYTES, refused from its Content-Length before it is read.
      const whole = await post('/v1/reservations', manyKeys(60_000));
      expectProblem(whole, 413, 'PAYLOAD_TOO_LARGE');
      expect(whole.body.detail).toContain(String(t.config.apiBodyLimitBytes));
      // Within the size limit, the structure limit names what was broken.
      const res = await post('/v1/reservations', manyKeys(15_000));
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.limit).toBe('maxKeysPerObject');
      expect(res.text.length).toBeLessThan(2000);
      expect(await rowCounts(t)).toEqual(before);
    });

    it('members in all over the limit: 400 maxTotalKeys', async () => {
      const body = JSON.stringify({
        ticketTypeId,
        quantity: 1,
        x: Array.from({ length: 100 }, () => JSON.parse(manyKeys(150)) as unknown),
      });
      const res = await post('/v1/reservations', body);
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.limit).toBe('maxTotalKeys');
    });

    it('a string of 200 KB: 400 maxStringLength', async () => {
      const res = await post('/v1/events', JSON.stringify({ name: 'x'.repeat(200_000) }));
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.limit).toBe('maxStringLength');
    });

    it('API routes take at most API_BODY_LIMIT_BYTES; the webhook receiver BODY_LIMIT_BYTES', async () => {
      expect(t.config.apiBodyLimitBytes).toBeLessThan(t.config.bodyLimitBytes);
      const over = JSON.stringify({ name: 'x'.repeat(t.config.apiBodyLimitBytes) });
      expectProblem(await post('/v1/events', over), 413, 'PAYLOAD_TOO_LARGE');
      // A signed event of 500 KB (between the two limits) is read and verified, then parsed.
      const base = await t.url();
      const event = paymentEvent();
      (event.data.object.metadata as Record<string, string>).pad = 'x'.repeat(9_000);
      const padded = JSON.stringify({
        ...event,
        padding: Array.from({ length: 55 }, () => 'y'.repeat(9_000)),
      });
      expect(padded.length).toBeGreaterThan(t.config.apiBodyLimitBytes);
      expect(padded.length).toBeLessThan(t.config.bodyLimitBytes);
      const res = await postWebhook(base, padded, signatureFor(padded));
      expect(res.status).not.toBe(413);
      expect(res.status).toBeLessThan(500);
    });

    it('errors[] holds at most 20 entries and says how many there were', async () => {
      const res = await post('/v1/reservations', manyKeys(200));
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.errors).toHaveLength(20);
      expect(res.body.errorsTotal).toBeGreaterThanOrEqual(200);
      expect(res.text.length).toBeLessThan(6000);
    });
  });

  describe('2. no spelling of a path goes around the idempotency layer', () => {
    it('POST /V1/reservations and /V1/admin/tenants are 404 and create nothing', async () => {
      const before = await rowCounts(t);
      const key = newKey();
      for (let i = 0; i < 2; i++) {
        const res = await t
          .http()
          .post('/V1/reservations')
          .set(tenant.auth)
          .set('Idempotency-Key', key)
          .send({ ticketTypeId, quantity: 1 });
        expectProblem(res, 404, 'NOT_FOUND');
      }
      expectProblem(
        await t.http().post('/V1/admin/tenants').set(admin).send({ name: 'x' }),
        404,
        'NOT_FOUND',
      );
      expectProblem(
        await t.http().post('/V1/purchases').set(tenant.auth).send({}),
        404,
        'NOT_FOUND',
      );
      expect(await rowCounts(t)).toEqual(before);
    });

    it('a trailing slash reaches the same handler through the layer, with the same fingerprint', async () => {
      const key = newKey();
      const first = await t
        .http()
        .post('/v1/reservations/')
        .set(tenant.auth)
        .set('Idempotency-Key', key)
        .send({ ticketTypeId, quantity: 1 });
      expect(first.status).toBe(201);
      const second = await t
        .http()
        .post('/v1/reservations')
        .set(tenant.auth)
        .set('Idempotency-Key', key)
        .send({ ticketTypeId, quantity: 1 });
      expect(second.status).toBe(201);
      expect(second.headers['x-idempotent-replayed']).toBe('true');
      expect(second.body.id).toBe(first.body.id);
      const noKey = await t
        .http()
        .post('/v1/reservations/')
        .set(tenant.auth)
        .send({ ticketTypeId, quantity: 1 });
      expectProblem(noKey, 400, 'IDEMPOTENCY_KEY_MISSING');
    });

    it('a doubled slash is not routed', async () => {
      const res = await t
        .http()
        .post('//v1//reservations')
        .set(tenant.auth)
        .send({ ticketTypeId, quantity: 1 });
      expect([400, 404]).toContain(res.status);
      expect(res.body.code).toBeDefined();
    });
  });

  describe('3. client input that was a 500', () => {
    it('"quantity": 1e309 is 400, not a 500 from the fingerprint', async () => {
      const res = await post(
        '/v1/reservations',
        `{"ticketTypeId":"${ticketTypeId}","quantity":1e309}`,
      );
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.limit).toBe('finiteNumbers');
    });

    it('a body nested 5,000 levels deep is 400, not a stack overflow', async () => {
      const res = await post('/v1/reservations', '['.repeat(5000) + ']'.repeat(5000));
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.limit).toBe('maxDepth');
      const obj = await post('/v1/events', '{"a":'.repeat(5000) + '1' + '}'.repeat(5000));
      expectProblem(obj, 400, 'VALIDATION_FAILED');
    });

    it('NUL in a stored string is 400 and stores nothing', async () => {
      const before = await rowCounts(t);
      const res = await post(
        '/v1/events',
        JSON.stringify({ name: 'a\u0000b', startsAt: '2030-01-01T19:00:00Z' }),
      );
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.limit).toBe('noNul');
      expect(await rowCounts(t)).toEqual(before);
    });

    it('NUL in a signed webhook is 400, not a 500 the provider retries', async () => {
      const base = await t.url();
      const event = paymentEvent();
      (event.data.object.metadata as Record<string, string>).note = 'a\u0000b';
      const payload = JSON.stringify(event);
      const res = await postWebhook(base, payload, signatureFor(payload));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    });

    it.each(['gzip', 'deflate', 'br'])(
      'a garbage body with Content-Encoding: %s is 400, even unauthenticated',
      async (encoding) => {
        const res = await postBytes('/v1/reservations', Buffer.from('not compressed at all'), {
          'Content-Encoding': encoding,
        });
        expectProblem(res, 400, 'VALIDATION_FAILED');
      },
    );

    it('an unknown Content-Encoding is 400; a real gzip body is read', async () => {
      const res = await postBytes('/v1/reservations', Buffer.from('x'), {
        'Content-Encoding': 'compress',
      });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      const gz = await postBytes(
        '/v1/reservations',
        gzipSync(Buffer.from(JSON.stringify({ ticketTypeId, quantity: 1 }))),
        { 'Content-Encoding': 'gzip', ...tenant.auth },
      );
      expect(gz.status).toBe(201);
    });

    it('a gzip bomb is 413 once it inflates past BODY_LIMIT_BYTES', async () => {
      const bomb = gzipSync(Buffer.from(`{"a":"${'x'.repeat(5 * 1048576)}"}`));
      expect(bomb.length).toBeLessThan(100_000);
      const res = await postBytes('/v1/events', bomb, {
        'Content-Encoding': 'gzip',
        ...tenant.auth,
      });
      expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
    });
  });

  describe('4. unknown fields and prototype keys', () => {
    it('POST /v1/admin/tenants/:id/api-keys refuses {"foo": 1}', async () => {
      const res = await t
        .http()
        .post(`/v1/admin/tenants/${tenant.id}/api-keys`)
        .set(admin)
        .set('Idempotency-Key', newKey())
        .send({ foo: 1 });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      // The key still works: nothing was rotated.
      await t.http().get('/v1/events').set(tenant.auth).expect(200);
    });

    it('POST /v1/admin/webhook-events/:id/replay refuses {"foo": 1}', async () => {
      const res = await t
        .http()
        .post(`/v1/admin/webhook-events/${newKey()}/replay`)
        .set(admin)
        .set('Idempotency-Key', newKey())
        .send({ foo: 1 });
      expectProblem(res, 400, 'VALIDATION_FAILED');
    });

    it.each(['__proto__', 'constructor', 'prototype'])(
      'a "%s" key is refused, not dropped',
      async (key) => {
        const res = await post(
          '/v1/reservations',
          `{"ticketTypeId":"${ticketTypeId}","quantity":1,"${key}":{"x":1}}`,
        );
        expectProblem(res, 400, 'VALIDATION_FAILED');
        expect(res.body.limit).toBe('forbiddenKeys');
      },
    );
  });

  describe('5. the webhook receiver checks the signature before it parses', () => {
    it('an unsigned malformed body is WEBHOOK_SIGNATURE_INVALID, not VALIDATION_FAILED', async () => {
      const base = await t.url();
      const res = await postWebhook(base, '{"id": "evt_1", garbage', null);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('WEBHOOK_SIGNATURE_INVALID');
      const wrong = await postWebhook(base, '{not json', 't=1,v1=' + 'a'.repeat(64));
      expect(wrong.body.code).toBe('WEBHOOK_SIGNATURE_INVALID');
    });

    it('a signed malformed body is VALIDATION_FAILED and stores nothing', async () => {
      const base = await t.url();
      const before = await rowCounts(t);
      const payload = '{"id": "evt_1", garbage';
      const res = await postWebhook(base, payload, signatureFor(payload));
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(await rowCounts(t)).toEqual(before);
    });

    it('a body that is not typed JSON leaves nothing to verify: WEBHOOK_SIGNATURE_INVALID', async () => {
      const base = await t.url();
      const res = await fetch(base + WEBHOOK_PATH, {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain' },
        body: 'hello',
      });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { code: string }).code).toBe('WEBHOOK_SIGNATURE_INVALID');
    });
  });

  describe('6. list cursors cannot be forged', () => {
    it('a self-consistent cursor with an invented id is 400; an issued one works', async () => {
      for (let i = 0; i < 3; i++) await createEvent(t, tenant, { name: `E${i}` });
      const page = await t.http().get('/v1/events?limit=1').set(tenant.auth).expect(200);
      const issued = page.body.nextCursor as string;
      await t
        .http()
        .get(`/v1/events?limit=1&cursor=${encodeURIComponent(issued)}`)
        .set(tenant.auth)
        .expect(200);
      const forgedOld = Buffer.from(
        JSON.stringify({ v: 1, s: '2030-01-01T19:00:00.000Z', i: newKey() }),
      ).toString('base64url');
      const [, mac] = issued.split('.');
      const forgedNew = `${Buffer.from(newKey()).toString('base64url')}.${mac}`;
      for (const cursor of [forgedOld, forgedNew]) {
        const res = await t
          .http()
          .get(`/v1/events?cursor=${encodeURIComponent(cursor)}`)
          .set(tenant.auth);
        expectProblem(res, 400, 'VALIDATION_FAILED');
      }
    });

    it("another tenant's cursor is 400", async () => {
      const other = await createTenant(t, 'Other');
      for (let i = 0; i < 2; i++) await createEvent(t, tenant);
      const page = await t.http().get('/v1/events?limit=1').set(tenant.auth).expect(200);
      const res = await t
        .http()
        .get(`/v1/events?cursor=${encodeURIComponent(page.body.nextCursor as string)}`)
        .set(other.auth);
      expectProblem(res, 400, 'VALIDATION_FAILED');
    });

    it('a forged webhook-event cursor is 400', async () => {
      const forged = 'we1.' + Buffer.from(newKey()).toString('base64url');
      const res = await t.http().get(`/v1/admin/webhook-events?cursor=${forged}`).set(admin);
      expectProblem(res, 400, 'VALIDATION_FAILED');
    });
  });

  describe('7. strings', () => {
    it.each([' ', '   \t\n', '\u00a0'])('a blank name (%p) is refused', async (name) => {
      const res = await post(
        '/v1/events',
        JSON.stringify({ name, startsAt: '2030-01-01T19:00:00Z' }),
      );
      expectProblem(res, 400, 'VALIDATION_FAILED');
      const tenantRes = await t
        .http()
        .post('/v1/admin/tenants')
        .set(admin)
        .set('Idempotency-Key', newKey())
        .send({ name });
      expectProblem(tenantRes, 400, 'VALIDATION_FAILED');
    });

    it.each(['XXX', 'XTS', 'XAU', 'XDR'])('currency %s is refused', async (currency) => {
      const event = await createEvent(t, tenant);
      const res = await post(
        `/v1/events/${event.id}/ticket-types`,
        JSON.stringify({ name: 'A', priceCents: 100, currency, capacity: 1 }),
      );
      expectProblem(res, 400, 'VALIDATION_FAILED');
    });

    it('a real X-currency (XOF) is accepted', async () => {
      const event = await createEvent(t, tenant);
      const res = await post(
        `/v1/events/${event.id}/ticket-types`,
        JSON.stringify({ name: 'A', priceCents: 100, currency: 'XOF', capacity: 1 }),
      );
      expect(res.status).toBe(201);
    });

    it('a lone surrogate is refused, so the stored name is what was sent', async () => {
      const res = await post(
        '/v1/events',
        '{"name":"a\\ud800b","startsAt":"2030-01-01T19:00:00Z"}',
      );
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.limit).toBe('wellFormedUnicode');
      const ok = await post(
        '/v1/events',
        '{"name":"a\\ud83c\\udfabb","startsAt":"2030-01-01T19:00:00Z"}',
      );
      expect(ok.status).toBe(201);
      const got = await t.http().get(`/v1/events/${ok.body.id}`).set(tenant.auth).expect(200);
      expect(got.body.name).toBe('a🎫b');
    });
  });

  describe('8. secrets in responses', () => {
    it('responses that carry apiKey have Cache-Control: no-store, replays too', async () => {
      const key = newKey();
      const created = await t
        .http()
        .post('/v1/admin/tenants')
        .set(admin)
        .set('Idempotency-Key', key)
        .send({ name: 'Cache' })
        .expect(201);
      expect(created.headers['cache-control']).toBe('no-store');
      const replay = await t
        .http()
        .post('/v1/admin/tenants')
        .set(admin)
        .set('Idempotency-Key', key)
        .send({ name: 'Cache' })
        .expect(201);
      expect(replay.headers['x-idempotent-replayed']).toBe('true');
      expect(replay.headers['cache-control']).toBe('no-store');
      const rotated = await t
        .http()
        .post(`/v1/admin/tenants/${created.body.id as string}/api-keys`)
        .set(admin)
        .set('Idempotency-Key', newKey())
        .expect(201);
      expect(rotated.body.apiKey).toMatch(/^tsk_/);
      expect(rotated.headers['cache-control']).toBe('no-store');
    });
  });
});
