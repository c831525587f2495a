/**
 * `npm run drill`: failure drills. Real processes, real failures, then row counts.
 * Uses its own PostgreSQL cluster (initdb into a scratch folder, spare port) and its own Redis
 * (spare port), so it can kill and restart them; never the shared ones on 5432 and 6379.
 *
 *   storm             duplicate storm over two instances (two ports, one database, one Redis)
 *   kill -9           the service killed with purchases in flight; restart; retry every key
 *   redis down        Redis killed while webhooks arrive; Redis back
 *   postgres restart  PostgreSQL stopped and started under load
 *   provider boundary faults at each phase of purchases and refunds, kill -9 mid-phase
 *                     (drills/provider-boundary.ts)
 *
 * Every answer is judged by what the service could know while it answered (drills/lib/answers.ts),
 * then rows are counted. `--short` (or DRILL_SCALE=small) runs smaller counts, for CI;
 * `--only <name>[,<name>]` runs some of them. Exits 1 when any check fails.
 *
 * `--topology ha` runs the high-availability drills instead (drills/ha/: Patroni, etcd, HAProxy,
 * PgBouncer, Redis Sentinel, three instances behind HAProxy; docs/high-availability.md).
 *
 * A new drill is a `Drill` ({ name, run(stage) }, drills/lib/harness.ts) added to DRILLS.
 */
import { join } from 'node:path';
import {
  cleanupAll,
  freePort,
  PgCluster,
  RedisServer,
  scratchDir,
  ServiceProcess,
} from '../bench/lib/procs';
import { WEBHOOK_SECRET } from '../bench/lib/api';
import { HA_DRILLS, HA_LOCK_SECONDS, HaStage } from './ha/drills';
import { HaTopology, killAll } from './ha/topology';
import {
  allPassed,
  check,
  connect,
  Drill,
  log,
  notes,
  printTable,
  ROOT,
  runDrills,
  scalar,
  serviceEnv,
  settle,
  Stage,
  startService,
} from './lib/harness';
import { killDrill } from './kill';
import { postgresDrill } from './postgres-restart';
import { providerBoundaryDrill } from './provider-boundary';
import { redisDrill } from './redis-down';
import { stormDrill } from './storm';

const providerBoundary: Drill = {
  name: 'provider boundary',
  run: (stage) =>
    providerBoundaryDrill({
      short: stage.short,
      check,
      note: (text) => notes.push(text),
      env: (database, extra) => serviceEnv(stage, database, extra),
      service: (name, vars, port) => startService(stage, name, vars, port),
      connect: (database) => connect(stage.cluster.url(database)),
      scalar,
      settle,
    }),
};

const DRILLS: Drill[] = [stormDrill, killDrill, redisDrill, postgresDrill, providerBoundary];

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

async function runHa(short: boolean, only: string[] | undefined): Promise<void> {
  const selected = only === undefined ? HA_DRILLS : HA_DRILLS.filter((d) => only.includes(d.name));
  const started = Date.now();
  const logDir = scratchDir('ts-drill-logs');
  log(`high-availability topology: starting (logs in ${logDir})`);
  const topology = await HaTopology.start(logDir);
  const ports = [await freePort(), await freePort(), await freePort()];
  await topology.startHaproxy(ports);
  await topology.startPgbouncer();
  const database = 'drill_ha';
  const env = {
    DATABASE_URL: topology.pooledUrl(database),
    MIGRATIONS_DATABASE_URL: topology.directUrl(database),
    DATABASE_POOL_MAX: '10',
    // Ignored but for its credentials: the Sentinels say where the master is.
    REDIS_URL: 'redis://127.0.0.1:1',
    REDIS_SENTINELS: topology.sentinelList,
    QUEUE_PREFIX: database,
    PAYMENT_WEBHOOK_SECRET: WEBHOOK_SECRET,
    PAYMENT_SIMULATOR_WEBHOOK_URL: `${topology.httpUrl}/v1/webhooks/payments`,
    IDEMPOTENCY_LOCK_SECONDS: String(HA_LOCK_SECONDS),
    RESERVATION_TTL_SECONDS: '5',
    // Purchases cut between their phases are finished by the recovery job within the drill.
    RECOVERY_INTERVAL_SECONDS: '5',
    RESERVATION_SWEEP_INTERVAL_SECONDS: '2',
    // Every repeatable job ticks within the drills, so the Redis failover drill counts its runs.
    IDEMPOTENCY_CLEANUP_INTERVAL_SECONDS: '2',
    TENANT_RATE_LIMIT: '0',
    LOG_LEVEL: 'warn',
  };
  const services: ServiceProcess[] = [];
  for (const [i, port] of ports.entries()) {
    const instance = await ServiceProcess.create({
      name: `ha-service-${'abc'[i]}`,
      entry: join(ROOT, 'dist/src/main.js'),
      logDir,
      env: { ...env, PORT: String(port) },
    });
    await instance.start();
    services.push(instance);
  }
  log(
    `high-availability topology up in ${((Date.now() - started) / 1000).toFixed(0)} s: ${topology.httpUrl}`,
  );
  const stage: HaStage = { short, topology, services, database };
  await runDrills(stage, selected);
  for (const s of services) await s.stop();
  printTable(
    `ticket-service high-availability drills${short ? ' (short)' : ''}`,
    (Date.now() - started) / 1000,
  );
}

async function main(): Promise<void> {
  const short = process.argv.includes('--short') || process.env.DRILL_SCALE === 'small';
  const only = option('--only')?.split(',');
  const topology = option('--topology') ?? 'single';
  if (topology === 'ha') return runHa(short, only);
  if (topology !== 'single') throw new Error(`--topology: single or ha, got ${topology}`);
  const selected = only === undefined ? DRILLS : DRILLS.filter((d) => only.includes(d.name));
  if (selected.length === 0) {
    throw new Error(
      `--only: no drill named ${only?.join(', ')} (${DRILLS.map((d) => d.name).join(', ')})`,
    );
  }
  const started = Date.now();
  const stage: Stage = {
    short,
    logDir: scratchDir('ts-drill-logs'),
    cluster: await PgCluster.create('ts-drill-pg'),
    redis: await RedisServer.create('ts-drill-redis'),
  };
  log(
    `drills${short ? ' (short)' : ''}: PostgreSQL on ${stage.cluster.port}, Redis on ${stage.redis.port}, logs in ${stage.logDir}`,
  );
  await runDrills(stage, selected);
  printTable(
    `ticket-service failure drills${short ? ' (short)' : ''}`,
    (Date.now() - started) / 1000,
  );
}

main()
  .then(() => {
    killAll();
    cleanupAll();
    process.exit(allPassed() ? 0 : 1);
  })
  .catch((error: unknown) => {
    process.stderr.write(
      `drill failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    killAll();
    cleanupAll();
    process.exit(1);
  });
