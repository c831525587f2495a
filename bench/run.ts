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
 *   BENCH_ROUNDS=N     rounds of the interleaved saturation scenarios (default 3; A/B: 5)
 *   BENCH_ONLY=onsale  only the on-sale (BENCH_ONSALE_BUYERS, BENCH_ONSALE_SEATS: 10000, 1000;
 *                      BENCH_ONSALE_ROUNDS: 3; BENCH_ONSALE_ENV=NAME=value,... for both instances)
 *   BENCH_ONLY=hostile only the hostile bodies beside normal traffic (bench/lib/hostile.ts)
 *   --soak             10 minutes (BENCH_SOAK_SECONDS) of mixed traffic at half saturation: memory
 *   BENCH_AB_ENTRY / BENCH_AB_LABEL / BENCH_AB_ENV, or BENCH_AB='[{label, entry?, env?}]'
 *                      A/B of other builds or settings against this one (floor and fresh keys)
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
import { hostile } from './lib/hostile';
import { afterGc, eventLoop, peak } from './lib/memory';
import { runBuyers } from './lib/onsale';
import { LoadOptions, LoadResult, RequestSpec, runLoad, tenantPost } from './lib/load';
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
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? (QUICK ? 1 : 3));
const WEBHOOK_ROUNDS = QUICK ? 1 : 5;
const ONLY_CORE = process.env.BENCH_ONLY === 'core';
/**
 * A/B of builds or settings against this build, rounds interleaved (floor and fresh keys):
 *   BENCH_AB_ENTRY=path/to/main.js [BENCH_AB_LABEL=name] [BENCH_AB_ENV=NAME=value,...]   one B side;
 *   BENCH_AB='[{"label":"no cache","env":{"TENANT_CACHE_SECONDS":"0"}},{"label":"x","entry":"…"}]'
 *   several B sides (entry defaults to this build).
 */
interface AbSide {
  label: string;
  entry?: string;
  env: Record<string, string>;
  goal?: { floor?: string; fresh?: string };
}
const AB_SIDES: AbSide[] = (() => {
  if (process.env.BENCH_AB !== undefined) {
    return (JSON.parse(process.env.BENCH_AB) as AbSide[]).map((side) => ({
      ...side,
      env: side.env ?? {},
    }));
  }
  if (process.env.BENCH_AB_ENTRY === undefined) return [];
  const env = Object.fromEntries(
    (process.env.BENCH_AB_ENV ?? '')
      .split(',')
      .filter((pair) => pair.includes('='))
      .map((pair) => [pair.slice(0, pair.indexOf('=')).trim(), pair.slice(pair.indexOf('=') + 1)]),
  );
  return [
    {
      label: process.env.BENCH_AB_LABEL ?? 'B',
      entry: process.env.BENCH_AB_ENTRY,
      env,
      goal: { floor: process.env.BENCH_AB_FLOOR_GOAL },
    },
  ];
})();
const SOAK = args.includes('--soak');
const SOAK_SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 600);
const AB_ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const FLOOR_SERVER = join(__dirname, COMPILED ? 'floor-server.js' : 'floor-server.ts');
const MEMORY_PROBE = join(__dirname, 'lib', COMPILED ? 'memory-probe.js' : 'memory-probe.ts');
const HOT_ROUNDS = QUICK ? 1 : 3;
const ONSALE_ROUNDS = Number(process.env.BENCH_ONSALE_ROUNDS ?? (QUICK ? 1 : 3));
/** Extra environment of the two on-sale instances, e.g. WEBHOOK_CONCURRENCY=8,PAYMENT_SIMULATOR_DELAY_MS=100. */
const ONSALE_ENV: Record<string, string> = Object.fromEntries(
  (process.env.BENCH_ONSALE_ENV ?? '')
    .split(',')
    .filter((pair) => pair.includes('='))
    .map((pair) => [pair.slice(0, pair.indexOf('=')).trim(), pair.slice(pair.indexOf('=') + 1)]),
);
const ONSALE_BUYERS = Number(process.env.BENCH_ONSALE_BUYERS ?? 10_000);
const ONSALE_SEATS = Number(process.env.BENCH_ONSALE_SEATS ?? 1_000);
const ONSALE_CONCURRENCY = 64;
const ONSALE_DROP_RATE = 0.02;
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

/** min–max of per-round ratios, e.g. "0.71–0.80". */
function roundSpread(values: number[]): string {
  if (values.length < 2) return 'one round';
  return `per round ${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}`;
}

/**
 * A throughput target: the ratio of the medians of rounds of `a` and `b`, with the spread of the
 * per-round ratios (each round's a and b were measured next to each other).
 */
function ratioTarget(
  name: string,
  a: LoadResult[],
  b: LoadResult[],
  goal: string,
  met: (ratio: number) => boolean,
  note = '',
): void {
  const ma = median(a.map((r) => r.rps));
  const mb = median(b.map((r) => r.rps));
  const ratio = ma / mb;
  const perRound = a.map((r, i) => r.rps / b[i].rps);
  const cpu = (rs: LoadResult[]) => median(rs.map((r) => r.cpu?.service ?? NaN));
  target(
    name,
    ratio,
    goal,
    met(ratio),
    `${ma.toFixed(0)} vs ${mb.toFixed(0)} req/s (medians of ${a.length}; ${roundSpread(perRound)}); service CPU ${cpu(a).toFixed(2)} vs ${cpu(b).toFixed(2)} ms/request${note ? `; ${note}` : ''}`,
  );
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

/** CPU ms so far of the on-sale's processes (or since `since`): services, cluster, Redis, bench. */
function onSaleCpu(
  pids: number[],
  since?: { services: number; postgres: number; redis: number; bench: number },
): { services: number; postgres: number; redis: number; bench: number } {
  const own = process.cpuUsage();
  const now = {
    services: pids.reduce((sum, pid) => sum + processCpuMs(pid), 0),
    postgres: clusterDataDir !== undefined ? clusterCpuMs(clusterDataDir) : NaN,
    redis: redisPid !== undefined ? processCpuMs(redisPid) : NaN,
    bench: (own.user + own.system) / 1000,
  };
  if (since === undefined) return now;
  return {
    services: now.services - since.services,
    postgres: now.postgres - since.postgres,
    redis: now.redis - since.redis,
    bench: now.bench - since.bench,
  };
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
  let mainPid: number | undefined;
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
    const probe = SOAK && COMPILED;
    const main = await startService(
      'ours',
      probe ? { BENCH_MEMORY_FILE: join(logDir, 'ours.mem.jsonl') } : {},
      undefined,
      false,
      [
        ...(CPU_PROF
          ? [
              '--cpu-prof',
              `--cpu-prof-dir=${profileDir}`,
              '-r',
              join(__dirname, 'lib', COMPILED ? 'exit-normally.js' : 'exit-normally.ts'),
            ]
          : []),
        ...(probe ? ['--expose-gc', '-r', MEMORY_PROBE] : []),
      ],
    );
    ours = main.url;
    mainPid = main.pid;
    if (AB_SIDES.length === 0 && !SOAK) {
      bypass = (await startService('bypass', { BENCH_BYPASS_IDEMPOTENCY: 'true' })).url;
    }
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

  if (AB_SIDES.length > 0) {
    await abRounds(AB_SIDES, reads, tenant.apiKey, spread);
    await finish();
    return;
  }
  if (SOAK) {
    await soak();
    await finish();
    return;
  }
  const hostileScenario = () =>
    hostile({
      url: ours,
      pid: mainPid,
      clusterDataDir,
      db: db!,
      tenant,
      types: spread,
      reservationIds,
      seconds: SECONDS,
      // p99 of one window is its ~15th-worst answer: five rounds by default, not three.
      rounds: Number(process.env.BENCH_ROUNDS ?? (QUICK ? 1 : 5)),
      compiled: COMPILED,
      record,
      target,
      log,
      extra,
    });
  if (process.env.BENCH_ONLY === 'hostile') {
    await hostileScenario();
    await finish();
    return;
  }
  if (process.env.BENCH_ONLY === 'onsale') {
    await onSale();
    await finish();
    return;
  }

  // 1 and 2: fresh vs bypassed, replays vs the floor, the floor vs a bare node:http + pg server
  // doing the same work; rounds interleaved so drift hits all of them alike.
  const bare =
    REUSE_URL === undefined
      ? (await startService('bare-floor', {}, FLOOR_SERVER, !COMPILED)).url
      : undefined;
  if (bare !== undefined) await saturate(bare, reads, 3);
  const fresh: LoadResult[] = [];
  const bypassed: LoadResult[] = [];
  const replayed: LoadResult[] = [];
  const floor: LoadResult[] = [];
  const bareFloor: LoadResult[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    fresh.push(
      record(
        `fresh keys, round ${round}`,
        await saturate(ours, freshReservations(tenant.apiKey, spread)),
      ),
    );
    if (bypass !== undefined) {
      bypassed.push(
        record(
          `idempotency bypassed, round ${round}`,
          await saturate(bypass, freshReservations(tenant.apiKey, spread)),
        ),
      );
    }
    const replay = record(`replays, round ${round}`, await saturate(ours, replays));
    if ((replay.status['201'] ?? 0) !== replay.requests) {
      throw new Error(`replays answered other than 201: ${JSON.stringify(replay.status)}`);
    }
    replayed.push(replay);
    floor.push(
      record(
        `GET one reservation (floor of a request), round ${round}`,
        await saturate(ours, reads),
      ),
    );
    if (bare !== undefined) {
      const result = record(
        `GET one reservation, bare node:http + pg, round ${round}`,
        await saturate(bare, reads),
      );
      if ((result.status['200'] ?? 0) !== result.requests) {
        throw new Error(`the bare floor server answered ${JSON.stringify(result.status)}`);
      }
      bareFloor.push(result);
    }
  }
  if (bypassed.length > 0) {
    ratioTarget('fresh / bypassed throughput', fresh, bypassed, '>= 0.9', (r) => r >= 0.9);
  }
  ratioTarget('replays / floor throughput', replayed, floor, '>= 0.95', (r) => r >= 0.95);
  if (bareFloor.length > 0) {
    ratioTarget('floor / bare node:http + pg', floor, bareFloor, '>= 0.7', (r) => r >= 0.7);
  }

  if (!ONLY_CORE) await theRest();
  await finish();

  /**
   * An A/B of two builds of the service on one database: the floor (GET one reservation) and fresh
   * keys, on each build in turn, the order of the two builds alternating from round to round so
   * that drift of the shared machine hits both alike. Ratios are B / A of the medians, with the
   * spread of the per-round ratios.
   */
  async function abRounds(
    sides: AbSide[],
    next: () => RequestSpec,
    apiKey: string,
    types: string[],
  ): Promise<void> {
    const all: { label: string; url: string }[] = [{ label: 'A (this build)', url: ours }];
    for (const side of sides) {
      const url = (await startService(side.label, side.env, side.entry ?? undefined)).url;
      all.push({ label: side.label, url });
    }
    for (const { url } of all) {
      await saturate(url, freshReservations(apiKey, types), 3);
      await saturate(url, next, 3);
    }
    const runs = new Map(
      all.map(({ label }) => [label, { floor: [] as LoadResult[], fresh: [] as LoadResult[] }]),
    );
    for (let round = 1; round <= AB_ROUNDS; round++) {
      // The order of the builds rotates from round to round, so drift hits each position alike.
      const order = all.map((_, i) => all[(i + round - 1) % all.length]);
      for (const kind of ['floor', 'fresh'] as const) {
        for (const { label, url } of order) {
          const result = record(
            `${kind === 'floor' ? 'GET one reservation' : 'fresh keys'}, ${label}, round ${round}`,
            await saturate(url, kind === 'floor' ? next : freshReservations(apiKey, types)),
          );
          const ok = kind === 'floor' ? (result.status['200'] ?? 0) : (result.status['201'] ?? 0);
          if (ok !== result.requests) {
            throw new Error(`${label} answered ${JSON.stringify(result.status)} on ${kind}`);
          }
          runs.get(label)![kind].push(result);
        }
      }
    }
    const a = runs.get(all[0].label)!;
    for (const side of sides) {
      const b = runs.get(side.label)!;
      for (const kind of ['floor', 'fresh'] as const) {
        const pg = (rs: LoadResult[]) => median(rs.map((r) => r.cpu?.postgres ?? NaN));
        extra[`ab.${side.label}.${kind}`] = {
          ratio: median(b[kind].map((r) => r.rps)) / median(a[kind].map((r) => r.rps)),
          perRound: b[kind].map((r, i) => r.rps / a[kind][i].rps),
        };
        ratioTarget(
          `${side.label} / A, ${kind === 'floor' ? 'floor (GET one reservation)' : 'fresh keys'}`,
          b[kind],
          a[kind],
          side.goal?.[kind] ?? 'report',
          (r) => (side.goal?.[kind] === '>= 1.3' ? r >= 1.3 : true),
          `PostgreSQL CPU ${pg(b[kind]).toFixed(2)} vs ${pg(a[kind]).toFixed(2)} ms/request`,
        );
      }
    }
  }

  /**
   * `--soak`: SOAK_SECONDS of mixed traffic (35 % fresh reservations, 20 % replays, 30 % reads,
   * 15 % purchases with pm_card_visa, whose webhooks come back through the simulated provider) at
   * half the saturation rate of that mix. The heap after a forced GC at the end must be within
   * 10 % of the heap after a forced GC once warmed up, and the RSS must stay under 300 MB.
   */
  async function soak(): Promise<void> {
    if (!COMPILED || mainPid === undefined) throw new Error('--soak needs the compiled bench');
    const memFile = join(logDir, 'ours.mem.jsonl');
    let i = 0;
    const mixed = (): RequestSpec => {
      const slot = i++ % 20;
      if (slot < 7) return freshReservations(tenant.apiKey, spread)();
      if (slot < 11) return replays();
      if (slot < 17) return reads();
      return tenantPost('/v1/purchases', tenant.apiKey, randomUUID(), {
        ticketTypeId: spread[i % spread.length],
        quantity: 1,
        customerEmail: 'soak@example.com',
        paymentMethod: 'pm_card_visa',
      });
    };
    const saturation = record('mixed traffic, saturation', await saturate(ours, mixed));
    const rate = Math.max(20, Math.round(saturation.rps * 0.5));
    extra.soakRate = rate;
    const warm = record(
      'mixed traffic at 50 % of saturation, warm-up (60 s)',
      await load({ url: ours, connections: 16, duration: 60, overallRate: rate, next: mixed }),
      `fixed ${rate} req/s`,
    );
    await sleep(2000);
    const warmGc = await afterGc(mainPid, memFile);
    const from = Date.now();
    const run = record(
      `mixed traffic at 50 % of saturation, soak (${SOAK_SECONDS} s)`,
      await load({
        url: ours,
        connections: 16,
        duration: SOAK_SECONDS,
        overallRate: rate,
        next: mixed,
      }),
      `fixed ${rate} req/s`,
    );
    const to = Date.now();
    await sleep(3000); // the last webhooks
    const endGc = await afterGc(mainPid, memFile);
    const top = peak(memFile, from, to);
    const bad = (r: LoadResult) =>
      Object.entries(r.status)
        .filter(([code]) => !['200', '201'].includes(code))
        .map(([code, n]) => `${code}:${n}`);
    const growth = endGc.heapMb / warmGc.heapMb;
    extra.soakMemory = { warmGc, endGc, peak: top };
    target(
      'soak: heap after GC, end / after warm-up',
      growth,
      '<= 1.10',
      growth <= 1.1 && bad(run).length === 0 && bad(warm).length === 0,
      `${endGc.heapMb.toFixed(1)} vs ${warmGc.heapMb.toFixed(1)} MB after a forced GC; ${run.requests} requests in ${SOAK_SECONDS} s at ${rate} req/s${bad(run).length > 0 ? `; unexpected answers ${bad(run).join(' ')}` : ''}`,
    );
    target(
      'soak: peak RSS (MB)',
      top.rssMb,
      '< 300',
      top.rssMb < 300,
      `RSS ${warmGc.rssMb.toFixed(0)} MB after warm-up, peak ${top.rssMb.toFixed(0)} MB, ${endGc.rssMb.toFixed(0)} MB at the end; peak heap ${top.heapMb.toFixed(1)} MB`,
    );
  }

  async function finish(): Promise<void> {
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
  }

  /**
   * The on-sale: ONSALE_BUYERS buyers for the ONSALE_SEATS seats of one ticket type, over two
   * instances behind a round-robin "load balancer", each buyer reserving then purchasing with
   * pm_card_visa and retrying as the SDK would (bench/lib/onsale.ts). Rounds alternate with a
   * reservation-only sell-out of the same size: paid orders per second end to end (until the last
   * order is paid through the simulated provider's webhooks) against holds per second. Each
   * instance's memory is sampled by the preloaded probe.
   */
  async function onSale(): Promise<void> {
    const probe = COMPILED;
    const instances: { service: ServiceProcess; memFile: string }[] = [];
    for (const n of [1, 2]) {
      const memFile = join(logDir, `onsale-${n}.mem.jsonl`);
      const service = await startService(
        `onsale-${n}`,
        { ...ONSALE_ENV, ...(probe ? { BENCH_MEMORY_FILE: memFile } : {}) },
        undefined,
        false,
        probe ? ['--expose-gc', '-r', MEMORY_PROBE] : [],
      );
      instances.push({ service, memFile });
    }
    const urls = instances.map((i) => i.service.url);
    // Warm-up on both instances (JIT, pools), then the heap after a forced GC as the baseline.
    for (const url of urls) await saturate(url, freshReservations(tenant.apiKey, spread), 3);
    const baseline = probe
      ? await Promise.all(instances.map((i) => afterGc(i.service.pid!, i.memFile)))
      : [];
    const paidRates: number[] = [];
    const holdRates: number[] = [];
    const checks: string[] = [];
    const windows: { from: number; to: number }[] = [];
    const purchaseP50: number[] = [];
    const purchaseP99: number[] = [];
    const soldOut: number[] = [];
    for (let round = 1; round <= ONSALE_ROUNDS; round++) {
      const order = round % 2 === 1 ? ['hold', 'sale'] : ['sale', 'hold'];
      for (const kind of order) {
        const [typeId] = await createTicketTypes(ours, tenant.apiKey, 1, ONSALE_SEATS);
        const from = Date.now();
        let paidAt = NaN;
        let polling = kind === 'sale';
        const poller = (async () => {
          while (polling) {
            await sleep(200);
            const [row] = await sql<{ n: string }>(
              db!,
              `SELECT count(*) AS n FROM orders WHERE ticket_type_id = $1 AND status = 'paid'`,
              [typeId],
            );
            if (Number(row.n) >= ONSALE_SEATS) {
              paidAt = Date.now();
              polling = false;
            }
          }
        })();
        // Where the time goes: CPU of every process involved, and what PostgreSQL's backends are
        // doing (sampled every 100 ms): running, waiting for a lock (the ticket-type row or
        // another), or idle in a transaction, i.e. waiting for the service's next statement.
        const cpu0 = onSaleCpu(instances.map((i) => i.service.pid!));
        await sql(db!, `SELECT pg_stat_statements_reset()`);
        const activity = {
          samples: 0,
          running: 0,
          lockTicketType: 0,
          lockOther: 0,
          idleInTx: 0,
          holders: {} as Record<string, number>,
        };
        let sampling = true;
        const sampler = (async () => {
          const probeDb = new Client({ connectionString: databaseUrl });
          await probeDb.connect();
          try {
            while (sampling) {
              const [a] = await sql<Record<string, string>>(
                probeDb,
                `SELECT count(*) FILTER (WHERE state = 'active' AND wait_event_type IS DISTINCT FROM 'Lock') AS running,
                        count(*) FILTER (WHERE wait_event_type = 'Lock' AND query ILIKE '%ticket_types%') AS lock_tt,
                        count(*) FILTER (WHERE wait_event_type = 'Lock' AND query NOT ILIKE '%ticket_types%') AS lock_other,
                        count(*) FILTER (WHERE state = 'idle in transaction') AS idle_tx
                   FROM pg_stat_activity
                  WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
              );
              // Who holds the ticket-type row the waiters wait for, and what it is doing: running
              // a statement, committing, or idle in its transaction (waiting for the service).
              const holders = await sql<{ what: string }>(
                probeDb,
                `SELECT b.state || coalesce(' ' || b.wait_event, '') || ': ' ||
                        regexp_replace(left(b.query, 40), '\\s+', ' ', 'g') AS what
                   FROM pg_stat_activity b
                  WHERE b.pid IN (SELECT unnest(pg_blocking_pids(w.pid)) FROM pg_stat_activity w
                                   WHERE w.wait_event_type = 'Lock' AND w.query ILIKE '%ticket_types%'
                                     AND w.datname = current_database())`,
              );
              for (const { what } of holders) {
                activity.holders[what] = (activity.holders[what] ?? 0) + 1;
              }
              activity.samples++;
              activity.running += Number(a.running);
              activity.lockTicketType += Number(a.lock_tt);
              activity.lockOther += Number(a.lock_other);
              activity.idleInTx += Number(a.idle_tx);
              await sleep(100);
            }
          } finally {
            await probeDb.end();
          }
        })();
        const stats = await runBuyers({
          urls,
          apiKey: tenant.apiKey,
          ticketTypeId: typeId,
          buyers: ONSALE_BUYERS,
          concurrency: ONSALE_CONCURRENCY,
          purchase: kind === 'sale',
          paymentMethod: 'pm_card_visa',
          dropRate: ONSALE_DROP_RATE,
        });
        if (kind === 'sale') {
          const deadline = Date.now() + 120_000;
          while (polling && Date.now() < deadline) await sleep(100);
          polling = false;
        }
        await poller;
        const to = Date.now();
        sampling = false;
        await sampler;
        const cpu = onSaleCpu(
          instances.map((i) => i.service.pid!),
          cpu0,
        );
        windows.push({ from, to });
        const label =
          kind === 'sale'
            ? `on-sale: ${ONSALE_BUYERS} buyers, ${ONSALE_SEATS} seats, reserve + purchase, round ${round}`
            : `reservation only: ${ONSALE_BUYERS} buyers, ${ONSALE_SEATS} seats, round ${round}`;
        const problems = await checkOnSale(typeId, kind === 'sale', stats);
        // Where the end-to-end time goes: purchase answered → order paid (through the webhook).
        const [lag] =
          kind === 'sale'
            ? await sql<{ p50: number; p99: number; span: number }>(
                db!,
                `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM updated_at - created_at)) * 1000 AS p50,
                        percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM updated_at - created_at)) * 1000 AS p99,
                        extract(epoch FROM max(updated_at) - min(created_at)) AS span
                   FROM orders WHERE ticket_type_id = $1 AND status = 'paid'`,
                [typeId],
              )
            : [undefined];
        // The legs of a paid order, from the rows' own timestamps (transaction start times):
        // order created (purchase phase 1) → provider payment created (phase 2) → first webhook
        // copy stored (the simulator's delay and its delivery queue) → processing transaction
        // started (the Bull queue's wait and the claim) → order paid.
        const [legs] =
          kind === 'sale'
            ? await sql<Record<string, number>>(
                db!,
                `WITH t AS (
                   SELECT o.created_at AS ordered, s.created_at AS charged,
                          (SELECT min(w.received_at) FROM webhook_events w WHERE w.event_id = d.event_id) AS received,
                          o.updated_at AS paid
                     FROM orders o
                     JOIN simulated_provider_payments s ON s.metadata->>'orderId' = o.id::text
                     JOIN simulated_provider_deliveries d ON d.payment_id = s.id
                    WHERE o.ticket_type_id = $1 AND o.status = 'paid'),
                 ms AS (
                   SELECT extract(epoch FROM charged - ordered) * 1000 AS purchase,
                          extract(epoch FROM received - charged) * 1000 AS delivery,
                          extract(epoch FROM paid - received) * 1000 AS queue
                     FROM t)
                 SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY purchase) AS purchase_p50,
                        percentile_cont(0.99) WITHIN GROUP (ORDER BY purchase) AS purchase_p99,
                        percentile_cont(0.5) WITHIN GROUP (ORDER BY delivery) AS delivery_p50,
                        percentile_cont(0.99) WITHIN GROUP (ORDER BY delivery) AS delivery_p99,
                        percentile_cont(0.5) WITHIN GROUP (ORDER BY queue) AS queue_p50,
                        percentile_cont(0.99) WITHIN GROUP (ORDER BY queue) AS queue_p99
                   FROM ms`,
                [typeId],
              )
            : [undefined];
        const statements = await sql<{ query: string; calls: string; total_ms: number }>(
          db!,
          `SELECT regexp_replace(left(query, 90), '\\s+', ' ', 'g') AS query, calls, total_exec_time AS total_ms
             FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            ORDER BY total_exec_time DESC`,
        );
        const statementCalls = statements.reduce((n, r) => n + Number(r.calls), 0);
        const holdsPerSecond = (stats.reserved / stats.soldOutMs) * 1000;
        const paidPerSecond = (ONSALE_SEATS / (paidAt - from)) * 1000;
        if (kind === 'sale') {
          paidRates.push(paidPerSecond);
          purchaseP50.push(stats.purchaseP50);
          purchaseP99.push(stats.purchaseP99);
          soldOut.push(stats.soldOutMs / 1000);
        } else {
          holdRates.push(holdsPerSecond);
        }
        const summary =
          kind === 'sale'
            ? `${stats.purchased} purchased; all paid after ${((paidAt - from) / 1000).toFixed(1)} s = ${paidPerSecond.toFixed(0)} paid orders/s; sold out (last hold) at ${(stats.soldOutMs / 1000).toFixed(1)} s, last buyer done at ${(stats.totalMs / 1000).toFixed(1)} s; purchase p50 ${stats.purchaseP50.toFixed(1)} ms, p99 ${stats.purchaseP99.toFixed(1)} ms; order created → paid p50 ${Number(lag?.p50).toFixed(0)} ms, p99 ${Number(lag?.p99).toFixed(0)} ms`
            : `${stats.reserved} held in ${(stats.soldOutMs / 1000).toFixed(1)} s = ${holdsPerSecond.toFixed(0)} holds/s`;
        const busy = (ms: number) => (ms / (to - from)).toFixed(2);
        const per = (ms: number) => (ms / ONSALE_SEATS).toFixed(1);
        const n = Math.max(1, activity.samples);
        const where =
          `CPU busy cores (ms per seat): services ${busy(cpu.services)} (${per(cpu.services)}), PostgreSQL ${busy(cpu.postgres)} (${per(cpu.postgres)}), Redis ${busy(cpu.redis)} (${per(cpu.redis)}), bench ${busy(cpu.bench)} (${per(cpu.bench)}), all ${busy(cpu.services + cpu.postgres + cpu.redis + cpu.bench)}; ` +
          `backends on average: ${(activity.running / n).toFixed(1)} running, ${(activity.lockTicketType / n).toFixed(1)} waiting for the ticket-type row, ${(activity.lockOther / n).toFixed(1)} for another lock, ${(activity.idleInTx / n).toFixed(1)} idle in a transaction; ` +
          `${statementCalls} statements (${(statementCalls / ONSALE_SEATS).toFixed(1)} per seat)` +
          (legs !== undefined
            ? `; legs p50/p99 ms: order → provider payment ${Number(legs.purchase_p50).toFixed(0)}/${Number(legs.purchase_p99).toFixed(0)}, → webhook stored ${Number(legs.delivery_p50).toFixed(0)}/${Number(legs.delivery_p99).toFixed(0)}, → processing started ${Number(legs.queue_p50).toFixed(0)}/${Number(legs.queue_p99).toFixed(0)}`
            : '');
        log(`${label}: ${where}`);
        const loops = probe ? instances.map((i) => eventLoop(i.memFile, from, to)) : [];
        if (probe) {
          log(
            `${label}: event loop per instance (median of the seconds' p99 delay, worst delay, median utilisation): ${loops
              .map(
                (l, k) =>
                  `${k + 1}: ${l.p99Ms.toFixed(1)} ms, ${l.maxMs.toFixed(0)} ms, ${l.utilisation.toFixed(2)}`,
              )
              .join('; ')}`,
          );
        }
        const holderSamples = Object.values(activity.holders).reduce((a, b) => a + b, 0);
        log(
          `${label}: the ticket-type row's blocker, ${holderSamples} samples: ${Object.entries(
            activity.holders,
          )
            .sort((a, b) => b[1] - a[1])
            .slice(0, 8)
            .map(([what, count]) => `${((count / holderSamples) * 100).toFixed(0)} % ${what}`)
            .join(' | ')}`,
        );
        log(
          `${label}: top statements by time: ${statements
            .slice(0, 8)
            .map((r) => `${Number(r.total_ms).toFixed(0)} ms ${r.calls}× ${r.query}`)
            .join(' | ')}`,
        );
        log(
          `${label}: ${summary}; reserve p50 ${stats.reserveP50.toFixed(1)} ms, p99 ${stats.reserveP99.toFixed(1)} ms; ${stats.attempts} attempts, ${stats.drops} dropped, ${stats.retriesInProgress} in-progress retries, answers ${JSON.stringify(stats.answers)}${problems.length > 0 ? `; PROBLEMS: ${problems.join('; ')}` : ''}`,
        );
        extra[`onsale.${kind}.round${round}`] = {
          ...stats,
          orderIds: undefined,
          problems,
          paidAfterMs: paidAt - from,
          orderToPaidMs: lag,
          legsMs: legs,
          eventLoop: loops,
          cpuMs: cpu,
          backends: {
            running: activity.running / n,
            lockTicketType: activity.lockTicketType / n,
            lockOther: activity.lockOther / n,
            idleInTransaction: activity.idleInTx / n,
            ticketTypeRowBlocker: activity.holders,
          },
          statements: { calls: statementCalls, top: statements.slice(0, 15) },
        };
        checks.push(...problems.map((p) => `${kind} round ${round}: ${p}`));
      }
    }
    const paid = median(paidRates);
    const holds = median(holdRates);
    target(
      `on-sale: exactly ${ONSALE_SEATS} paid, checks`,
      checks.length,
      '= 0 fails',
      checks.length === 0,
      checks.length === 0
        ? `every round: ${ONSALE_SEATS} paid orders, 0 oversold, one order and one provider payment per paid hold, counters = rows, no anomaly`
        : checks.slice(0, 5).join('; '),
    );
    target(
      'on-sale paid orders/s / reservation-only holds/s',
      paid / holds,
      '>= 0.5',
      paid / holds >= 0.5,
      `${paid.toFixed(0)} vs ${holds.toFixed(0)} per s (medians of ${ONSALE_ROUNDS}; ${roundSpread(paidRates.map((p, i) => p / holdRates[i]))}); sold out in ${median(soldOut).toFixed(1)} s; purchase p50 ${median(purchaseP50).toFixed(1)} ms, p99 ${median(purchaseP99).toFixed(1)} ms`,
    );
    if (probe) {
      // Memory: the heap after a forced GC once the webhooks are done, against the baseline.
      await sleep(3000);
      const after = await Promise.all(instances.map((i) => afterGc(i.service.pid!, i.memFile)));
      const from = windows[0].from;
      const to = windows[windows.length - 1].to;
      const memory = instances.map((i, n) => ({
        instance: i.service.url,
        baselineHeapMb: baseline[n].heapMb,
        baselineRssMb: baseline[n].rssMb,
        ...Object.fromEntries(
          Object.entries(peak(i.memFile, from, to)).map(([k, v]) => [
            `peak${k[0].toUpperCase()}${k.slice(1)}`,
            v,
          ]),
        ),
        afterHeapMb: after[n].heapMb,
        afterRssMb: after[n].rssMb,
      })) as {
        instance: string;
        baselineHeapMb: number;
        baselineRssMb: number;
        peakRssMb: number;
        peakHeapMb: number;
        afterHeapMb: number;
        afterRssMb: number;
      }[];
      extra.onSaleMemory = memory;
      const worstRss = Math.max(...memory.map((m) => m.peakRssMb));
      target(
        'on-sale memory: peak RSS per instance (MB)',
        worstRss,
        '< 300',
        worstRss < 300,
        memory
          .map(
            (m, n) =>
              `instance ${n + 1}: RSS ${m.baselineRssMb.toFixed(0)} → peak ${m.peakRssMb.toFixed(0)} → ${m.afterRssMb.toFixed(0)} MB after; heap ${m.baselineHeapMb.toFixed(1)} → peak ${m.peakHeapMb.toFixed(1)} → ${m.afterHeapMb.toFixed(1)} MB after GC`,
          )
          .join('; '),
      );
    }
    for (const i of instances) await i.service.stop();
  }

  /** The invariants of one on-sale (or reservation-only) round, as a list of what is wrong. */
  async function checkOnSale(
    typeId: string,
    purchased: boolean,
    stats: Awaited<ReturnType<typeof runBuyers>>,
  ): Promise<string[]> {
    const problems: string[] = [...stats.anomalies.slice(0, 3)];
    const [t] = await sql<{ capacity: number; available: number; reserved: number; sold: number }>(
      db!,
      `SELECT capacity, available, reserved, sold FROM ticket_types WHERE id = $1`,
      [typeId],
    );
    const [rows] = await sql<{ active: string; held: string; tickets: string }>(
      db!,
      `SELECT (SELECT coalesce(sum(quantity), 0) FROM reservations
                WHERE ticket_type_id = $1 AND status = 'active') AS held,
              (SELECT count(*) FROM reservations
                WHERE ticket_type_id = $1 AND status = 'active') AS active,
              (SELECT count(*) FROM tickets WHERE ticket_type_id = $1 AND status = 'valid') AS tickets`,
      [typeId],
    );
    if (t.available + t.reserved + t.sold !== t.capacity)
      problems.push(`counters ${JSON.stringify(t)}`);
    if (Number(rows.held) !== t.reserved)
      problems.push(`reserved ${t.reserved} but ${rows.held} held in rows`);
    if (Number(rows.tickets) !== t.sold)
      problems.push(`sold ${t.sold} but ${rows.tickets} valid tickets`);
    if (t.sold > t.capacity || Number(rows.tickets) > t.capacity) problems.push('oversold');
    if (!purchased) {
      if (stats.reserved !== ONSALE_SEATS || t.reserved !== ONSALE_SEATS || t.available !== 0) {
        problems.push(`${stats.reserved} buyers held, counters ${JSON.stringify(t)}`);
      }
      return problems;
    }
    const [o] = await sql<{
      orders: string;
      paid: string;
      payments: string;
      paid_payments: string;
      provider: string;
      provider_orders: string;
    }>(
      db!,
      `SELECT (SELECT count(*) FROM orders WHERE ticket_type_id = $1) AS orders,
              (SELECT count(*) FROM orders WHERE ticket_type_id = $1 AND status = 'paid') AS paid,
              (SELECT count(*) FROM payments p JOIN orders o ON o.id = p.order_id
                WHERE o.ticket_type_id = $1) AS payments,
              (SELECT count(*) FROM payments p JOIN orders o ON o.id = p.order_id
                WHERE o.ticket_type_id = $1 AND p.status = 'succeeded') AS paid_payments,
              (SELECT count(*) FROM simulated_provider_payments s JOIN orders o
                 ON o.id::text = s.metadata->>'orderId' WHERE o.ticket_type_id = $1) AS provider,
              (SELECT count(DISTINCT s.metadata->>'orderId') FROM simulated_provider_payments s
                 JOIN orders o ON o.id::text = s.metadata->>'orderId'
                WHERE o.ticket_type_id = $1) AS provider_orders`,
      [typeId],
    );
    const n = ONSALE_SEATS;
    if (stats.purchased !== n || new Set(stats.orderIds).size !== n) {
      problems.push(
        `${stats.purchased} buyers got an order (${new Set(stats.orderIds).size} distinct)`,
      );
    }
    if (Number(o.orders) !== n || Number(o.paid) !== n)
      problems.push(`${o.orders} orders, ${o.paid} paid`);
    if (Number(o.payments) !== n || Number(o.paid_payments) !== n) {
      problems.push(`${o.payments} payments, ${o.paid_payments} succeeded`);
    }
    if (Number(o.provider) !== n || Number(o.provider_orders) !== n) {
      problems.push(`${o.provider} provider payments for ${o.provider_orders} orders`);
    }
    if (t.sold !== n || t.reserved !== 0 || t.available !== 0)
      problems.push(`counters ${JSON.stringify(t)}`);
    return problems;
  }

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
      '>= 0.9',
      hotRatio >= 0.9,
      `${median(hotRps).toFixed(0)} vs ${median(spreadRps).toFixed(0)} req/s (medians of ${HOT_ROUNDS}; ${roundSpread(hotRps.map((h, i) => h / spreadRps[i]))})`,
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
      const oursPeerRun: LoadResult[] = [];
      const peerRun: LoadResult[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        oursPeerRun.push(
          record(
            `ours (bench server), round ${round}`,
            await saturate(oursTs.url, freshReservations(tenant.apiKey, spread)),
          ),
        );
        peerRun.push(
          record(
            `@node-idempotency/nestjs + Redis, round ${round}`,
            await saturate(peer.url, freshReservations(tenant.apiKey, spread)),
          ),
        );
      }
      await oursTs.stop();
      await peer.stop();
      ratioTarget(
        'ours / @node-idempotency/nestjs throughput',
        oursPeerRun,
        peerRun,
        '>= 1.0',
        (r) => r >= 1.0,
        'the peer on Redis, without tenant scope, order-insensitive fingerprints or crash safety',
      );

      await onSale();
      await hostileScenario();

      // Fixed rate for the latency scenarios: well under saturation, so latency is service time.
      const rate = Math.max(50, Math.min(400, Math.round(median(fresh.map((r) => r.rps)) * 0.4)));
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
        `${slowP99.toFixed(2)} vs ${noopP99.toFixed(2)} ms at ${rate} req/s (medians of ${WEBHOOK_ROUNDS}; ${roundSpread(webhookP99['webhook-200ms'].map((p, i) => p / webhookP99['webhook-noop'][i]))})`,
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
        '<= 1.5',
        cleanupRatio <= 1.5 && leftAfterWindow === 0 && during.requests >= 100,
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
