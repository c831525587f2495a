/**
 * The high-availability drills (`npm run drill -- --topology ha`), each under purchase load
 * through HAProxy (every purchase with `pm_card_visa`, so the simulated provider sends its
 * webhooks back through HAProxy too: webhook load), each counting rows on the primary:
 *
 *   1. PostgreSQL primary node killed (Patroni and postmaster, kill -9): the synchronous standby
 *      is promoted; RTO (kill to first 2xx) and acknowledged purchases lost (RPO, must be 0);
 *      the old primary rejoins as a standby.
 *   2. Redis master killed: Sentinel promotes the replica; webhooks keep being acknowledged and
 *      are processed; the expiry sweep (a repeatable job) keeps running.
 *   3. One service instance kill -9: retries through HAProxy land on the others; one effect per key.
 *   4. PgBouncer killed and restarted under load: nothing acknowledged lost, nothing doubled.
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createTenant, createTicketTypes, Tenant } from '../../bench/lib/api';
import { JOBS, QUEUES } from '../../src/queues/queue-names';
import { ServiceProcess, sleep, waitFor } from '../../bench/lib/procs';
import { Answer, judgeOutage, OutageTimeline, send, tally } from '../lib/answers';
import {
  check,
  checkAnswers,
  connect,
  log,
  notes,
  scalar,
  waitForDeliveries,
} from '../lib/harness';
import { judgeTick, Tick } from '../lib/ticks';
import { RepeatLedger } from './repeat-ledger';
import { HaTopology, PatroniNode } from './topology';

export const HA_LOCK_SECONDS = 5;
/** A request that gets no answer within this is a hang (the bound the drills state). */
export const CLIENT_TIMEOUT_MS = 15000;

/** The repeatable jobs: each must run once per tick across the instances. */
const REPEATED: string[] = [
  JOBS.idempotencyCleanup,
  JOBS.reservationExpiry,
  JOBS.webhookRedrive,
  JOBS.paymentRecovery,
];

export interface HaStage {
  short: boolean;
  topology: HaTopology;
  services: ServiceProcess[];
  database: string;
}

/**
 * Buyers: `rps` new keys a second, each sent through HAProxy until it gets a final answer (a 201
 * or a 4xx other than 409), waiting Retry-After (at most 2 s) between attempts, as a client does.
 */
class PurchaseLoad {
  readonly answers: Answer[] = [];
  readonly keys: string[] = [];
  private stopped = false;
  private readonly workers: Array<Promise<void>> = [];
  private loop?: Promise<void>;

  constructor(
    private readonly url: string,
    private readonly tenant: Tenant,
    private readonly typeId: string,
    private readonly rps: number,
  ) {}

  start(): void {
    this.loop = (async () => {
      while (!this.stopped) {
        const key = randomUUID();
        this.keys.push(key);
        this.workers.push(this.buy(key, this.keys.length));
        await sleep(1000 / this.rps);
      }
    })();
  }

  /** `n` new keys at once. */
  burst(n: number): void {
    for (let j = 0; j < n; j++) {
      const key = randomUUID();
      this.keys.push(key);
      this.workers.push(this.buy(key, this.keys.length));
    }
  }

  private async buy(key: string, i: number): Promise<void> {
    const body = {
      ticketTypeId: this.typeId,
      quantity: 1,
      customerEmail: `ha${i}@example.com`,
      paymentMethod: 'pm_card_visa',
    };
    for (let attempt = 0; attempt < 120; attempt++) {
      const a = await send(
        this.url,
        '/v1/purchases',
        this.tenant.apiKey,
        body,
        key,
        CLIENT_TIMEOUT_MS,
      );
      this.answers.push(a);
      if (a.status === 201 || (a.status >= 400 && a.status < 500 && a.status !== 409)) return;
      await sleep(Math.min(2, a.retryAfter ?? 1) * 1000);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
    await Promise.all(this.workers);
  }

  /** The order id each key was acknowledged with (its first 201). */
  acknowledged(): Map<string, string> {
    const acked = new Map<string, string>();
    for (const a of this.answers) {
      if (a.status === 201 && a.id !== undefined && !acked.has(a.key)) acked.set(a.key, a.id);
    }
    return acked;
  }
}

async function setUp(stage: HaStage, name: string): Promise<{ tenant: Tenant; typeId: string }> {
  const url = stage.topology.httpUrl;
  const tenant = await createTenant(url, name);
  const [typeId] = await createTicketTypes(url, tenant.apiKey, 1, 100000);
  return { tenant, typeId };
}

/** Every instance answers /health 200 (checked on each instance, not through the balancer). */
async function allHealthy(stage: HaStage): Promise<boolean> {
  const statuses = await Promise.all(
    stage.services.map((s) =>
      s.pid === undefined
        ? Promise.resolve(200)
        : fetch(`${s.url}/health`, { signal: AbortSignal.timeout(2000) })
            .then((r) => r.status)
            .catch(() => 0),
    ),
  );
  return statuses.every((s) => s === 200);
}

/**
 * The counts every HA drill ends with, on the primary (through HAProxy, direct):
 * acknowledged orders all present (lost = RPO), one order per key, at most one provider payment
 * per order, every order paid once its webhook was processed, inventory counters consistent.
 */
async function countRows(
  stage: HaStage,
  drill: string,
  load: PurchaseLoad,
  tenant: Tenant,
  typeId: string,
  failedAt: number,
): Promise<void> {
  const acked = load.acknowledged();
  const db: Client = await connect(stage.topology.directUrl(stage.database));
  try {
    const ids = [...acked.values()];
    const found = await scalar(
      db,
      'SELECT count(*) FROM orders WHERE tenant_id = $1 AND id = ANY($2::uuid[])',
      [tenant.id, ids],
    );
    check(drill, 'acknowledged purchases lost (RPO)', 0, ids.length - found);
    check(drill, 'keys acknowledged (every key in the end)', load.keys.length, acked.size);
    check(
      drill,
      'keys with other than one order',
      0,
      await scalar(
        db,
        `SELECT count(*) FROM unnest($2::uuid[]) k(key)
          WHERE (SELECT count(*) FROM orders o WHERE o.tenant_id = $1 AND o.idempotency_key = k.key) <> 1`,
        [tenant.id, load.keys],
      ),
    );
    check(
      drill,
      'orders with more than one provider payment',
      0,
      await scalar(
        db,
        `SELECT count(*) FROM payments p WHERE p.tenant_id = $1
            AND (SELECT count(*) FROM simulated_provider_payments s
                  WHERE s.idempotency_key = p.provider_idempotency_key) > 1`,
        [tenant.id],
      ),
    );
    // The simulated provider retries a failed delivery with backoff (up to a minute), a webhook
    // event a killed worker held waits out its lease, and Bull recovers a job cut by the failure
    // within a stated bound: wait until the last of those, not a fixed guess (waitForDeliveries).
    await waitForDeliveries(
      db,
      'every order paid',
      async () =>
        (await scalar(db, `SELECT count(*) FROM orders WHERE tenant_id = $1 AND status <> 'paid'`, [
          tenant.id,
        ])) === 0,
      15000,
      240000,
      failedAt,
    );
    check(
      drill,
      'orders not paid after their webhooks',
      0,
      await scalar(db, `SELECT count(*) FROM orders WHERE tenant_id = $1 AND status <> 'paid'`, [
        tenant.id,
      ]),
    );
    await waitForDeliveries(
      db,
      'every webhook event processed',
      async () =>
        (await scalar(db, `SELECT count(*) FROM webhook_events WHERE status <> 'processed'`)) === 0,
      15000,
      240000,
      failedAt,
    );
    check(
      drill,
      'webhook events stored but not processed',
      0,
      await scalar(db, `SELECT count(*) FROM webhook_events WHERE status <> 'processed'`),
    );
    const { rows } = await db.query(
      'SELECT capacity, available, reserved, sold FROM ticket_types WHERE id = $1',
      [typeId],
    );
    const t = rows[0] as { capacity: number; available: number; reserved: number; sold: number };
    check(
      drill,
      'available + reserved + sold = capacity',
      t.capacity,
      t.available + t.reserved + t.sold,
    );
    check(
      drill,
      'sold = seats of paid orders',
      await scalar(
        db,
        `SELECT coalesce(sum(r.quantity), 0) FROM orders o JOIN reservations r ON r.id = o.reservation_id
          WHERE o.tenant_id = $1 AND o.status = 'paid'`,
        [tenant.id],
      ),
      t.sold,
    );
  } finally {
    await db.end();
  }
}

function judge(
  drill: string,
  answers: Answer[],
  t: OutageTimeline,
  label: string,
  earlier: Answer[] = answers,
): void {
  notes.push(`${drill}: answers ${tally(earlier)}`);
  checkAnswers(
    drill,
    label,
    answers.map((answer) => ({
      answer,
      verdict: judgeOutage(answer, earlier, t, HA_LOCK_SECONDS),
    })),
    t.stopCalled,
  );
}

/** Load for `before` ms, the failure, then load until every instance is healthy and `after` ms. */
async function underLoad(
  stage: HaStage,
  drill: string,
  failure: (load: PurchaseLoad) => Promise<void>,
  recovery?: () => Promise<void>,
): Promise<{
  load: PurchaseLoad;
  tenant: Tenant;
  typeId: string;
  t: OutageTimeline;
  rtoMs: number;
}> {
  const { tenant, typeId } = await setUp(stage, drill.replace(/\W+/g, '-'));
  const load = new PurchaseLoad(stage.topology.httpUrl, tenant, typeId, stage.short ? 5 : 10);
  load.start();
  await sleep(stage.short ? 3000 : 6000);
  const failedAt = Date.now();
  await failure(load);
  const failureDone = Date.now();
  if (recovery !== undefined) await recovery();
  await waitFor('every instance healthy again', () => allHealthy(stage), 120000, 200);
  const recovered = Date.now();
  await sleep(stage.short ? 3000 : 6000);
  await load.stop();
  const first2xx = load.answers
    .filter((a) => a.status === 201 && a.sentAt > failedAt)
    .reduce((min, a) => Math.min(min, a.answeredAt), Infinity);
  // No moment is "certainly down" here (the point of the topology): from the failure until every
  // instance is healthy again is one edge, where 201, 503 and a held 409 are all right.
  const t: OutageTimeline = {
    stopCalled: failedAt,
    downFrom: failureDone,
    downTo: failureDone,
    recovered,
  };
  return { load, tenant, typeId, t, rtoMs: first2xx - failedAt };
}

export async function postgresFailoverDrill(stage: HaStage): Promise<void> {
  const drill = 'ha: pg failover';
  const topo = stage.topology;
  const old = await topo.leader();
  if (old === undefined) throw new Error('no PostgreSQL leader');
  const { load, tenant, typeId, t, rtoMs } = await underLoad(
    stage,
    drill,
    async () => {
      log(`${drill}: kill -9 of ${old.name} (Patroni and postmaster)`);
      await topo.killNode(old);
    },
    async () => {
      await topo.waitForCluster('a new leader', (m) =>
        m.some((x) => x.role === 'leader' && x.name !== old.name && x.state === 'running'),
      );
    },
  );
  const promoted = await topo.leader();
  check(
    drill,
    'the standby promoted',
    'yes',
    promoted !== undefined && promoted.name !== old.name ? 'yes' : 'no',
  );
  notes.push(`${drill}: RTO (kill to first 2xx) ${(rtoMs / 1000).toFixed(1)} s`);
  check(drill, 'a 2xx after the kill (RTO measured)', 'yes', Number.isFinite(rtoMs) ? 'yes' : 'no');
  judge(drill, load.answers, t, 'answers other than 201, 503, held 409 (no 500, no hang)');
  await countRows(stage, drill, load, tenant, typeId, t.stopCalled);
  topo.restartNode(old);
  const rejoined = await topo
    .waitForCluster(
      `${old.name} to rejoin as the synchronous standby`,
      (m) => m.some((x) => x.name === old.name && x.role === 'sync_standby'),
      180000,
    )
    .then(
      () => true,
      () => false,
    );
  check(drill, 'old primary rejoined as synchronous standby', 'yes', rejoined ? 'yes' : 'no');
  if (rejoined && promoted !== undefined) {
    await afterRejoin(stage, drill, promoted, old, tenant, typeId);
  }
}

/**
 * After the old primary rejoined: still one leader (the promoted node), HAProxy's PostgreSQL port
 * leads to it, the rejoined node streams as its synchronous standby (pg_stat_replication on the
 * primary, not only Patroni's word), and purchases made now are acknowledged, are on the primary
 * and reach the rejoined standby.
 */
async function afterRejoin(
  stage: HaStage,
  drill: string,
  primary: PatroniNode,
  rejoined: PatroniNode,
  tenant: Tenant,
  typeId: string,
): Promise<void> {
  const topo = stage.topology;
  const leaders = (await topo.cluster()).filter((m) => m.role === 'leader').map((m) => m.name);
  check(drill, 'after the rejoin: the leader', primary.name, leaders.join(',') || 'none');
  const db = await connect(topo.directUrl(stage.database));
  const standby = await connect(
    `postgres://postgres@127.0.0.1:${rejoined.pgPort}/${stage.database}`,
  );
  try {
    const { rows } = await db.query(
      `SELECT pg_is_in_recovery() AS recovery, current_setting('port') AS port`,
    );
    const where = rows[0] as { recovery: boolean; port: string };
    const node = topo.nodes.find((n) => String(n.pgPort) === where.port)?.name ?? where.port;
    check(
      drill,
      "after the rejoin: HAProxy's PostgreSQL port leads to",
      `${primary.name} primary`,
      `${node} ${where.recovery ? 'standby' : 'primary'}`,
    );
    const replication = async () =>
      (
        await db.query(
          `SELECT application_name || ' ' || state || ' ' || sync_state AS s
             FROM pg_stat_replication ORDER BY 1`,
        )
      ).rows
        .map((r: { s: string }) => r.s)
        .join(',');
    const expected = `${rejoined.name} streaming sync`;
    await waitFor(
      'the standby to stream',
      async () => (await replication()) === expected,
      15000,
      250,
    ).catch(() => undefined);
    check(drill, 'after the rejoin: standbys of the primary', expected, await replication());

    const n = stage.short ? 5 : 10;
    const load = new PurchaseLoad(topo.httpUrl, tenant, typeId, 1);
    load.burst(n);
    await load.stop();
    const ids = [...load.acknowledged().values()];
    const count = (c: Client) =>
      scalar(c, 'SELECT count(*) FROM orders WHERE tenant_id = $1 AND id = ANY($2::uuid[])', [
        tenant.id,
        ids,
      ]);
    await waitFor(
      'the purchases on the standby',
      async () => (await count(standby)) === n,
      15000,
      250,
    ).catch(() => undefined);
    notes.push(`${drill}: purchases after the rejoin: answers ${tally(load.answers)}`);
    check(
      drill,
      'purchases after the rejoin: answered 201, on the primary, on the rejoined standby',
      `${n},${n},${n}`,
      `${load.answers.filter((a) => a.status === 201).length},${await count(db)},${await count(standby)}`,
    );
  } finally {
    await db.end();
    await standby.end();
  }
}

export async function redisFailoverDrill(stage: HaStage): Promise<void> {
  const drill = 'ha: redis failover';
  const topo = stage.topology;
  const oldPort = topo.redisMasterPort();
  const master = topo.redis.find((r) => r.port === oldPort);
  if (master === undefined) throw new Error('no Redis master');
  const ledger = new RepeatLedger(
    topo.sentinels.map((x) => ({ host: '127.0.0.1', port: x.port })),
    stage.database,
  );
  ledger.start();
  try {
    const { load, tenant, typeId, t } = await underLoad(
      stage,
      drill,
      async () => {
        log(`${drill}: kill -9 of the Redis master on ${oldPort}`);
        await master.proc.signal('SIGKILL');
      },
      async () => {
        await waitFor(
          'Sentinel to promote the replica',
          async () => {
            const port = topo.redisMasterPort();
            return port !== undefined && port !== oldPort;
          },
          60000,
          250,
        );
      },
    );
    check(drill, 'the replica promoted', 'yes', topo.redisMasterPort() !== oldPort ? 'yes' : 'no');
    judge(drill, load.answers, t, 'answers other than 201, 503, held 409 (no 500, no hang)');
    check(
      drill,
      'purchases answered 503 (Redis is not on the request path)',
      0,
      load.answers.filter((a) => a.status === 503).length,
    );
    await countRows(stage, drill, load, tenant, typeId, t.stopCalled);
    // The expiry sweep is a repeatable job: a hold made after the failover must still be released.
    const url = topo.httpUrl;
    const hold = await send(url, '/v1/reservations', tenant.apiKey, {
      ticketTypeId: typeId,
      quantity: 1,
    });
    const db = await connect(topo.directUrl(stage.database));
    try {
      await waitFor(
        'the hold to expire',
        async () =>
          (await scalar(
            db,
            `SELECT count(*) FROM reservations WHERE id = $1 AND status = 'expired'`,
            [hold.id],
          )) === 1,
        60000,
        500,
      ).catch(() => undefined);
      check(
        drill,
        'a hold made after the failover released by the sweep',
        1,
        await scalar(db, `SELECT count(*) FROM reservations WHERE id = $1 AND status = 'expired'`, [
          hold.id,
        ]),
      );
    } finally {
      await db.end();
    }
    countRepeatRuns(drill, await ledger.stop(), t);
    // Repeatable jobs run once per tick across instances only if each is scheduled once: one
    // schedule per queue on the new master (Bull keeps them in <prefix>:<queue>:repeat).
    const port = topo.redisMasterPort();
    const queues = Object.values(QUEUES);
    const schedules = queues.map((queue) =>
      Number(
        execFileSync(
          'redis-cli',
          ['-p', String(port), 'ZCARD', `${stage.database}:${queue}:repeat`],
          { encoding: 'utf8' },
        ).trim(),
      ),
    );
    check(
      drill,
      'repeatable schedules per queue on the new master',
      queues.map(() => 1).join(','),
      schedules.join(','),
    );
    // The old master comes back empty and is made a replica of the new one by the Sentinels.
    master.proc.start();
  } finally {
    await ledger.stop();
  }
}

/**
 * Every repeatable job (cleanup, expiry sweep, webhook re-drive, payment recovery) ran once per
 * tick across the three instances, before the Redis master died and after the failover, counted
 * from the jobs Redis recorded (drills/lib/ticks.ts): a second run of one tick is right only when
 * the dead master had not replicated the first (judgeTick).
 */
function countRepeatRuns(drill: string, ticks: Tick[], t: OutageTimeline): void {
  const wrong = ticks.map((tick) => judgeTick(tick, t.stopCalled)).filter((v) => !v.ok);
  check(drill, 'repeatable job ticks run other than once', 0, wrong.length);
  for (const v of wrong.slice(0, 5)) notes.push(`${drill}: ${v.why}`);
  const before = (name: string) =>
    ticks.filter((k) => k.name === name && k.due < t.stopCalled).length;
  const after = (name: string) =>
    ticks.filter((k) => k.name === name && k.due > t.recovered).length;
  check(
    drill,
    'repeatable jobs with a tick run before the kill',
    REPEATED.length,
    REPEATED.filter((name) => before(name) > 0).length,
  );
  check(
    drill,
    'repeatable jobs with a tick due and run after the failover',
    REPEATED.length,
    REPEATED.filter((name) => after(name) > 0).length,
  );
  const runs = ticks.reduce((n, k) => n + k.runs, 0);
  const twice = ticks.filter((k) => k.runs > 1).length;
  notes.push(
    `${drill}: repeatable jobs: ${ticks.length} ticks seen, ${runs} runs ` +
      `(${twice} ticks run twice across the kill); ticks before the kill / after the failover: ` +
      REPEATED.map((name) => `${name} ${before(name)} / ${after(name)}`).join(', '),
  );
}

export async function instanceKillDrill(stage: HaStage): Promise<void> {
  const drill = 'ha: instance kill';
  const victim = stage.services[0];
  let killedAt = 0;
  const { load, tenant, typeId, t } = await underLoad(stage, drill, async (load) => {
    // A burst first, so that the victim dies with purchases in flight (a third of them, round
    // robin): their retries must wait out the lease and take the key over on another instance.
    load.burst(stage.short ? 15 : 30);
    await sleep(30);
    log(`${drill}: kill -9 of ${victim.url}`);
    killedAt = Date.now();
    await victim.kill9();
  });
  // A request the dead instance had taken is cut: HAProxy answers 502, or drops the connection
  // when the response had begun. Nothing else may be cut; the client retries it with the same
  // key on another instance, which waits out the lease (409) and takes the key over.
  const inFlight = (a: Answer) => a.sentAt <= killedAt && a.answeredAt >= killedAt;
  const isCut = (a: Answer) => a.status === 502 || a.status === 0;
  const cut = load.answers.filter(isCut);
  const inFlightKeys = new Set(cut.filter(inFlight).map((a) => a.key));
  check(
    drill,
    'cut answers (502, dropped) not in flight at the kill',
    0,
    cut.filter((a) => !inFlight(a)).length,
  );
  notes.push(`${drill}: requests cut on the killed instance ${tally(cut)}`);
  judge(
    drill,
    load.answers.filter((a) => !(isCut(a) && inFlight(a))),
    t,
    'other answers than 201, 503, held 409 (no 500, no hang)',
    load.answers,
  );
  const taken = load.answers.filter((a) => a.status === 409 && inFlightKeys.has(a.key)).length;
  notes.push(
    `${drill}: ${inFlightKeys.size} keys cut on the killed instance; their retries told 409 IN_PROGRESS until the lease ended: ${taken}`,
  );
  await countRows(stage, drill, load, tenant, typeId, t.stopCalled);
  await victim.start();
}

export async function pgbouncerRestartDrill(stage: HaStage): Promise<void> {
  const drill = 'ha: pgbouncer restart';
  const { load, tenant, typeId, t } = await underLoad(stage, drill, async () => {
    log(`${drill}: kill -9 of PgBouncer, started again 1 s later`);
    await stage.topology.restartPgbouncer();
  });
  judge(drill, load.answers, t, 'answers other than 201, 503, held 409 (no 500, no hang)');
  await countRows(stage, drill, load, tenant, typeId, t.stopCalled);
}

export const HA_DRILLS = [
  { name: 'ha: pg failover', run: postgresFailoverDrill },
  { name: 'ha: redis failover', run: redisFailoverDrill },
  { name: 'ha: instance kill', run: instanceKillDrill },
  { name: 'ha: pgbouncer restart', run: pgbouncerRestartDrill },
];
