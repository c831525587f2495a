import { Controller, Get } from '@nestjs/common';
import { createTestApp, TestApp } from '../support/app';
import { admin, createTenant, newKey, TestTenant } from '../support/factories';

@Controller('v1/test-errors')
class ExplodingController {
  @Get()
  explode(): never {
    throw new Error('secret internal detail');
  }
}

describe('foundation: auth, errors, CORS, health', () => {
  let t: TestApp;
  let tenant: TestTenant;

  beforeAll(async () => {
    t = await createTestApp({
      controllers: [ExplodingController],
      env: { CORS_ORIGINS: 'https://shop.example.com' },
    });
    tenant = await createTenant(t);
  });

  afterAll(async () => {
    await t.close();
  });

  const expectProblem = (
    res: { headers: Record<string, string>; body: Record<string, unknown> },
    status: number,
    code: string,
  ) => {
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, code });
    expect(typeof res.body.type).toBe('string');
    expect(typeof res.body.title).toBe('string');
    expect(typeof res.body.detail).toBe('string');
  };

  describe('admin routes', () => {
    it('401 without credentials', async () => {
      const res = await t
        .http()
        .post('/v1/admin/tenants')
        .set('Idempotency-Key', newKey())
        .send({ name: 'x' });
      expect(res.status).toBe(401);
      expectProblem(res, 401, 'UNAUTHORIZED');
    });

    it('401 with a wrong admin token', async () => {
      const res = await t
        .http()
        .post('/v1/admin/tenants')
        .set('Authorization', 'Bearer not-the-admin-token')
        .set('Idempotency-Key', newKey())
        .send({ name: 'x' });
      expectProblem(res, 401, 'UNAUTHORIZED');
    });

    it('401 with a tenant key on an admin route', async () => {
      const res = await t.http().get(`/v1/admin/tenants/${tenant.id}`).set(tenant.auth);
      expectProblem(res, 401, 'UNAUTHORIZED');
    });

    it('creates a tenant whose key works and whose hash alone is stored', async () => {
      const created = await createTenant(t, 'Second');
      expect(created.apiKey).toMatch(/^tsk_/);
      const rows: Array<{ api_key_hash: string }> = await t.dataSource.query(
        'SELECT api_key_hash FROM tenants WHERE id = $1',
        [created.id],
      );
      expect(rows[0].api_key_hash).toHaveLength(64);
      expect(rows[0].api_key_hash).not.toContain(created.apiKey);
      await t
        .http()
        .get('/v1/idempotency-keys/' + newKey())
        .set(created.auth)
        .expect(404);
    });

    it('a response with an API key is not to be cached', async () => {
      const res = await t
        .http()
        .post('/v1/admin/tenants')
        .set(admin)
        .set('Idempotency-Key', newKey())
        .send({ name: 'Uncached' })
        .expect(201);
      expect(res.body.apiKey).toMatch(/^tsk_/);
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it('rotating a key revokes the old one', async () => {
      const victim = await createTenant(t, 'Rotating');
      const res = await t
        .http()
        .post(`/v1/admin/tenants/${victim.id}/api-keys`)
        .set(admin)
        .set('Idempotency-Key', newKey())
        .send({})
        .expect(201);
      const fresh = res.body.apiKey as string;
      expect(fresh).toMatch(/^tsk_/);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(fresh).not.toBe(victim.apiKey);
      const probe = '/v1/idempotency-keys/' + newKey();
      await t.http().get(probe).set(victim.auth).expect(401);
      await t.http().get(probe).set('Authorization', `Bearer ${fresh}`).expect(404);
    });

    it('rotating the key of an unknown tenant is 404', async () => {
      const res = await t
        .http()
        .post(`/v1/admin/tenants/${newKey()}/api-keys`)
        .set(admin)
        .set('Idempotency-Key', newKey())
        .send({});
      expectProblem(res, 404, 'NOT_FOUND');
    });
  });

  describe('tenant routes', () => {
    const probe = () => '/v1/idempotency-keys/' + newKey();

    it('401 without credentials', async () => {
      expectProblem(await t.http().get(probe()), 401, 'UNAUTHORIZED');
    });

    it('401 with a wrong key', async () => {
      expectProblem(
        await t
          .http()
          .get(probe())
          .set('Authorization', 'Bearer tsk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'),
        401,
        'UNAUTHORIZED',
      );
    });

    it('401 with the admin token on a tenant route', async () => {
      expectProblem(await t.http().get(probe()).set(admin), 401, 'UNAUTHORIZED');
    });

    it('accepts the tenant key', async () => {
      expectProblem(await t.http().get(probe()).set(tenant.auth), 404, 'NOT_FOUND');
    });
  });

  describe('errors as problem JSON', () => {
    it('validation errors: VALIDATION_FAILED with the field', async () => {
      const res = await t
        .http()
        .post('/v1/admin/tenants')
        .set(admin)
        .set('Idempotency-Key', newKey())
        .send({ name: 42 });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'name' })]);
    });

    it('a missing required field says it is required, once', async () => {
      const res = await t
        .http()
        .post('/v1/purchases')
        .set(tenant.auth)
        .set('Idempotency-Key', newKey())
        .send({ ticketTypeId: newKey(), quantity: 1 });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.detail).toBe('customerEmail is required');
      expect(res.body.errors).toEqual([
        { field: 'customerEmail', messages: ['customerEmail is required'] },
      ]);
    });

    it('unknown fields: VALIDATION_FAILED', async () => {
      const res = await t
        .http()
        .post('/v1/admin/tenants')
        .set(admin)
        .set('Idempotency-Key', newKey())
        .send({ name: 'ok', isAdmin: true });
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'isAdmin' })]);
    });

    it('malformed JSON: VALIDATION_FAILED', async () => {
      const res = await t
        .http()
        .post('/v1/admin/tenants')
        .set(admin)
        .set('Idempotency-Key', newKey())
        .set('Content-Type', 'application/json')
        .send('{"name": ');
      expectProblem(res, 400, 'VALIDATION_FAILED');
    });

    it('a 2 MiB body: PAYLOAD_TOO_LARGE, and nothing stored', async () => {
      const before = await t.dataSource.query('SELECT count(*)::int AS n FROM tenants');
      const res = await t
        .http()
        .post('/v1/admin/tenants')
        .set(admin)
        .set('Idempotency-Key', newKey())
        .send({ name: 'x'.repeat(2 * 1024 * 1024) });
      expectProblem(res, 413, 'PAYLOAD_TOO_LARGE');
      const after = await t.dataSource.query('SELECT count(*)::int AS n FROM tenants');
      expect(after[0].n).toBe(before[0].n);
    });

    it('an unknown route: NOT_FOUND', async () => {
      expectProblem(await t.http().get('/v1/no-such-route').set(tenant.auth), 404, 'NOT_FOUND');
    });

    it('an unexpected error: INTERNAL with no stack or message in the body', async () => {
      const res = await t.http().get('/v1/test-errors').set(tenant.auth);
      expectProblem(res, 500, 'INTERNAL');
      const text = JSON.stringify(res.body);
      expect(text).not.toContain('secret internal detail');
      expect(text).not.toMatch(/at .*\.ts:\d+/);
    });
  });

  describe('CORS', () => {
    it('a preflight from an allowed origin may send Idempotency-Key and read the replay headers', async () => {
      const res = await t
        .http()
        .options('/v1/admin/tenants')
        .set('Origin', 'https://shop.example.com')
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'authorization,content-type,idempotency-key');
      expect(res.status).toBeLessThan(300);
      expect(res.headers['access-control-allow-origin']).toBe('https://shop.example.com');
      expect(res.headers['access-control-allow-headers']?.toLowerCase()).toContain(
        'idempotency-key',
      );
      const created = await t
        .http()
        .post('/v1/admin/tenants')
        .set('Origin', 'https://shop.example.com')
        .set(admin)
        .set('Idempotency-Key', newKey())
        .send({ name: 'cors' });
      const exposed = created.headers['access-control-expose-headers']?.toLowerCase() ?? '';
      expect(exposed).toContain('x-idempotent-replayed');
      expect(exposed).toContain('retry-after');
      expect(exposed).toContain('location');
    });

    it('a preflight from another origin gets no CORS grant', async () => {
      const res = await t
        .http()
        .options('/v1/admin/tenants')
        .set('Origin', 'https://evil.example.net')
        .set('Access-Control-Request-Method', 'POST')
        .set('Access-Control-Request-Headers', 'idempotency-key');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('health and docs', () => {
    it('/health is 200 when PostgreSQL and Redis answer', async () => {
      const res = await t.http().get('/health').expect(200);
      expect(res.body).toEqual({ status: 'ok', checks: { postgres: 'up', redis: 'up' } });
    });

    it('/health is 503 when Redis is unreachable (a second instance on a closed port)', async () => {
      const broken = await createTestApp({
        shareWith: t,
        env: { REDIS_URL: 'redis://127.0.0.1:1' },
      });
      try {
        const res = await broken.http().get('/health');
        expect(res.status).toBe(503);
        expect(res.body.checks).toEqual({ postgres: 'up', redis: 'down' });
      } finally {
        await broken.close();
      }
    });

    it('/health/live is 200 while /health is 503: it touches neither Redis nor PostgreSQL', async () => {
      const broken = await createTestApp({
        shareWith: t,
        env: { REDIS_URL: 'redis://127.0.0.1:1' },
      });
      try {
        await broken.http().get('/health/live').expect(200, { status: 'ok' });
        // PostgreSQL gone too: this instance's pool is closed, so any query would fail.
        await broken.dataSource.destroy();
        const ready = await broken.http().get('/health');
        expect(ready.status).toBe(503);
        expect(ready.body.checks).toEqual({ postgres: 'down', redis: 'down' });
        const live = await broken.http().get('/health/live');
        expect(live.status).toBe(200);
        expect(live.body).toEqual({ status: 'ok' });
        expect(live.headers['cache-control']).toBe('no-store');
      } finally {
        await broken.close();
      }
    });

    it('/docs serves Swagger UI and /docs-json the document with both bearer schemes', async () => {
      const ui = await t.http().get('/docs/').expect(200);
      expect(ui.text).toContain('swagger-ui');
      const doc = await t.http().get('/docs-json').expect(200);
      expect(Object.keys(doc.body.components.securitySchemes)).toEqual(
        expect.arrayContaining(['tenant-api-key', 'admin-token']),
      );
      const createTenantOp = doc.body.paths['/v1/admin/tenants'].post;
      expect(createTenantOp.parameters).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true }),
        ]),
      );
    });
  });
});
