/**
 * `npm run drill`: failure drills of issue 6. Real processes, real failures, then row counts.
 * Uses its own PostgreSQL cluster (initdb into a scratch folder, spare port) and its own Redis
 * (spare port), so it can kill and restart them; never the shared ones on 5432 and 6379.
 *
 *   1. duplicate storm over two instances (two ports, one database, one Redis)
 *   2. kill -9 of the service with purchases in flight; restart; retry every key after the lease
 *   3. Redis killed while webhooks arrive; Redis back
 *   4. PostgreSQL restarted under light load
 *   5. the provider boundary: faults at each phase of purchases and refunds, kill -9 mid-phase
 *      (drills/provider-boundary.ts)
 *
 * `--short` (or DRILL_SCALE=small) runs smaller counts, for CI. Exits 1 when any check fails.
 */
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import {
  createTenant,
  createTicketTypes,
  get,
  HttpResult,
  paymentEvent,
  pool,
  post,
  postWebhook,
  Tenant,
  WEBHOOK_SECRET,
} from '../bench/lib/api';
import {
  cleanupAll,
  PgCluster,
  RedisServer,
  scratchDir,
  ServiceProcess,
  sleep,
  waitFor,
} from '../bench/lib/procs';
import { providerBoundaryDrill } from './provider-boundary';

const ROOT = resolve(__dirname, '..');
const SHORT = process.argv.includes('--short') || process.env.DRILL_SCALE === 'small';
const SCALE = SHORT
  ? { stormRequests: 400, stormKeys: 20, killPurchases: 30, webhooks: 10, pgLoadRps: 10 }
  : { stormRequests: 2000, stormKeys: 100, killPurchases: 100, webhooks: 20, pgLoadRps: 20 };

interface Check {
  drill: string;
  check: string;
  expected: string;
  actual: string;
  ok: boolean;
}

const checks: Check[] = [];
const notes: string[] = [];

function check(
  drill: string,
  name: string,
  expected: unknown,
  actual: unknown,
  ok?: boolean,
): void {
  const passed = ok ?? String(expected) === String(actual);
  checks.push({
    drill,
    check: name,
    expected: String(expected),
    actual: String(actual),
    ok: passed,
  });
  log(
    `${passed ? 'ok  ' : 'FAIL'} ${drill}: ${name}: expected ${String(expected)}, got ${String(actual)}`,
  );
}

function log(message: string): void {
  process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

let cluster: PgCluster;
let redis: RedisServer;
let logDir: string;

function env(database: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: cluster.url(database),
    REDIS_URL: redis.url,
    QUEUE_PREFIX: database,
    PAYMENT_WEBHOOK_SECRET: WEBHOOK_SECRET,
    LOG_LEVEL: 'warn',
    RESERVATION_SWEEP_INTERVAL_SECONDS: '2',
    ...extra,
  };
}

async function service(name: string, vars: Record<string, string>, port?: number) {
  const instance = await ServiceProcess.create({
    name,
    entry: join(ROOT, 'dist/src/main.js'),
    logDir,
    env: port === undefined ? vars : { ...vars, PORT: String(port) },
  });
  await instance.start();
  return instance;
}

async function connect(database: string): Promise<Client> {
  const db = new Client({ connectionString: cluster.url(database), application_name: 'drill' });
  db.on('error', () => undefined);
  await db.connect();
  return db;
}

async function scalar(db: Client, text: string, params: unknown[] = []): Promise<number> {
  const { rows } = await db.query(text, params);
  return Number(Object.values(rows[0] as Record<string, unknown>)[0]);
}

/** Sends one request with one key until it gets a final answer; 409 in progress and 5xx retry. */
async function settle(
  baseUrl: string,
  token: string,
  path: string,
  body: unknown,
  key: string,
  maxAttempts = 60,
): Promise<HttpResult & { attempts: number }> {
  let last: HttpResult | undefined;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    try {
      last = await post(baseUrl, path, token, body, key, 10000);
      if (last.status < 300 || (last.status >= 400 && last.status < 500 && last.status !== 409)) {
        return { ...last, attempts: attempt };
      }
      const retryAfter = Number(last.headers.get('retry-after') ?? '1');
      await sleep(last.status === 409 ? Math.max(1, retryAfter) * 1000 : 500);
    } catch {
      await sleep(500);
    }
  }
  throw new Error(`key ${key} did not settle after ${maxAttempts} attempts: ${last?.status}`);
}

// ---------------------------------------------------------------------------------------------
async function stormDrill(): Promise<void> {
  const drill = 'storm';
  const vars = env('drill_storm');
  const a = await service('storm-a', vars);
  const b = await service('storm-b', vars);
  const db = await connect('drill_storm');
  try {
    const tenant = await createTenant(a.url, 'storm');
    const types = await createTicketTypes(a.url, tenant.apiKey, 4, 100000);
    const keys = Array.from({ length: SCALE.stormKeys }, (_, i) => ({
      key: randomUUID(),
      body: { ticketTypeId: types[i % types.length], quantity: 1 },
    }));
    const perKey = SCALE.stormRequests / SCALE.stormKeys;
    const requests = keys.flatMap((k) => Array.from({ length: perKey }, () => k));
    for (let i = requests.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [requests[i], requests[j]] = [requests[j], requests[i]];
    }
    log(`storm: ${requests.length} requests over ${keys.length} keys, two instances`);
    const started = Date.now();
    const results = await pool(requests, 64, async (r, i) => {
      const target = i % 2 === 0 ? a.url : b.url;
      try {
        const res = await post<{ id?: string }>(
          target,
          '/v1/reservations',
          tenant.apiKey,
          r.body,
          r.key,
        );
        return {
          key: r.key,
          status: res.status,
          id: res.body.id,
          replayed: res.headers.get('x-idempotent-replayed'),
        };
      } catch (error) {
        return { key: r.key, status: 0, id: undefined, replayed: null, error: String(error) };
      }
    });
    notes.push(
      `storm: ${results.length} requests in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    const byStatus: Record<string, number> = {};
    for (const r of results) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
    const firsts = results.filter((r) => r.status === 201 && r.replayed === null).length;
    notes.push(`storm statuses: ${JSON.stringify(byStatus)}; 201 without replay header: ${firsts}`);
    const unexpected = results.filter((r) => r.status !== 201 && r.status !== 409).length;
    check(drill, 'answers other than 201 or 409 IN_PROGRESS', 0, unexpected);
    check(drill, 'first (non-replayed) 201s', keys.length, firsts);
    const ids = new Map<string, Set<string>>();
    for (const r of results) {
      if (r.status === 201 && r.id !== undefined) {
        if (!ids.has(r.key)) ids.set(r.key, new Set());
        ids.get(r.key)!.add(r.id);
      }
    }
    const split = [...ids.values()].filter((s) => s.size > 1).length;
    check(drill, 'keys whose 201s name different reservations', 0, split);

    // Afterwards every key replays its one reservation, from either instance.
    const finals = await pool(keys, 16, async (k, i) =>
      post<{ id: string }>(
        i % 2 === 0 ? b.url : a.url,
        '/v1/reservations',
        tenant.apiKey,
        k.body,
        k.key,
      ),
    );
    const replayedOk = finals.filter(
      (f, i) =>
        f.status === 201 &&
        f.headers.get('x-idempotent-replayed') === 'true' &&
        (ids.get(keys[i].key)?.has(f.body.id) ?? true),
    ).length;
    check(drill, 'keys replayed afterwards with the same reservation', keys.length, replayedOk);
    check(
      drill,
      'reservations (effects)',
      keys.length,
      await scalar(db, 'SELECT count(*) FROM reservations'),
    );
    check(
      drill,
      'seats reserved over all ticket types',
      keys.length,
      await scalar(db, 'SELECT sum(reserved) FROM ticket_types'),
    );
    check(
      drill,
      'completed idempotency keys of POST /v1/reservations',
      keys.length,
      await scalar(
        db,
        `SELECT count(*) FROM idempotency_keys
          WHERE tenant_id = $1 AND path = '/v1/reservations' AND status = 'completed'`,
        [tenant.id],
      ),
    );
  } finally {
    await db.end();
    await a.stop();
    await b.stop();
  }
}

// ---------------------------------------------------------------------------------------------
async function killDrill(): Promise<void> {
  const drill = 'kill -9';
  const lockSeconds = 3;
  const vars = env('drill_kill', {
    IDEMPOTENCY_LOCK_SECONDS: String(lockSeconds),
    PAYMENT_WINDOW_SECONDS: '20',
    PAYMENT_SIMULATOR_DELAY_MS: '100',
  });
  let instance = await service('kill', vars);
  const port = instance.port;
  const db = await connect('drill_kill');
  const quantity = 2;
  const capacity = 1000;
  try {
    const tenant = await createTenant(instance.url, 'kill');
    const [typeId] = await createTicketTypes(instance.url, tenant.apiKey, 1, capacity);
    const purchases = Array.from({ length: SCALE.killPurchases }, (_, i) => ({
      key: randomUUID(),
      body: {
        ticketTypeId: typeId,
        quantity,
        customerEmail: `buyer${i}@example.com`,
        paymentMethod: 'pm_card_visa',
      },
    }));
    let answered = 0;
    const inFlight = purchases.map((p) =>
      post(instance.url, '/v1/purchases', tenant.apiKey, p.body, p.key, 20000).then(
        (res) => {
          answered++;
          return res.status;
        },
        () => 0,
      ),
    );
    await waitFor('the first answers', async () => answered >= 3, 20000, 5);
    await instance.kill9();
    const statuses = await Promise.all(inFlight);
    const before = statuses.filter((s) => s === 201).length;
    const cut = statuses.filter((s) => s === 0).length;
    notes.push(
      `kill -9: ${before} purchases answered 201 before the kill, ${cut} cut off in flight, ${statuses.length - before - cut} other`,
    );
    check(drill, 'purchases cut off in flight by the kill', `> 0`, cut, cut > 0);
    const orphanHolds = await scalar(
      db,
      `SELECT count(*) FROM reservations r WHERE status = 'active'
          AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.reservation_id = r.id)`,
    );
    notes.push(`kill -9: holds committed without an order (their purchase died): ${orphanHolds}`);

    instance = await service('kill-restarted', vars, port);
    await sleep((lockSeconds + 1) * 1000);
    const settled = await pool(purchases, 16, (p) =>
      settle(instance.url, tenant.apiKey, '/v1/purchases', p.body, p.key),
    );
    check(
      drill,
      'retries answered 201',
      purchases.length,
      settled.filter((s) => s.status === 201).length,
    );
    const n = purchases.length;
    check(drill, 'orders', n, await scalar(db, 'SELECT count(*) FROM orders'));
    check(
      drill,
      'keys with other than one order',
      0,
      await scalar(
        db,
        `SELECT count(*) FROM (SELECT idempotency_key FROM orders GROUP BY 1 HAVING count(*) <> 1) x`,
      ),
    );
    check(
      drill,
      'orders with more than one payment',
      0,
      await scalar(
        db,
        `SELECT count(*) FROM (SELECT order_id FROM payments GROUP BY 1 HAVING count(*) > 1) x`,
      ),
    );
    check(
      drill,
      'orders with more than one provider payment',
      0,
      await scalar(
        db,
        `SELECT count(*) FROM payments p
          WHERE (SELECT count(*) FROM simulated_provider_payments s
                  WHERE s.idempotency_key = p.provider_idempotency_key) > 1`,
      ),
    );
    const providerPayments = await scalar(db, 'SELECT count(*) FROM simulated_provider_payments');
    check(
      drill,
      'provider payments (at most one per key)',
      `<= ${n}`,
      providerPayments,
      providerPayments <= n,
    );
    check(
      drill,
      'provider payments that belong to no order',
      0,
      await scalar(
        db,
        `SELECT count(*) FROM simulated_provider_payments s
          WHERE NOT EXISTS (SELECT 1 FROM payments p WHERE p.provider_idempotency_key = s.idempotency_key)`,
      ),
    );
    await waitFor(
      'every order paid',
      async () => (await scalar(db, `SELECT count(*) FROM orders WHERE status = 'paid'`)) === n,
      60000,
      250,
    ).catch(() => undefined);
    check(
      drill,
      'orders paid',
      n,
      await scalar(db, `SELECT count(*) FROM orders WHERE status = 'paid'`),
    );
    check(drill, 'tickets issued', n * quantity, await scalar(db, 'SELECT count(*) FROM tickets'));
    // Holds whose purchase died with the process committed on their own (by design); they last
    // IDEMPOTENCY_LOCK_SECONDS until a purchase extends them, and the sweep (every 2 s) frees them.
    await waitFor(
      'orphan holds released',
      async () =>
        (await scalar(db, `SELECT count(*) FROM reservations WHERE status = 'active'`)) === 0,
      60000,
      500,
    ).catch(() => undefined);
    const { rows } = await db.query(
      `SELECT capacity, available, reserved, sold FROM ticket_types WHERE id = $1`,
      [typeId],
    );
    const t = rows[0] as { capacity: number; available: number; reserved: number; sold: number };
    check(
      drill,
      'available + reserved + sold = capacity',
      capacity,
      t.available + t.reserved + t.sold,
    );
    check(drill, 'sold = paid seats', n * quantity, t.sold);
    check(drill, 'reserved once orphan holds expired', 0, t.reserved);
    check(
      drill,
      'sold = seats of converted reservations',
      t.sold,
      await scalar(
        db,
        `SELECT coalesce(sum(quantity), 0) FROM reservations WHERE status = 'converted'`,
      ),
    );
  } finally {
    await db.end();
    await instance.stop();
  }
}

// ---------------------------------------------------------------------------------------------
async function redisDrill(): Promise<void> {
  const drill = 'redis down';
  const instance = await service('redis', env('drill_redis'));
  const db = await connect('drill_redis');
  try {
    const tenant: Tenant = await createTenant(instance.url, 'redis');
    const [typeId] = await createTicketTypes(instance.url, tenant.apiKey, 1, 1000);
    // Payments that stay pending at the provider and send nothing: the drill sends their events.
    await pool(Array.from({ length: SCALE.webhooks }), 8, async (_, i) => {
      const res = await post(instance.url, '/v1/purchases', tenant.apiKey, {
        ticketTypeId: typeId,
        quantity: 1,
        customerEmail: `redis${i}@example.com`,
        paymentMethod: 'pm_card_authenticationRequired',
      });
      if (res.status !== 201)
        throw new Error(`purchase: ${res.status} ${JSON.stringify(res.body)}`);
    });
    const { rows } = await db.query(
      `SELECT provider_payment_id AS id, amount_cents AS amount, currency FROM payments`,
    );
    const payments = rows as Array<{ id: string; amount: string; currency: string }>;

    await redis.kill();
    await waitFor(
      '/health to report Redis down',
      async () => (await fetch(`${instance.url}/health`)).status === 503,
      15000,
    );
    const events = payments.map((p) => paymentEvent(p.id, Number(p.amount), p.currency));
    const t0 = Date.now();
    const answers = await Promise.all(events.map((e) => postWebhook(instance.url, e)));
    const ackMs = Date.now() - t0;
    const duplicates = await Promise.all(events.map((e) => postWebhook(instance.url, e)));
    notes.push(`redis down: ${events.length} webhooks answered in ${ackMs} ms (all at once)`);
    check(
      drill,
      'webhooks answered 200 while Redis is down',
      events.length,
      answers.filter((a) => a.status === 200 && a.body.duplicate === false).length,
    );
    check(
      drill,
      'second copies answered 200 duplicate',
      events.length,
      duplicates.filter((a) => a.status === 200 && a.body.duplicate === true).length,
    );
    check(
      drill,
      'events stored',
      events.length,
      await scalar(db, 'SELECT count(*) FROM webhook_events'),
    );
    await sleep(2000);
    check(
      drill,
      'events processed while Redis is down',
      0,
      await scalar(db, `SELECT count(*) FROM webhook_events WHERE status = 'processed'`),
    );

    const down = Date.now();
    await redis.start();
    await waitFor(
      'every event processed',
      async () =>
        (await scalar(db, `SELECT count(*) FROM webhook_events WHERE status = 'processed'`)) ===
        events.length,
      60000,
      250,
    ).catch(() => undefined);
    notes.push(
      `redis down: all events processed ${((Date.now() - down) / 1000).toFixed(1)} s after Redis came back`,
    );
    check(
      drill,
      'events processed after Redis is back',
      events.length,
      await scalar(db, `SELECT count(*) FROM webhook_events WHERE status = 'processed'`),
    );
    check(
      drill,
      'orders paid',
      events.length,
      await scalar(db, `SELECT count(*) FROM orders WHERE status = 'paid'`),
    );
    check(drill, 'tickets issued', events.length, await scalar(db, 'SELECT count(*) FROM tickets'));
  } finally {
    await db.end();
    await instance.stop();
    if (!redis.ping()) await redis.start();
  }
}

// ---------------------------------------------------------------------------------------------
async function postgresDrill(): Promise<void> {
  const drill = 'postgres restart';
  const instance = await service('postgres', env('drill_pg', { IDEMPOTENCY_LOCK_SECONDS: '5' }));
  const db0 = await connect('drill_pg');
  const tenant = await createTenant(instance.url, 'pg');
  const [typeId] = await createTicketTypes(instance.url, tenant.apiKey, 1, 100000);
  await db0.end();

  const health: Array<{ at: number; status: number }> = [];
  let stop = false;
  const poller = (async () => {
    while (!stop) {
      const status = await fetch(`${instance.url}/health`, { signal: AbortSignal.timeout(3000) })
        .then((r) => r.status)
        .catch(() => 0);
      health.push({ at: Date.now(), status });
      await sleep(100);
    }
  })();

  interface Attempt {
    key: string;
    sentAt: number;
    status: number;
  }
  const attempts: Attempt[] = [];
  const keys: string[] = [];
  const workers: Array<Promise<void>> = [];
  const loader = (async () => {
    while (!stop) {
      const key = randomUUID();
      keys.push(key);
      workers.push(
        (async () => {
          for (let i = 0; i < 60; i++) {
            const sentAt = Date.now();
            const status = await post(
              instance.url,
              '/v1/reservations',
              tenant.apiKey,
              { ticketTypeId: typeId, quantity: 1 },
              key,
              10000,
            )
              .then((r) => r.status)
              .catch(() => 0);
            attempts.push({ key, sentAt, status });
            if (status === 201) return;
            await sleep(500);
          }
        })(),
      );
      await sleep(1000 / SCALE.pgLoadRps);
    }
  })();

  await sleep(2000);
  const stoppedAt = Date.now();
  await cluster.stop('fast');
  log('postgres: stopped');
  await sleep(3000);
  await cluster.start();
  const startedAt = Date.now();
  log('postgres: started again');
  await waitFor(
    '/health 200 again',
    async () => health.some((h) => h.at > startedAt && h.status === 200),
    30000,
  );
  const healthyAt = health.find((h) => h.at > startedAt && h.status === 200)!.at;
  await sleep(3000);
  stop = true;
  await loader;
  await poller;
  await Promise.all(workers);

  const during = attempts.filter((a) => a.sentAt >= stoppedAt && a.sentAt < startedAt);
  const byStatus = (list: Attempt[]) => {
    const counts: Record<string, number> = {};
    for (const a of list) counts[a.status] = (counts[a.status] ?? 0) + 1;
    return JSON.stringify(counts);
  };
  notes.push(
    `postgres restart: /health 200 again ${((healthyAt - startedAt) / 1000).toFixed(1)} s after the start; answers while down ${byStatus(during)}`,
  );
  check(
    drill,
    '/health 503 while PostgreSQL is down',
    '> 0',
    health.filter((h) => h.at > stoppedAt && h.at < startedAt && h.status === 503).length,
    health.some((h) => h.at > stoppedAt && h.at < startedAt && h.status === 503),
  );
  check(
    drill,
    '/health 200 after the restart',
    'yes',
    health.some((h) => h.at > startedAt && h.status === 200) ? 'yes' : 'no',
  );
  // A request sent while pg_ctl was still stopping or already starting may succeed: 201 is fine,
  // a 500 or a dropped connection is not.
  check(
    drill,
    'answers while down other than 503 or 201',
    0,
    during.filter((a) => a.status !== 503 && a.status !== 201).length,
  );
  const firstAttempt = new Map<string, Attempt>();
  for (const a of attempts) if (!firstAttempt.has(a.key)) firstAttempt.set(a.key, a);
  const fresh = [...firstAttempt.values()].filter((a) => a.sentAt > healthyAt);
  check(drill, 'new keys sent after /health is 200 again', '> 0', fresh.length, fresh.length > 0);
  check(
    drill,
    'new keys sent after recovery that failed',
    0,
    fresh.filter((a) => a.status !== 201).length,
  );
  // Retries of keys first sent before or during the outage. A key whose claim committed but whose
  // release could not run (PostgreSQL went away mid-request) stays `processing` until its lease
  // ends (IDEMPOTENCY_LOCK_SECONDS), so its retries get 409 IN_PROGRESS until then.
  const retries = attempts.filter((a) => a.sentAt > healthyAt && firstAttempt.get(a.key) !== a);
  notes.push(`postgres restart: retries of older keys after recovery ${byStatus(retries)}`);
  check(
    drill,
    'retries after recovery other than 201 or 409 IN_PROGRESS',
    0,
    retries.filter((a) => a.status !== 201 && a.status !== 409).length,
  );
  const succeeded = new Set(attempts.filter((a) => a.status === 201).map((a) => a.key));
  check(drill, 'keys that succeeded in the end', keys.length, succeeded.size);
  const db = await connect('drill_pg');
  try {
    check(
      drill,
      'reservations (one per key)',
      keys.length,
      await scalar(db, 'SELECT count(*) FROM reservations'),
    );
    check(
      drill,
      'seats reserved',
      keys.length,
      await scalar(db, 'SELECT reserved FROM ticket_types WHERE id = $1', [typeId]),
    );
  } finally {
    await db.end();
    await instance.stop();
  }
}

// ---------------------------------------------------------------------------------------------
async function main(): Promise<void> {
  const started = Date.now();
  logDir = scratchDir('ts-drill-logs');
  cluster = await PgCluster.create('ts-drill-pg');
  redis = await RedisServer.create('ts-drill-redis');
  log(
    `drills${SHORT ? ' (short)' : ''}: PostgreSQL on ${cluster.port}, Redis on ${redis.port}, logs in ${logDir}`,
  );
  const drills: Array<[string, () => Promise<void>]> = [
    ['storm', stormDrill],
    ['kill -9', killDrill],
    ['redis down', redisDrill],
    ['postgres restart', postgresDrill],
    [
      'provider boundary',
      () =>
        providerBoundaryDrill({
          short: SHORT,
          check,
          note: (text) => notes.push(text),
          env,
          service,
          connect,
          scalar,
          settle,
        }),
    ],
  ];
  for (const [name, run] of drills) {
    const t0 = Date.now();
    log(`--- ${name}`);
    try {
      await run();
    } catch (error) {
      check(
        name,
        'drill ran to the end',
        'yes',
        error instanceof Error ? error.message : String(error),
        false,
      );
    }
    notes.push(`${name}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  print((Date.now() - started) / 1000);
}

function print(seconds: number): void {
  const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
  const lines = [
    '',
    `ticket-service failure drills${SHORT ? ' (short)' : ''}, ${new Date().toISOString()}, ${seconds.toFixed(0)} s`,
    '',
    `${pad('drill', 17)} ${pad('check', 52)} ${pad('expected', 9)} ${pad('actual', 9)} ok`,
    ...checks.map(
      (c) =>
        `${pad(c.drill, 17)} ${pad(c.check, 52)} ${pad(c.expected, 9)} ${pad(c.actual, 9)} ${c.ok ? 'yes' : 'NO'}`,
    ),
    '',
    ...notes.map((n) => `  ${n}`),
    '',
    checks.every((c) => c.ok)
      ? `all ${checks.length} checks passed`
      : `${checks.filter((c) => !c.ok).length} of ${checks.length} checks FAILED`,
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

main()
  .then(() => {
    cleanupAll();
    process.exit(checks.length > 0 && checks.every((c) => c.ok) ? 0 : 1);
  })
  .catch((error: unknown) => {
    process.stderr.write(
      `drill failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    cleanupAll();
    process.exit(1);
  });
