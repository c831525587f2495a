import { once } from 'node:events';
import { createTestApp, TestApp } from '../support/app';
import { admin, bearer, createTenant, newKey, TestTenant } from '../support/factories';
import { hashApiKey } from '../../src/tenancy/api-key';
import { TENANT_KEY_LISTENER_NAME, TenantKeyCache } from '../../src/tenancy/tenant-key-cache';

/**
 * The guard's tenant lookup is cached per instance (TENANT_CACHE_SECONDS, default 5). A rotated
 * key must still be refused at once on the instance that rotated it, and on every other instance
 * as soon as its listener has the change's notification; while an instance cannot hear
 * notifications (checked by its own pings), it uses no cached answer at all. Two instances share
 * one database here.
 */
describe('tenant key cache: rotation reaches every instance', () => {
  let a: TestApp;
  let b: TestApp;
  let cacheA: TenantKeyCache;
  let cacheB: TenantKeyCache;

  beforeAll(async () => {
    a = await createTestApp();
    b = await createTestApp({ shareWith: a });
    cacheA = a.app.get(TenantKeyCache);
    cacheB = b.app.get(TenantKeyCache);
    await Promise.all([listening(cacheA), listening(cacheB)]);
  });

  /** Resolves once `cache` uses cached answers (its listener hears its own pings). */
  const listening = async (cache: TenantKeyCache) => {
    if (!cache.active) await once(cache.events, 'listening');
  };

  afterAll(async () => {
    await b.close();
    await a.close();
  });

  const probe = () => '/v1/idempotency-keys/' + newKey();
  /** 404 NOT_FOUND for an unknown key of an accepted tenant; 401 for a refused credential. */
  const status = async (t: TestApp, apiKey: string) =>
    (await t.http().get(probe()).set(bearer(apiKey))).status;

  const rotate = async (t: TestApp, tenant: TestTenant) => {
    const res = await t
      .http()
      .post(`/v1/admin/tenants/${tenant.id}/api-keys`)
      .set(admin)
      .set('Idempotency-Key', newKey())
      .send({})
      .expect(201);
    return res.body.apiKey as string;
  };

  /** Resolves when `cache` has dropped `tenantId` on a notification. */
  const invalidated = (cache: TenantKeyCache, tenantId: string) =>
    new Promise<void>((resolve) => {
      const listener = (id: string) => {
        if (id !== tenantId) return;
        cache.events.off('invalidated', listener);
        resolve();
      };
      cache.events.on('invalidated', listener);
    });

  /** Answers `hash` from the cache without asking the database, if it can. */
  const cachedOnly = async (cache: TenantKeyCache, hash: string) => {
    let loaded = false;
    const tenant = await cache.lookup(hash, async () => {
      loaded = true;
      return null;
    });
    return loaded ? null : tenant;
  };

  it('listens on both instances, and caches an accepted key', async () => {
    expect(cacheA.active).toBe(true);
    expect(cacheB.active).toBe(true);
    const tenant = await createTenant(a, 'Cached');
    expect(await status(b, tenant.apiKey)).toBe(404);
    expect(await cachedOnly(cacheB, hashApiKey(tenant.apiKey))).toMatchObject({ id: tenant.id });
  });

  it('does not cache unknown keys', async () => {
    const unknown = 'tsk_' + 'A'.repeat(43);
    expect(await status(b, unknown)).toBe(401);
    expect(await cachedOnly(cacheB, hashApiKey(unknown))).toBeNull();
  });

  it('a rotated key is refused at once on the instance that rotated it, though it was cached', async () => {
    const tenant = await createTenant(a, 'Rotating here');
    expect(await status(a, tenant.apiKey)).toBe(404);
    expect(await cachedOnly(cacheA, hashApiKey(tenant.apiKey))).not.toBeNull();
    const fresh = await rotate(a, tenant);
    expect(await status(a, tenant.apiKey)).toBe(401);
    expect(await status(a, fresh)).toBe(404);
  });

  it('a rotated key is refused on another instance as soon as the notification arrives', async () => {
    const tenant = await createTenant(a, 'Rotating elsewhere');
    expect(await status(b, tenant.apiKey)).toBe(404);
    expect(await cachedOnly(cacheB, hashApiKey(tenant.apiKey))).not.toBeNull();
    const heard = invalidated(cacheB, tenant.id);
    const fresh = await rotate(a, tenant);
    await heard;
    expect(await cachedOnly(cacheB, hashApiKey(tenant.apiKey))).toBeNull();
    expect(await status(b, tenant.apiKey)).toBe(401);
    expect(await status(b, fresh)).toBe(404);
  });

  it('a key changed by hand in SQL is dropped by every instance too', async () => {
    const tenant = await createTenant(a, 'Revoked by an operator');
    expect(await status(a, tenant.apiKey)).toBe(404);
    expect(await status(b, tenant.apiKey)).toBe(404);
    const heard = Promise.all([invalidated(cacheA, tenant.id), invalidated(cacheB, tenant.id)]);
    await a.dataSource.query(
      `UPDATE tenants SET api_key_hash = encode(sha256(gen_random_uuid()::text::bytea), 'hex')
        WHERE id = $1`,
      [tenant.id],
    );
    await heard;
    expect(await status(a, tenant.apiKey)).toBe(401);
    expect(await status(b, tenant.apiKey)).toBe(401);
  });

  it('while an instance cannot hear notifications it answers nothing from the cache', async () => {
    const tenant = await createTenant(a, 'Rotated while deaf');
    expect(await status(b, tenant.apiKey)).toBe(404);
    expect(await cachedOnly(cacheB, hashApiKey(tenant.apiKey))).not.toBeNull();

    // Cut both instances' listener connections, as a network failure or a restart would.
    const down = Promise.all([once(cacheA.events, 'down'), once(cacheB.events, 'down')]);
    await a.dataSource.query(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
        WHERE application_name = $1 AND datname = current_database()`,
      [TENANT_KEY_LISTENER_NAME],
    );
    await down;
    expect(cacheB.active).toBe(false);
    expect(cacheB.size).toBe(0);

    // A rotation nobody can hear about: B must still refuse the old key at once.
    const back = Promise.all([once(cacheA.events, 'listening'), once(cacheB.events, 'listening')]);
    const fresh = await rotate(a, tenant);
    expect(await status(b, tenant.apiKey)).toBe(401);
    expect(await status(b, fresh)).toBe(404);

    // The listeners reconnect by themselves and start from an empty cache.
    await back;
    expect(cacheB.active).toBe(true);
    expect(await status(b, tenant.apiKey)).toBe(401);
    expect(await status(b, fresh)).toBe(404);
  });

  it('an entry is used for TENANT_CACHE_SECONDS at most, even while pings come back', async () => {
    const tenant = await createTenant(a, 'Aging');
    expect(await status(b, tenant.apiKey)).toBe(404);
    const stored = Date.now(); // not before the entry was stored
    const hash = hashApiKey(tenant.apiKey);
    expect(await cachedOnly(cacheB, hash)).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await once(cacheB.events, 'ping'); // a ping heard after `stored`
    const ttlMs = b.config.tenantCacheSeconds * 1000;
    const clock = jest.spyOn(Date, 'now').mockReturnValue(stored + ttlMs);
    try {
      expect(cacheB.active).toBe(true);
      expect(await cachedOnly(cacheB, hash)).toBeNull();
    } finally {
      clock.mockRestore();
    }
  });

  it('no cached answer once the own pings stop coming back for TENANT_CACHE_SECONDS', async () => {
    const tenant = await createTenant(a, 'Unheard');
    expect(await status(b, tenant.apiKey)).toBe(404);
    expect(await cachedOnly(cacheB, hashApiKey(tenant.apiKey))).not.toBeNull();
    const clock = jest
      .spyOn(Date, 'now')
      .mockReturnValue(Date.now() + 2 * b.config.tenantCacheSeconds * 1000);
    try {
      expect(cacheB.active).toBe(false);
      expect(await cachedOnly(cacheB, hashApiKey(tenant.apiKey))).toBeNull();
    } finally {
      clock.mockRestore();
    }
  });
});
