/**
 * `npm run bench`: the benchmark of issue 6 (compiled with bench/tsconfig.json into dist-bench/). Starts its own PostgreSQL cluster and Redis (spare
 * ports, scratch folders), the built service (dist/src/main.js) with and without the idempotency
 * layer, and bench-only servers (bench/server.ts) for the peer library and the webhook processors;
 * drives them with autocannon; prints one table and writes bench/results/bench-<time>.json.
 *
 * Every target is a ratio of two measurements taken in this run on this machine; absolute figures
 * on a shared 2-core machine are noise. Options:
 *   --quick            short windows and 100,000 instead of 1,000,000 keys (a smoke run, ~3 min)
 *   --url URL          reuse a running service: only the replay and hot-spot scenarios run (the
 *                      others need instances and a database the benchmark owns)
 *   --cpu-prof         write a V8 CPU profile of the main instance to bench/results/profiles/
 *   BENCH_SECONDS=N    length of each saturation window (default 8)
 *   BENCH_ONLY=core    only the fresh / bypassed / replay rounds (quick A/B of a service change)
 *   BENCH_SERVICE_ENTRY=path/to/main.js   another build of the service (e.g. a worktree's)
 *   BENCH_KEYS=N       stored / expired keys of the table-size scenarios (default 1000000)
 */
import Queue from 'bull';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { JOBS, QUEUES } from '../src/queues/queue-names';
import { redisOptionsFromUrl } from '../src/queues/redis-options';
import {
  createTenant,
  createTicketTypes,
  paymentEvent,
  pool,
  post,
  stripeSignature,
  WEBHOOK_SECRET,
} from './lib/api';
import { clusterCpuMs, processCpuMs } from './lib/cpu';
import { LoadOptions, LoadResult, runLoad, tenantPost } from './lib/load';
import {
  cleanupAll,
  PgCluster,
  RedisServer,
  scratchDir,
  ServiceProcess,
  sleep,
  waitFor,
} from './lib/procs';

// Run compiled (dist-bench/bench/run.js, as `npm run bench` does) or through ts-node.
const COMPILED = __filename.endsWith('.js');
const SERVER = join(__dirname, COMPILED ? 'server.js' : 'server.ts');
const ROOT = (() => {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) dir = resolve(dir, '..');
  return dir;
})();
const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
const CPU_PROF = args.includes('--cpu-prof');
const REUSE_URL = (() => {
  const i = args.indexOf('--url');
  return i >= 0 ? args[i + 1] : undefined;
})();
const SECONDS = Number(process.env.BENCH_SECONDS ?? (QUICK ? 3 : 8));
const KEYS = Number(process.env.BENCH_KEYS ?? (QUICK ? 100_000 : 1_000_000));
const SMALL_KEYS = 10_000;
const CONNECTIONS = 16;
const ROUNDS = QUICK ? 1 : 2;
const WEBHOOK_ROUNDS = QUICK ? 1 : 3;
const ONLY_CORE = process.env.BENCH_ONLY === 'core';
const HOT_ROUNDS = QUICK ? 1 : 3;
const BIG_CAPACITY = 1_000_000;

interface Row {
  scenario: string;
  result: LoadResult;
  note?: string;
}

interface Target {
  name: string;
  measured: number;
  goal: string;
  met: boolean;
  detail: string;
}

const rows: Row[] = [];
const targets: Target[] = [];
const extra: Record<string, unknown> = {};

function log(message: string): void {
  process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

const median = (values: number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function record(scenario: string, result: LoadResult, note?: string): LoadResult {
  rows.push({ scenario, result, note });
  const codes = Object.entries(result.status)
    .map(([c, n]) => `${c}:${n}`)
    .join(' ');
  log(
    `${scenario}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms [${codes}${result.errors ? ` errors:${result.errors}` : ''}]`,
  );
  return result;
}

function target(name: string, measured: number, goal: string, met: boolean, detail: string): void {
  targets.push({ name, measured, goal, met, detail });
}

/** Fresh reservations spread over many ticket types: a new key per request. */
function freshReservations(apiKey: string, types: string[]): () => ReturnType<typeof tenantPost> {
  let i = 0;
  return () =>
    tenantPost('/v1/reservations', apiKey, randomUUID(), {
      ticketTypeId: types[i++ % types.length],
      quantity: 1,
    });
}

const pidByUrl = new Map<string, number>();
let clusterDataDir: string | undefined;
let redisPid: number | undefined;

/** runLoad, plus CPU ms per request of the target service and of PostgreSQL (from /proc). */
async function load(options: LoadOptions): Promise<LoadResult> {
  const pid = pidByUrl.get(options.url);
  const service0 = pid !== undefined ? processCpuMs(pid) : NaN;
  const postgres0 = clusterDataDir !== undefined ? clusterCpuMs(clusterDataDir) : NaN;
  const redis0 = redisPid !== undefined ? processCpuMs(redisPid) : NaN;
  const result = await runLoad(options);
  if (pid !== undefined && clusterDataDir !== undefined && result.requests > 0) {
    result.cpu = {
      service: (processCpuMs(pid) - service0) / result.requests,
      postgres: (clusterCpuMs(clusterDataDir) - postgres0) / result.requests,
      redis: redisPid !== undefined ? (processCpuMs(redisPid) - redis0) / result.requests : NaN,
    };
  }
  return result;
}

async function saturate(url: string, next: () => ReturnType<typeof tenantPost>, seconds = SECONDS) {
  return load({ url, connections: CONNECTIONS, duration: seconds, next });
}

async function sql<T = Record<string, unknown>>(db: Client, text: string, params: unknown[] = []) {
  return (await db.query(text, params)).rows as T[];
}

async function main(): Promise<void> {
  const started = Date.now();
  const logDir = scratchDir('ts-bench-logs');
  const machine = {
    date: new Date().toISOString(),
    cpus: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown'}`,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
  log(`machine: ${machine.cpus}, ${machine.memoryGb} GB, Node ${machine.node}`);

  let ours: string;
  let bypass: string | undefined;
  let db: Client | undefined;
  let cluster: PgCluster | undefined;
  let redis: RedisServer | undefined;
  const queuePrefix = 'bench';
  let databaseUrl = '';
  const services: ServiceProcess[] = [];

  const baseEnv = (): Record<string, string> => ({
    DATABASE_URL: databaseUrl,
    REDIS_URL: redis!.url,
    QUEUE_PREFIX: queuePrefix,
    PAYMENT_WEBHOOK_SECRET: WEBHOOK_SECRET,
    IDEMPOTENCY_CLEANUP_INTERVAL_SECONDS: '86400',
    RESERVATION_TTL_SECONDS: '86400',
  });
  const startService = async (
    name: string,
    env: Record<string, string>,
    entry = process.env.BENCH_SERVICE_ENTRY ?? join(ROOT, 'dist/src/main.js'),
    ts = false,
    nodeArgs: string[] = [],
  ): Promise<ServiceProcess> => {
    const service = await ServiceProcess.create({
      name,
      entry,
      ts,
      nodeArgs,
      logDir,
      env: { ...baseEnv(), ...env },
    });
    await service.start();
    services.push(service);
    if (service.pid !== undefined) pidByUrl.set(service.url, service.pid);
    log(`${name} up on ${service.url}`);
    return service;
  };

  if (REUSE_URL !== undefined) {
    ours = REUSE_URL;
    log(`reusing the service at ${ours}: replay and hot-spot scenarios only`);
  } else {
    cluster = await PgCluster.create('ts-bench-pg', {
      shared_preload_libraries: "'pg_stat_statements'",
    });
    redis = await RedisServer.create('ts-bench-redis');
    clusterDataDir = cluster.dataDir;
    redisPid = redis.pid;
    databaseUrl = cluster.url('ticket_service_bench');
    log(`PostgreSQL on ${cluster.port} (${cluster.dir}), Redis on ${redis.port}`);
    const profileDir = join(ROOT, 'bench/results/profiles');
    ours = (
      await startService(
        'ours',
        {},
        undefined,
        false,
        CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
      )
    ).url;
    bypass = (await startService('bypass', { BENCH_BYPASS_IDEMPOTENCY: 'true' })).url;
    db = new Client({ connectionString: databaseUrl, application_name: 'bench' });
    await db.connect();
    await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    const [version] = await sql<{ v: string }>(db, `SELECT current_setting('server_version') AS v`);
    Object.assign(machine, { postgres: version.v });
  }

  const tenant = await createTenant(ours, `bench ${randomUUID().slice(0, 8)}`);
  const spread = await createTicketTypes(ours, tenant.apiKey, 64, BIG_CAPACITY);
  log(`tenant ${tenant.id} with ${spread.length} ticket types`);

  // Warm-up: JIT, pools, caches.
  await saturate(ours, freshReservations(tenant.apiKey, spread), 3);
  if (bypass !== undefined) await saturate(bypass, freshReservations(tenant.apiKey, spread), 3);

  // Replays: keys completed once, then sent again, round robin.
  const replayKeys = Array.from({ length: 2000 }, (_, i) => ({
    key: randomUUID(),
    body: { ticketTypeId: spread[i % spread.length], quantity: 1 },
  }));
  const reservationIds = await pool(replayKeys, 16, async ({ key, body }) => {
    const res = await post<{ id: string }>(ours, '/v1/reservations', tenant.apiKey, body, key);
    if (res.status !== 201) throw new Error(`priming a replay key: ${res.status}`);
    return res.body.id;
  });
  // The floor of any authenticated request: the guard's tenant lookup and one indexed read.
  let readIndex = 0;
  const reads = () => ({
    method: 'GET',
    path: `/v1/reservations/${reservationIds[readIndex++ % reservationIds.length]}`,
    headers: { authorization: `Bearer ${tenant.apiKey}` },
    body: '',
  });
  let replayIndex = 0;
  const replays = () => {
    const { key, body } = replayKeys[replayIndex++ % replayKeys.length];
    return tenantPost('/v1/reservations', tenant.apiKey, key, body);
  };

  // 1 and 2: fresh vs bypassed, replays vs fresh; rounds interleaved so drift hits all three.
  const fresh: number[] = [];
  const bypassed: number[] = [];
  const replayed: number[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    fresh.push(
      record(
        `fresh keys, round ${round}`,
        await saturate(ours, freshReservations(tenant.apiKey, spread)),
      ).rps,
    );
    if (bypass !== undefined) {
      bypassed.push(
        record(
          `idempotency bypassed, round ${round}`,
          await saturate(bypass, freshReservations(tenant.apiKey, spread)),
        ).rps,
      );
    }
    const replay = record(`replays, round ${round}`, await saturate(ours, replays));
    if ((replay.status['201'] ?? 0) !== replay.requests) {
      throw new Error(`replays answered other than 201: ${JSON.stringify(replay.status)}`);
    }
    replayed.push(replay.rps);
    record(`GET one reservation (floor of a request), round ${round}`, await saturate(ours, reads));
  }
  if (bypassed.length > 0) {
    const ratio = median(fresh) / median(bypassed);
    target(
      'fresh / bypassed throughput',
      ratio,
      '>= 0.8',
      ratio >= 0.8,
      `${median(fresh).toFixed(0)} vs ${median(bypassed).toFixed(0)} req/s (medians of ${ROUNDS})`,
    );
  }
  const replayRatio = median(replayed) / median(fresh);
  target(
    'replays / fresh throughput',
    replayRatio,
    '>= 3',
    replayRatio >= 3,
    `${median(replayed).toFixed(0)} vs ${median(fresh).toFixed(0)} req/s`,
  );

  if (!ONLY_CORE) await theRest();
  for (const service of services) await service.stop();
  const totalSeconds = (Date.now() - started) / 1000;
  print(machine, totalSeconds);
  const outDir = join(ROOT, 'bench/results');
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `bench-${machine.date.replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      { machine, totalSeconds, quick: QUICK, keys: KEYS, rows, targets, extra },
      null,
      2,
    ) + '\n',
  );
  log(`results written to ${file}`);

  async function theRest(): Promise<void> {
    // 4: hot spot. 2000 buyers, 500 seats of one type, 64 connections; vs 2000 spread buyers.
    const hotRps: number[] = [];
    const spreadRps: number[] = [];
    const hotWinners: number[] = [];
    for (let round = 1; round <= HOT_ROUNDS; round++) {
      const [hotType] = await createTicketTypes(ours, tenant.apiKey, 1, 500);
      const hot = record(
        `hot spot: 2000 buyers, 500 seats, round ${round}`,
        await load({
          url: ours,
          connections: 64,
          amount: 2000,
          next: freshReservations(tenant.apiKey, [hotType]),
        }),
      );
      hotRps.push(hot.rps);
      const winners = hot.status['201'] ?? 0;
      hotWinners.push(winners);
      const counters = await fetch(`${ours}/v1/ticket-types/${hotType}`, {
        headers: { Authorization: `Bearer ${tenant.apiKey}` },
      }).then((r) => r.json() as Promise<{ available: number; reserved: number; sold: number }>);
      if (winners !== 500 || counters.reserved !== 500 || counters.available !== 0) {
        throw new Error(
          `hot spot oversold or undersold: ${winners} x 201, counters ${JSON.stringify(counters)}`,
        );
      }
      spreadRps.push(
        record(
          `uncontended: 2000 buyers over 64 types, round ${round}`,
          await load({
            url: ours,
            connections: 64,
            amount: 2000,
            next: freshReservations(tenant.apiKey, spread),
          }),
        ).rps,
      );
    }
    const hotRatio = median(hotRps) / median(spreadRps);
    target(
      'hot spot: exactly 500 of 2000 succeed',
      Math.min(...hotWinners),
      '= 500',
      hotWinners.every((w) => w === 500),
      `201s per round: ${hotWinners.join(', ')}; counters checked: available 0, reserved 500`,
    );
    target(
      'hot spot / uncontended throughput',
      hotRatio,
      '>= 0.5',
      hotRatio >= 0.5,
      `${median(hotRps).toFixed(0)} vs ${median(spreadRps).toFixed(0)} req/s (medians of ${HOT_ROUNDS})`,
    );

    if (REUSE_URL === undefined && db !== undefined) {
      // 3: ours vs @node-idempotency/nestjs, both through bench/server (same build, same process set-up).
      const oursTs = await startService(
        'ours-bench-server',
        { BENCH_MODE: 'ours' },
        SERVER,
        !COMPILED,
      );
      const peer = await startService('peer', { BENCH_MODE: 'peer' }, SERVER, !COMPILED);
      await saturate(oursTs.url, freshReservations(tenant.apiKey, spread), 3);
      await saturate(peer.url, freshReservations(tenant.apiKey, spread), 3);
      const oursPeerRun: number[] = [];
      const peerRun: number[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        oursPeerRun.push(
          record(
            `ours (bench server), round ${round}`,
            await saturate(oursTs.url, freshReservations(tenant.apiKey, spread)),
          ).rps,
        );
        peerRun.push(
          record(
            `@node-idempotency/nestjs + Redis, round ${round}`,
            await saturate(peer.url, freshReservations(tenant.apiKey, spread)),
          ).rps,
        );
      }
      await oursTs.stop();
      await peer.stop();
      const peerRatio = median(oursPeerRun) / median(peerRun);
      target(
        'ours / @node-idempotency/nestjs throughput',
        peerRatio,
        '>= 1.0',
        peerRatio >= 1.0,
        `${median(oursPeerRun).toFixed(0)} vs ${median(peerRun).toFixed(0)} req/s; the peer on Redis, without tenant scope, order-insensitive fingerprints or crash safety`,
      );

      // Fixed rate for the latency scenarios: well under saturation, so latency is service time.
      const rate = Math.max(50, Math.min(400, Math.round(median(fresh) * 0.4)));
      extra.fixedRate = rate;
      log(`fixed rate for latency scenarios: ${rate} req/s`);

      // 5: webhook acknowledgement, no-op processor vs one that holds its transaction 200 ms.
      // One instance at a time (a slow worker's backlog must not run beside the other's window),
      // rounds interleaved; the p99s compared are medians over the rounds.
      const webhookP99: Record<string, number[]> = { 'webhook-noop': [], 'webhook-200ms': [] };
      const webhooks = () => {
        const payload = paymentEvent(`pi_bench_${randomUUID().replace(/-/g, '')}`, 2500, 'EUR');
        return {
          path: '/v1/webhooks/payments',
          headers: {
            'content-type': 'application/json',
            'stripe-signature': stripeSignature(payload),
          },
          body: payload,
        };
      };
      for (let round = 1; round <= WEBHOOK_ROUNDS; round++) {
        for (const mode of ['webhook-noop', 'webhook-200ms'] as const) {
          const server = await startService(
            mode,
            { BENCH_MODE: mode, QUEUE_PREFIX: `bench-${mode}-${round}` },
            SERVER,
            !COMPILED,
          );
          await load({
            url: server.url,
            connections: 8,
            duration: 3,
            overallRate: rate,
            next: webhooks,
          });
          const result = record(
            `webhook ack, ${mode === 'webhook-noop' ? 'no-op' : '200 ms'} processor, round ${round}`,
            await load({
              url: server.url,
              connections: 8,
              duration: SECONDS,
              overallRate: rate,
              next: webhooks,
            }),
            `fixed ${rate} req/s`,
          );
          if ((result.status['200'] ?? 0) !== result.requests) {
            throw new Error(`webhooks answered other than 200: ${JSON.stringify(result.status)}`);
          }
          webhookP99[mode].push(result.p99);
          const [backlog] = await sql<{ n: string }>(
            db,
            `SELECT count(*) AS n FROM webhook_events WHERE status <> 'processed'`,
          );
          extra[`${mode}.round${round}.unprocessedAtEnd`] = Number(backlog.n);
          await server.stop();
          // The 200 ms worker's backlog is left unprocessed on purpose: its instance is gone.
          await db.query(`DELETE FROM webhook_events`);
        }
      }
      const slowP99 = median(webhookP99['webhook-200ms']);
      const noopP99 = median(webhookP99['webhook-noop']);
      const webhookRatio = slowP99 / noopP99;
      target(
        'webhook ack p99, 200 ms processor / no-op',
        webhookRatio,
        '<= 1.2',
        webhookRatio <= 1.2,
        `${slowP99.toFixed(2)} vs ${noopP99.toFixed(2)} ms at ${rate} req/s (medians of ${WEBHOOK_ROUNDS})`,
      );

      // 6: claim latency with 10,000 vs KEYS stored keys.
      const claimWindow = async (label: string) => {
        await db!.query('CHECKPOINT');
        await load({
          url: ours,
          connections: 8,
          duration: 2,
          overallRate: rate,
          next: freshReservations(tenant.apiKey, spread),
        });
        await db!.query('SELECT pg_stat_statements_reset()');
        const result = record(
          label,
          await load({
            url: ours,
            connections: 8,
            duration: SECONDS + 2,
            overallRate: rate,
            next: freshReservations(tenant.apiKey, spread),
          }),
          `fixed ${rate} req/s`,
        );
        const [claim] = await sql<{ mean: number; calls: string }>(
          db!,
          `SELECT mean_exec_time AS mean, calls FROM pg_stat_statements
          WHERE query LIKE '%INSERT INTO idempotency_keys%' ORDER BY calls DESC LIMIT 1`,
        );
        return { http: result, claimMeanMs: claim?.mean ?? NaN };
      };
      const insertKeys = async (count: number, expired: boolean) => {
        const chunk = 250_000;
        for (let done = 0; done < count; done += chunk) {
          const n = Math.min(chunk, count - done);
          await db!.query(
            `INSERT INTO idempotency_keys
             (tenant_id, key, status, fingerprint, fingerprint_version, method, path,
              response_status, response_body, response_headers, created_at, completed_at, expires_at)
           SELECT $1, gen_random_uuid(), 'completed', encode(sha256(i::text::bytea), 'hex'), 1,
                  'POST', '/v1/reservations', 201,
                  '{"id":"' || gen_random_uuid() || '","ticketTypeId":"' || $2::text ||
                    '","quantity":1,"status":"active","expiresAt":"2030-01-01T00:00:00.000Z"}',
                  '{"location":"/v1/reservations/x"}'::jsonb,
                  now() - interval '2 days', now() - interval '2 days',
                  CASE WHEN $3 THEN now() - interval '1 hour' ELSE now() + interval '1 day' END
             FROM generate_series(1, $4) AS i`,
            [tenant.id, spread[0], expired, n],
          );
        }
        await db!.query('ANALYZE idempotency_keys');
      };
      const count = async (where = 'true') =>
        Number(
          (
            await sql<{ n: string }>(
              db!,
              `SELECT count(*) AS n FROM idempotency_keys WHERE ${where}`,
            )
          )[0].n,
        );

      await db.query('TRUNCATE idempotency_keys');
      await insertKeys(SMALL_KEYS, false);
      log(`idempotency_keys: ${await count()} rows`);
      const small = await claimWindow(
        `fresh keys at ${SMALL_KEYS.toLocaleString('en')} stored keys`,
      );
      let t0 = Date.now();
      await insertKeys(KEYS - (await count()), false);
      extra.insertStoredKeysSeconds = (Date.now() - t0) / 1000;
      log(
        `idempotency_keys: ${await count()} rows (inserted in ${extra.insertStoredKeysSeconds} s)`,
      );
      const large = await claimWindow(`fresh keys at ${KEYS.toLocaleString('en')} stored keys`);
      const claimRatio = large.http.p50 / small.http.p50;
      extra.claimStatementMeanMs = { small: small.claimMeanMs, large: large.claimMeanMs };
      target(
        `claim p50, ${KEYS.toLocaleString('en')} / ${SMALL_KEYS.toLocaleString('en')} keys`,
        claimRatio,
        '<= 1.2',
        claimRatio <= 1.2,
        `request p50 ${large.http.p50.toFixed(2)} vs ${small.http.p50.toFixed(2)} ms; claim statement mean ${large.claimMeanMs.toFixed(3)} vs ${small.claimMeanMs.toFixed(3)} ms (pg_stat_statements)`,
      );

      // 7: the cleanup job deleting KEYS expired keys while load runs.
      t0 = Date.now();
      await insertKeys(KEYS, true);
      log(`idempotency_keys: ${await count()} rows, ${await count('expires_at <= now()')} expired`);
      const base = await claimWindow(
        `baseline before cleanup (${KEYS.toLocaleString('en')} expired keys waiting)`,
      );
      const queue = new Queue(QUEUES.idempotencyCleanup, {
        prefix: queuePrefix,
        redis: redisOptionsFromUrl(redis!.url),
      });
      const cleanupStarted = Date.now();
      await queue.add(JOBS.idempotencyCleanup, {}, { removeOnComplete: true, removeOnFail: true });
      // The window runs from the job's start until no expired key is left.
      const during = await load({
        url: ours,
        connections: 8,
        duration: 300,
        overallRate: rate,
        next: freshReservations(tenant.apiKey, spread),
        stopWhen: async () => (await count('expires_at <= now()')) === 0,
      });
      const leftAfterWindow = await count('expires_at <= now()');
      record(
        'during cleanup',
        during,
        `fixed ${rate} req/s; window = the cleanup's run, ${during.seconds.toFixed(1)} s`,
      );
      await waitFor(
        'the cleanup to finish',
        async () => (await count('expires_at <= now()')) === 0,
        300_000,
        500,
      );
      const cleanupSeconds = (Date.now() - cleanupStarted) / 1000;
      await queue.close();
      extra.cleanup = {
        keys: KEYS,
        seconds: cleanupSeconds,
        keysPerSecond: Math.round(KEYS / cleanupSeconds),
      };
      const cleanupRatio = during.p99 / base.http.p99;
      target(
        'p99 during cleanup / before',
        cleanupRatio,
        '<= 2.0',
        cleanupRatio <= 2.0 && leftAfterWindow === 0 && during.requests >= 100,
        `${during.p99.toFixed(2)} vs ${base.http.p99.toFixed(2)} ms; cleanup of ${KEYS.toLocaleString('en')} keys took ${cleanupSeconds.toFixed(1)} s (${Math.round(KEYS / cleanupSeconds).toLocaleString('en')} keys/s), load ran throughout`,
      );
      await db.end();
    }
  }
}

function print(machine: Record<string, unknown>, totalSeconds: number): void {
  const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
  const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);
  const lines: string[] = [];
  lines.push('');
  lines.push(
    `ticket-service benchmark, ${String(machine.date)}, ${String(machine.cpus)}, Node ${String(machine.node)}, PostgreSQL ${String(machine.postgres ?? '?')}, ${totalSeconds.toFixed(0)} s`,
  );
  lines.push('');
  lines.push(
    `${pad('scenario', 62)} ${lpad('requests', 8)} ${lpad('req/s', 7)} ${lpad('p50 ms', 8)} ${lpad('p99 ms', 8)} ${lpad('svc cpu', 8)} ${lpad('pg cpu', 7)} ${lpad('redis', 6)}  statuses`,
  );
  for (const { scenario, result, note } of rows) {
    const codes = Object.entries(result.status)
      .map(([c, n]) => `${c}:${n}`)
      .join(' ');
    lines.push(
      `${pad(scenario, 62)} ${lpad(String(result.requests), 8)} ${lpad(result.rps.toFixed(0), 7)} ${lpad(result.p50.toFixed(2), 8)} ${lpad(result.p99.toFixed(2), 8)} ${lpad(result.cpu?.service.toFixed(2) ?? '', 8)} ${lpad(result.cpu?.postgres.toFixed(2) ?? '', 7)} ${lpad(result.cpu?.redis.toFixed(2) ?? '', 6)}  ${codes}${note ? `  (${note})` : ''}`,
    );
  }
  lines.push('');
  lines.push(`${pad('target', 48)} ${lpad('measured', 9)} ${pad(' goal', 9)} met`);
  for (const t of targets) {
    lines.push(
      `${pad(t.name, 48)} ${lpad(t.measured.toFixed(2), 9)} ${pad(' ' + t.goal, 9)} ${t.met ? 'yes' : 'NO '}  ${t.detail}`,
    );
  }
  lines.push('');
  process.stdout.write(lines.join('\n') + '\n');
}

main()
  .then(() => {
    cleanupAll();
    process.exit(0);
  })
  .catch((error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    cleanupAll();
    process.exit(1);
  });
