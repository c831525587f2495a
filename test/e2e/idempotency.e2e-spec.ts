import { MetricsService } from '../../src/metrics/metrics.service';
import { createTestApp, TestApp } from '../support/app';
import {
  countEffects,
  createEffectsTable,
  EffectsControl,
  EffectsController,
} from '../support/effects.controller';
import { admin, createTenant, newKey, send, TestTenant } from '../support/factories';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function keyRows(t: TestApp, key: string) {
  return t.dataSource.query(
    'SELECT tenant_id, status, response_status, lock_token FROM idempotency_keys WHERE key = $1',
    [key],
  ) as Promise<Array<{ tenant_id: string; status: string; response_status: number | null }>>;
}

describe('idempotency (docs/api.md §5)', () => {
  let t: TestApp;
  let tenant: TestTenant;
  let other: TestTenant;
  let control: EffectsControl;

  beforeAll(async () => {
    t = await createTestApp({
      controllers: [EffectsController],
      providers: [EffectsControl],
      env: { IDEMPOTENCY_LOCK_SECONDS: '2' },
    });
    await createEffectsTable(t.dataSource);
    control = t.app.get(EffectsControl);
    tenant = await createTenant(t, 'A');
    other = await createTenant(t, 'B');
  });

  afterAll(async () => {
    await t.close();
  });

  const createAsAdmin = (key: string, name: string) =>
    t.http().post('/v1/admin/tenants').set(admin).set('Idempotency-Key', key).send({ name });

  const post = (
    who: TestTenant,
    key: string | undefined,
    body: unknown,
    path = '/v1/test-effects',
  ) => {
    const req = t.http().post(path).set(who.auth);
    if (key !== undefined) req.set('Idempotency-Key', key);
    return req.send(body as object);
  };

  describe('the key (rule 1)', () => {
    it('missing: 400 IDEMPOTENCY_KEY_MISSING, nothing stored', async () => {
      const res = await post(tenant, undefined, { label: 'no-key' });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('IDEMPOTENCY_KEY_MISSING');
      expect(await countEffects(t.dataSource, 'no-key')).toBe(0);
    });

    it.each([
      ['not a uuid', 'hello'],
      ['a v1 uuid', 'a8098c1a-f86e-11da-bd1a-00112444be1e'],
      ['no dashes', '0f3c2a4e8b6d4f7a9c1e2b3d4a5f6e7d'],
      ['a half-quoted value', '"0f3c2a4e-8b6d-4f7a-9c1e-2b3d4a5f6e7d'],
    ])('invalid (%s): 400 IDEMPOTENCY_KEY_INVALID, nothing stored', async (_, key) => {
      const res = await post(tenant, key, { label: 'bad-key' });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('IDEMPOTENCY_KEY_INVALID');
      expect(await countEffects(t.dataSource, 'bad-key')).toBe(0);
      const rows = await t.dataSource.query(
        'SELECT count(*)::int AS n FROM idempotency_keys WHERE path = $1 AND status = $2',
        ['/v1/test-effects', 'processing'],
      );
      expect(rows[0].n).toBe(0);
    });

    it('quoted (RFC 8941) and upper-case forms name the same key', async () => {
      const key = newKey();
      const first = await post(tenant, key, { label: 'forms' }).expect(201);
      const quoted = await post(tenant, `"${key}"`, { label: 'forms' }).expect(201);
      const upper = await post(tenant, key.toUpperCase(), { label: 'forms' }).expect(201);
      expect(quoted.headers['x-idempotent-replayed']).toBe('true');
      expect(upper.headers['x-idempotent-replayed']).toBe('true');
      expect(quoted.body).toEqual(first.body);
      expect(upper.body).toEqual(first.body);
      expect(await countEffects(t.dataSource, 'forms')).toBe(1);
    });
  });

  describe('replay (rule 7)', () => {
    it('replays status, body and Location with X-Idempotent-Replayed; the first response has no such header', async () => {
      const key = newKey();
      const first = await post(tenant, key, { label: 'replay' });
      expect(first.status).toBe(201);
      expect(first.headers['x-idempotent-replayed']).toBeUndefined();
      expect(first.headers.location).toBe(`/v1/test-effects/${first.body.id}`);
      expect(first.body.transactional).toBe(true);

      const again = await post(tenant, key, { label: 'replay' });
      expect(again.status).toBe(201);
      expect(again.headers['x-idempotent-replayed']).toBe('true');
      expect(again.headers.location).toBe(first.headers.location);
      expect(again.body).toEqual(first.body);
      expect(await countEffects(t.dataSource, 'replay')).toBe(1);
      expect(await keyRows(t, key)).toEqual([
        expect.objectContaining({
          tenant_id: tenant.id,
          status: 'completed',
          response_status: 201,
        }),
      ]);
    });

    it('canonical JSON: reordered object keys replay; a changed value is 422 in every state', async () => {
      const key = newKey();
      await post(tenant, key, { label: 'canon', meta: { a: 1, b: { c: [1, 2], d: 'é' } } }).expect(
        201,
      );
      const reordered = await post(tenant, key, {
        meta: { b: { d: 'é', c: [1, 2] }, a: 1.0 },
        label: 'canon',
      });
      expect(reordered.status).toBe(201);
      expect(reordered.headers['x-idempotent-replayed']).toBe('true');

      const changed = await post(tenant, key, {
        label: 'canon',
        meta: { a: 2, b: { c: [1, 2], d: 'é' } },
      });
      expect(changed.status).toBe(422);
      expect(changed.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
      const reorderedArray = await post(tenant, key, {
        label: 'canon',
        meta: { a: 1, b: { c: [2, 1], d: 'é' } },
      });
      expect(reorderedArray.status).toBe(422);
      expect(await countEffects(t.dataSource, 'canon')).toBe(1);
    });

    it('the same key on another path is 422', async () => {
      const key = newKey();
      await post(tenant, key, { label: 'path' }).expect(201);
      const res = await createAsAdmin(key, 'path');
      // Admin scope is separate from the tenant's: this is a new request there.
      expect(res.status).toBe(201);
      const otherPath = await post(tenant, key, { label: 'path' }, '/v1/test-effects/');
      // A trailing slash is the same route and the same request.
      expect(otherPath.status).toBe(201);
      expect(otherPath.headers['x-idempotent-replayed']).toBe('true');
      const differentRoute = await post(tenant, key, { label: 'path' }, '/v1/test-effects/copy');
      expect(differentRoute.status).toBe(422);
      expect(differentRoute.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    });
  });

  describe('scope (rule 2)', () => {
    it("one tenant's key is invisible to another: the same key is two unrelated requests", async () => {
      const key = newKey();
      const a = await post(tenant, key, { label: 'scoped' }).expect(201);
      const b = await post(other, key, { label: 'scoped' }).expect(201);
      expect(b.headers['x-idempotent-replayed']).toBeUndefined();
      expect(b.body.id).not.toBe(a.body.id);
      expect(await countEffects(t.dataSource, 'scoped')).toBe(2);
      await t.http().get(`/v1/idempotency-keys/${key}`).set(tenant.auth).expect(200);
      const rows = await keyRows(t, key);
      expect(rows.map((r) => r.tenant_id).sort()).toEqual([tenant.id, other.id].sort());
    });

    it('admin requests share one scope that collides with itself', async () => {
      const key = newKey();
      const first = await createAsAdmin(key, 'Admin scoped').expect(201);
      const again = await createAsAdmin(key, 'Admin scoped').expect(201);
      expect(again.headers['x-idempotent-replayed']).toBe('true');
      expect(again.body.id).toBe(first.body.id);
      const tenants = await t.dataSource.query(
        "SELECT count(*)::int AS n FROM tenants WHERE name = 'Admin scoped'",
      );
      expect(tenants[0].n).toBe(1);
      const rows = await keyRows(t, key);
      expect(rows).toEqual([
        expect.objectContaining({ tenant_id: '00000000-0000-0000-0000-000000000000' }),
      ]);
    });

    it('a replayed tenant creation never holds the API key (rule 12)', async () => {
      const key = newKey();
      const first = await createAsAdmin(key, 'Secret').expect(201);
      expect(first.body.apiKey).toMatch(/^tsk_/);
      const again = await createAsAdmin(key, 'Secret').expect(201);
      expect(again.body.apiKey).toBeUndefined();
      expect(again.body.id).toBe(first.body.id);
      const stored = await t.dataSource.query(
        'SELECT response_body FROM idempotency_keys WHERE key = $1',
        [key],
      );
      expect(stored[0].response_body).not.toContain(first.body.apiKey);
      expect(JSON.parse(stored[0].response_body)).not.toHaveProperty('apiKey');
    });
  });

  describe('errors (rule 9)', () => {
    it('an error after the claim leaves no row and no writes, and the same key then succeeds', async () => {
      const key = newKey();
      control.failNext = true;
      const failed = await post(tenant, key, { label: 'fails-once' });
      expect(failed.status).toBe(409);
      expect(failed.body.code).toBe('INVALID_STATE');
      expect(await countEffects(t.dataSource, 'fails-once')).toBe(0);
      expect(await keyRows(t, key)).toEqual([]);

      const retried = await post(tenant, key, { label: 'fails-once' });
      expect(retried.status).toBe(201);
      expect(retried.headers['x-idempotent-replayed']).toBeUndefined();
      expect(await countEffects(t.dataSource, 'fails-once')).toBe(1);
    });

    it('a validation error after the claim frees the key too', async () => {
      const key = newKey();
      await post(tenant, key, { label: 'valid', unknown: 1 }).expect(400);
      expect(await keyRows(t, key)).toEqual([]);
    });
  });

  describe('concurrency (rules 4, 6, 8)', () => {
    it('50 parallel identical requests with one key: one effect; the rest are 409 or replays; no 5xx', async () => {
      const url = await t.url();
      const key = newKey();
      const results = await Promise.all(
        Array.from({ length: 50 }, () =>
          send(
            url,
            'POST',
            '/v1/test-effects',
            { ...tenant.auth, 'Idempotency-Key': key },
            { label: 'storm' },
          ),
        ),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s >= 500)).toEqual([]);
      const fresh = results.filter(
        (r) => r.status === 201 && r.headers.get('x-idempotent-replayed') === null,
      );
      const replays = results.filter(
        (r) => r.status === 201 && r.headers.get('x-idempotent-replayed') === 'true',
      );
      const inProgress = results.filter((r) => r.status === 409);
      expect(fresh).toHaveLength(1);
      expect(replays.length + inProgress.length).toBe(49);
      for (const r of inProgress) {
        expect(r.body.code).toBe('IDEMPOTENCY_REQUEST_IN_PROGRESS');
        expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      }
      for (const r of replays) expect(r.body).toEqual(fresh[0].body);
      expect(await countEffects(t.dataSource, 'storm')).toBe(1);
    });

    it('the same storm over two application instances sharing the database: one effect', async () => {
      const second = await createTestApp({
        shareWith: t,
        controllers: [EffectsController],
        providers: [EffectsControl],
      });
      try {
        const urls = [await t.url(), await second.url()];
        const key = newKey();
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            send(
              urls[i % 2],
              'POST',
              '/v1/test-effects',
              { ...tenant.auth, 'Idempotency-Key': key },
              { label: 'two-instances' },
            ),
          ),
        );
        expect(results.filter((r) => r.status >= 500)).toEqual([]);
        expect(
          results.filter(
            (r) => r.status === 201 && r.headers.get('x-idempotent-replayed') === null,
          ),
        ).toHaveLength(1);
        expect(results.every((r) => r.status === 201 || r.status === 409)).toBe(true);
        expect(await countEffects(t.dataSource, 'two-instances')).toBe(1);
      } finally {
        await second.close();
      }
    });

    it('a slow request: 409 with Retry-After while it holds the lease; after the lease a retry takes over; the slow one is rolled back', async () => {
      const metrics = t.app.get(MetricsService);
      const before = await metrics.idempotencyCounts();
      const url = await t.url();
      const key = newKey();
      const headers = { ...tenant.auth, 'Idempotency-Key': key };
      const held = control.holdNext();
      const slow = send(url, 'POST', '/v1/test-effects', headers, { label: 'slow' });
      await held.entered;

      const busy = await send(url, 'POST', '/v1/test-effects', headers, { label: 'slow' });
      expect(busy.status).toBe(409);
      expect(busy.body.code).toBe('IDEMPOTENCY_REQUEST_IN_PROGRESS');
      const retryAfter = Number(busy.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(2);

      const mismatch = await send(url, 'POST', '/v1/test-effects', headers, { label: 'other' });
      expect(mismatch.status).toBe(422);

      await sleep(2200); // the lease (IDEMPOTENCY_LOCK_SECONDS=2) runs out
      const takeover = await send(url, 'POST', '/v1/test-effects', headers, { label: 'slow' });
      expect(takeover.status).toBe(201);
      expect(takeover.headers.get('x-idempotent-replayed')).toBeNull();

      held.release();
      const late = await slow;
      expect(late.status).toBe(409);
      expect(late.body.code).toBe('IDEMPOTENCY_REQUEST_IN_PROGRESS');

      expect(await countEffects(t.dataSource, 'slow')).toBe(1);
      const replay = await send(url, 'POST', '/v1/test-effects', headers, { label: 'slow' });
      expect(replay.status).toBe(201);
      expect(replay.headers.get('x-idempotent-replayed')).toBe('true');
      expect(replay.body).toEqual(takeover.body);

      const after = await metrics.idempotencyCounts();
      const delta = (name: string) => (after[name] ?? 0) - (before[name] ?? 0);
      expect(delta('takeover')).toBe(1);
      expect(delta('lease_lost')).toBe(1);
      expect(delta('in_progress')).toBe(1);
      expect(delta('mismatch')).toBe(1);
      expect(delta('replay')).toBe(1);
    });
  });

  describe('GET /v1/idempotency-keys/:key', () => {
    it('shows a completed key to its tenant only', async () => {
      const key = newKey();
      await post(tenant, key, { label: 'lookup' }).expect(201);
      const res = await t
        .http()
        .get(`/v1/idempotency-keys/${key.toUpperCase()}`)
        .set(tenant.auth)
        .expect(200);
      expect(res.body).toEqual({
        key,
        status: 'completed',
        method: 'POST',
        path: '/v1/test-effects',
        responseStatus: 201,
        createdAt: expect.any(String),
        expiresAt: expect.any(String),
      });
      expect(new Date(res.body.expiresAt).getTime()).toBeGreaterThan(Date.now());
      await t.http().get(`/v1/idempotency-keys/${key}`).set(other.auth).expect(404);
      await t.http().get(`/v1/idempotency-keys/${newKey()}`).set(tenant.auth).expect(404);
      await t.http().get(`/v1/idempotency-keys/not-a-key`).set(tenant.auth).expect(404);
    });

    it('shows a key in processing with a null responseStatus', async () => {
      const url = await t.url();
      const key = newKey();
      const held = control.holdNext();
      const slow = send(
        url,
        'POST',
        '/v1/test-effects',
        { ...tenant.auth, 'Idempotency-Key': key },
        { label: 'processing' },
      );
      await held.entered;
      const res = await t.http().get(`/v1/idempotency-keys/${key}`).set(tenant.auth).expect(200);
      expect(res.body).toMatchObject({ status: 'processing', responseStatus: null });
      held.release();
      expect((await slow).status).toBe(201);
    });
  });
});

describe('idempotency expiry (rule 10)', () => {
  let t: TestApp;
  let tenant: TestTenant;

  beforeAll(async () => {
    t = await createTestApp({
      controllers: [EffectsController],
      providers: [EffectsControl],
      env: {
        IDEMPOTENCY_TTL_SECONDS: '1',
        IDEMPOTENCY_LOCK_SECONDS: '1',
        IDEMPOTENCY_CLEANUP_INTERVAL_SECONDS: '1',
      },
    });
    await createEffectsTable(t.dataSource);
    tenant = await createTenant(t);
  });

  afterAll(async () => {
    await t.close();
  });

  it('an expired key counts as new, even with another body', async () => {
    const key = newKey();
    const post = (label: string) =>
      t
        .http()
        .post('/v1/test-effects')
        .set(tenant.auth)
        .set('Idempotency-Key', key)
        .send({ label });
    await post('expiring').expect(201);
    await t.dataSource.query(
      "UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = $1",
      [key],
    );
    await t.http().get(`/v1/idempotency-keys/${key}`).set(tenant.auth).expect(404);
    const again = await post('expiring-2');
    expect(again.status).toBe(201);
    expect(again.headers['x-idempotent-replayed']).toBeUndefined();
    expect(await countEffects(t.dataSource, 'expiring-2')).toBe(1);
  });

  it('the cleanup job removes expired keys and keeps live ones', async () => {
    await t.dataSource.query(
      `INSERT INTO idempotency_keys (tenant_id, key, status, fingerprint, fingerprint_version, method, path,
                                     response_status, response_body, response_headers, expires_at)
       SELECT $1, gen_random_uuid(), 'completed', repeat('0', 64), 1, 'POST', '/v1/x', 201, '{}', '{}',
              now() - interval '1 minute'
         FROM generate_series(1, 2500)`,
      [tenant.id],
    );
    const liveKey = newKey();
    await t.dataSource.query(
      `INSERT INTO idempotency_keys (tenant_id, key, status, fingerprint, fingerprint_version, method, path,
                                     response_status, response_body, response_headers, expires_at)
       VALUES ($1, $2, 'completed', repeat('0', 64), 1, 'POST', '/v1/x', 201, '{}', '{}', now() + interval '1 hour')`,
      [tenant.id, liveKey],
    );
    const deadline = Date.now() + 20000;
    let expired = -1;
    while (Date.now() < deadline) {
      const rows = await t.dataSource.query(
        'SELECT count(*)::int AS n FROM idempotency_keys WHERE expires_at <= now()',
      );
      expired = rows[0].n;
      if (expired === 0) break;
      await sleep(250);
    }
    expect(expired).toBe(0);
    const live = await t.dataSource.query(
      'SELECT count(*)::int AS n FROM idempotency_keys WHERE key = $1',
      [liveKey],
    );
    expect(live[0].n).toBe(1);
  });
});
