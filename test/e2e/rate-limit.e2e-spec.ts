import type { ExecutionContext } from '@nestjs/common';
import Redis from 'ioredis';
import { createTestApp, TestApp } from '../support/app';
import { loadConfig } from '../../src/config/app-config';
import { RateLimitGuard } from '../../src/rate-limit/rate-limit.guard';
import { admin, createTenant, createTicketType, newKey, send } from '../support/factories';
import { rowCounts } from '../support/state';

/*
 * Issue 11, case 9: one API key could write idempotency rows as fast as it liked. TENANT_RATE_LIMIT
 * state-changing requests a second per tenant, a burst of twice that, 429 RATE_LIMITED beyond,
 * nothing stored for a refused request, shared by instances, open when Redis is away.
 */
describe('per-tenant rate limit', () => {
  let t: TestApp;

  beforeAll(async () => {
    // 1 a second, burst 2: small enough that a test's burst meets it at once.
    t = await createTestApp({ env: { TENANT_RATE_LIMIT: '1' } });
  });

  afterAll(async () => {
    await t.close();
  });

  const refill = () => new Promise((resolve) => setTimeout(resolve, 2100));

  it('a burst over the limit gets 429 RATE_LIMITED with Retry-After, and a refused request stores nothing', async () => {
    const base = await t.url();
    const tenant = await createTenant(t);
    await refill();
    const ticketTypeId = (await createTicketType(t, tenant, { capacity: 50 })).id;
    await refill();

    const before = await rowCounts(t);
    const keys = Array.from({ length: 10 }, () => newKey());
    // Sent together: far more than the burst of 2 arrive within the same second.
    const results = await Promise.all(
      keys.map((key) =>
        send(
          base,
          'POST',
          '/v1/reservations',
          { ...tenant.auth, 'Idempotency-Key': key },
          { ticketTypeId, quantity: 1 },
        ),
      ),
    );
    const created = results.filter((r) => r.status === 201).length;
    const refused = results.filter((r) => r.status === 429);
    expect(created + refused.length).toBe(10);
    expect(refused.length).toBeGreaterThanOrEqual(1);

    const one = refused[0];
    expect(one.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(one.body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(one.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(one.headers.get('ratelimit-policy')).toBe('"tenant";q=2;w=2');
    expect(one.headers.get('ratelimit')).toMatch(/^"tenant";r=0;t=\d+$/);

    // Refused requests stored nothing: only the created ones added rows, and their keys are unknown.
    const after = await rowCounts(t);
    expect(after.reservations - before.reservations).toBe(created);
    expect(after.idempotency_keys - before.idempotency_keys).toBe(created);
    for (const [i, r] of results.entries()) {
      if (r.status !== 429) continue;
      const status = await send(base, 'GET', `/v1/idempotency-keys/${keys[i]}`, tenant.auth);
      expect(status.status).toBe(404);
    }

    // Reads are not limited.
    const read = await send(base, 'GET', '/v1/events', tenant.auth);
    expect(read.status).toBe(200);
  });

  it('one tenant at its limit does not limit another', async () => {
    const base = await t.url();
    await refill();
    const noisy = await createTenant(t, 'Noisy');
    await refill();
    const quiet = await createTenant(t, 'Quiet');
    await refill();
    const noise = await Promise.all(
      Array.from({ length: 10 }, () =>
        send(base, 'POST', '/v1/events', { ...noisy.auth, 'Idempotency-Key': newKey() }, {}),
      ),
    );
    expect(noise.map((r) => r.status)).toContain(429);
    const quietOne = await send(
      base,
      'POST',
      '/v1/events',
      { ...quiet.auth, 'Idempotency-Key': newKey() },
      { name: 'Q', startsAt: '2030-01-01T19:00:00Z' },
    );
    expect(quietOne.status).toBe(201);
    expect(quietOne.headers.get('ratelimit')).toMatch(/^"tenant";r=1;t=\d+$/);
  });

  it('two instances share one bucket (kept in Redis)', async () => {
    const second = await createTestApp({ shareWith: t, env: { TENANT_RATE_LIMIT: '1' } });
    const redis = new Redis(t.config.redisUrl);
    try {
      await refill();
      const tenant = await createTenant(t, 'Shared');
      const bucket = `${t.config.queuePrefix}:ratelimit:${tenant.id}`;
      const event = { name: 'S', startsAt: '2030-01-01T19:00:00Z' };
      const first = await send(
        await t.url(),
        'POST',
        '/v1/events',
        { ...tenant.auth, 'Idempotency-Key': newKey() },
        event,
      );
      expect(first.status).toBe(201);
      expect(await redis.exists(bucket)).toBe(1);
      // Empty the bucket, with its clock in the future so nothing flows back in meanwhile: the
      // other instance, which has served this tenant nothing yet, must refuse.
      await redis.hset(bucket, 'tokens', '0', 'at', String(Date.now() + 3_600_000));
      const other = await send(
        await second.url(),
        'POST',
        '/v1/events',
        { ...tenant.auth, 'Idempotency-Key': newKey() },
        event,
      );
      expect(other.status).toBe(429);
    } finally {
      redis.disconnect();
      await second.close();
    }
  });

  it('unauthenticated requests are 401 (the TenantGuard runs first), never 429', async () => {
    const base = await t.url();
    for (let i = 0; i < 5; i++) {
      const res = await send(base, 'POST', '/v1/events', { 'Idempotency-Key': newKey() }, {});
      expect(res.status).toBe(401);
    }
  });

  it('fails open: with Redis unreachable the request goes on', async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      TENANT_RATE_LIMIT: '1',
      REDIS_URL: 'redis://127.0.0.1:1',
    });
    const guard = new RateLimitGuard(config);
    const headers: Record<string, string> = {};
    const context = {
      getType: () => 'http',
      switchToHttp: () => ({
        getRequest: () => ({ method: 'POST', principal: { kind: 'admin' } }),
        getResponse: () => ({ setHeader: (n: string, v: string) => (headers[n] = v) }),
      }),
    } as unknown as ExecutionContext;
    try {
      for (let i = 0; i < 5; i++) await expect(guard.canActivate(context)).resolves.toBe(true);
      expect(headers).toEqual({});
    } finally {
      await guard.onApplicationShutdown();
    }
  });

  it('the admin has a bucket of its own', async () => {
    const base = await t.url();
    await refill();
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        send(
          base,
          'POST',
          '/v1/admin/tenants',
          { ...admin, 'Idempotency-Key': newKey() },
          { name: `A${i}` },
        ),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(2);
    expect(statuses).toContain(429);
  });
});
