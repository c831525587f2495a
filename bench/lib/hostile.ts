/**
 * The `hostile` scenario (issue 11): does the worst body a client may send slow down everyone
 * else? Normal traffic runs at a fixed moderate rate, alone and then with attackers sending hostile
 * bodies in parallel (bench/lib/hostile-attacker.ts, in a worker thread), rounds interleaved; the
 * target is p99 of the normal traffic with the attackers / alone (medians of the rounds). Also
 * checked: every attacker request is answered 4xx (never 5xx), and no table changed through them.
 *
 * The normal traffic is the floor GET (GET one reservation: the cheapest authenticated request, so
 * the one a stall of the event loop moves most) and fresh-key reservations (a write through the
 * idempotency claim, which also waits on the database pool), half and half, at 40 % of the fresh
 * keys' saturation throughput measured just before (the bench's rule for latency scenarios: the
 * latency is service time, not queueing). At saturation any extra CPU, hostile or not, moves p99;
 * the question here is what one hostile request costs, not how much traffic the machine takes.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Client } from 'pg';
import { loadConfig } from '../../src/config/app-config';
import { DEFAULT_JSON_LIMITS } from '../../src/http/json-body';
import { createTenant, Tenant } from './api';
import { clusterCpuMs, processCpuMs } from './cpu';
import type { AttackerConfig, AttackerResult, Limits } from './hostile-attacker';
import { LoadResult, percentile, RequestSpec, runLoad, tenantPost } from './load';

export interface HostileContext {
  url: string;
  /** The service process, for its CPU time. */
  pid?: number;
  clusterDataDir?: string;
  db: Client;
  /** The tenant whose traffic is measured; the attackers use a tenant of their own. */
  tenant: Tenant;
  types: string[];
  reservationIds: string[];
  seconds: number;
  rounds: number;
  compiled: boolean;
  record: (scenario: string, result: LoadResult, note?: string) => LoadResult;
  target: (name: string, measured: number, goal: string, met: boolean, detail: string) => void;
  log: (message: string) => void;
  extra: Record<string, unknown>;
}

/** Attacker requests per second, all kinds together (BENCH_HOSTILE_RATE). */
const ATTACK_RATE = Number(process.env.BENCH_HOSTILE_RATE ?? 20);
const ATTACK_CONNECTIONS = 8;

const median = (values: number[]): number => {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * The limits the service runs with: the body structure limits, the API routes' body limit
 * (API_BODY_LIMIT_BYTES) and the webhook receiver's (BODY_LIMIT_BYTES).
 */
export function serviceLimits(): Limits {
  const config = loadConfig({
    BODY_LIMIT_BYTES: process.env.BODY_LIMIT_BYTES,
    API_BODY_LIMIT_BYTES: process.env.API_BODY_LIMIT_BYTES,
  });
  return {
    ...DEFAULT_JSON_LIMITS,
    bodyLimitBytes: config.apiBodyLimitBytes,
    webhookBodyLimitBytes: config.bodyLimitBytes,
  };
}

function startAttackers(config: AttackerConfig, compiled: boolean): Promise<AttackerResult> {
  const file = join(__dirname, compiled ? 'hostile-attacker.js' : 'hostile-attacker.ts');
  const worker = compiled
    ? new Worker(file, { workerData: { attacker: config } })
    : new Worker(`require('ts-node/register/transpile-only'); require(${JSON.stringify(file)});`, {
        eval: true,
        workerData: { attacker: config },
      });
  return new Promise((resolve, reject) => {
    worker.once('message', (message: { result?: AttackerResult; error?: string }) => {
      void worker.terminate();
      if (message.result !== undefined) resolve(message.result);
      else reject(new Error(`attackers failed: ${message.error}`));
    });
    worker.once('error', reject);
  });
}

/**
 * A digest of every table, leaving out the measured tenant's rows (its reservations change on
 * purpose): any row the attackers inserted, changed or deleted shows as a table whose digest moved.
 */
async function digest(db: Client, tenantId: string): Promise<Record<string, string>> {
  const tables = (
    await db.query<{ table_name: string; scoped: boolean }>(
      `SELECT t.table_name,
              EXISTS (SELECT 1 FROM information_schema.columns c
                       WHERE c.table_schema = 'public' AND c.table_name = t.table_name
                         AND c.column_name = 'tenant_id') AS scoped
         FROM information_schema.tables t
        WHERE t.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND t.table_name <> 'migrations'
        ORDER BY t.table_name`,
    )
  ).rows;
  const out: Record<string, string> = {};
  for (const { table_name, scoped } of tables) {
    const where = scoped ? `WHERE x.tenant_id IS DISTINCT FROM $1` : `WHERE $1::uuid IS NOT NULL`;
    const [row] = (
      await db.query<{ n: number; h: string }>(
        `SELECT count(*)::int AS n, md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) AS h
           FROM "${table_name}" x ${where}`,
        [tenantId],
      )
    ).rows;
    out[table_name] = `${row.n}:${row.h}`;
  }
  return out;
}

/** The measured tenant's effects: reservations, idempotency keys, seats held. */
async function tenantEffects(db: Client, tenantId: string) {
  const [row] = (
    await db.query<{ reservations: number; keys: number; reserved: number }>(
      `SELECT (SELECT count(*)::int FROM reservations WHERE tenant_id = $1) AS reservations,
              (SELECT count(*)::int FROM idempotency_keys WHERE tenant_id = $1) AS keys,
              (SELECT coalesce(sum(reserved), 0)::int FROM ticket_types WHERE tenant_id = $1) AS reserved`,
      [tenantId],
    )
  ).rows;
  return row;
}

export async function hostile(ctx: HostileContext): Promise<void> {
  const { url, db, tenant, types, reservationIds, log } = ctx;
  const limits = serviceLimits();
  const attacker = await createTenant(url, `hostile ${randomUUID().slice(0, 8)}`);
  log(`hostile: attacker tenant ${attacker.id}; limits ${JSON.stringify(limits)}`);

  const cpu = () => ({
    service: ctx.pid !== undefined ? processCpuMs(ctx.pid) : NaN,
    postgres: ctx.clusterDataDir !== undefined ? clusterCpuMs(ctx.clusterDataDir) : NaN,
  });
  let freshIndex = 0;
  const fresh = (): RequestSpec =>
    tenantPost('/v1/reservations', tenant.apiKey, randomUUID(), {
      ticketTypeId: types[freshIndex++ % types.length],
      quantity: 1,
    });
  let readIndex = 0;
  const read = (): RequestSpec => ({
    method: 'GET',
    path: `/v1/reservations/${reservationIds[readIndex++ % reservationIds.length]}`,
    headers: { authorization: `Bearer ${tenant.apiKey}` },
    body: '',
  });
  const attackerConfig = (seconds: number, rate = ATTACK_RATE): AttackerConfig => ({
    url,
    apiKey: attacker.apiKey,
    limits,
    rate,
    connections: ATTACK_CONNECTIONS,
    seconds,
  });

  // Every state change from here on: the measured tenant's 201s (counted) and nothing else.
  const digestBefore = await digest(db, tenant.id);
  const effectsBefore = await tenantEffects(db, tenant.id);
  let fresh201 = 0;
  let windows = 0;

  // Each hostile kind once, alone: its answer and how long it took (no other traffic).
  const alone = await startAttackers({ ...attackerConfig(0), once: true }, ctx.compiled);
  const kinds = Object.entries(alone.kinds).map(([name, k]) => ({
    name,
    bytes: k.bytes,
    status: Object.keys(k.status).join(',') || JSON.stringify(k.errors),
    ms: k.ms,
  }));
  ctx.extra['hostile.kinds'] = kinds;
  for (const k of kinds) {
    log(`hostile kind: ${k.name} (${k.bytes} bytes): ${k.status} in ${k.ms.toFixed(1)} ms`);
  }

  // The rate of the normal traffic: 40 % of the fresh keys' saturation throughput.
  const saturation = await runLoad({ url, connections: 16, duration: ctx.seconds, next: fresh });
  fresh201 += saturation.status['201'] ?? 0;
  windows++;
  ctx.record('hostile: fresh keys at saturation (sets the rate)', saturation);
  const rate = Math.max(40, Math.min(400, Math.round(saturation.rps * 0.4)));
  ctx.extra['hostile.normalRate'] = rate;
  log(
    `hostile: normal traffic at ${rate} req/s (half GET, half fresh keys), attackers at ${ATTACK_RATE} req/s`,
  );

  /** One window of normal traffic: GETs and fresh keys side by side, each at rate / 2. */
  const normal = async (seconds: number) => {
    const c0 = cpu();
    const [gets, posts] = await Promise.all(
      [read, fresh].map((next) =>
        runLoad({
          url,
          connections: 8,
          duration: seconds,
          overallRate: Math.round(rate / 2),
          next,
          keepTimes: true,
        }),
      ),
    );
    const c1 = cpu();
    windows++;
    fresh201 += posts.status['201'] ?? 0;
    const times = [...gets.times!, ...posts.times!].sort((a, b) => a - b);
    const status: Record<string, number> = {};
    for (const r of [gets, posts]) {
      for (const [code, n] of Object.entries(r.status)) status[code] = (status[code] ?? 0) + n;
    }
    const requests = times.length;
    const combined: LoadResult = {
      requests,
      seconds: Math.max(gets.seconds, posts.seconds),
      rps: gets.rps + posts.rps,
      p50: percentile(times, 50),
      p90: percentile(times, 90),
      p99: percentile(times, 99),
      max: times[times.length - 1] ?? NaN,
      status,
      errors: gets.errors + posts.errors,
      cpu: {
        service: (c1.service - c0.service) / requests,
        postgres: (c1.postgres - c0.postgres) / requests,
        redis: NaN,
      },
    };
    return { combined, gets, posts, cpuMs: c1.service - c0.service };
  };

  // Warm-up: the normal traffic, then the attackers' paths (JIT, pools).
  await normal(3);
  await startAttackers(attackerConfig(3), ctx.compiled);

  const aloneRuns: Awaited<ReturnType<typeof normal>>[] = [];
  const attackedRuns: Awaited<ReturnType<typeof normal>>[] = [];
  const attacks: AttackerResult[] = [];
  const attackCpuPerRequest: number[] = [];
  for (let round = 1; round <= ctx.rounds; round++) {
    const order = round % 2 === 1 ? ['alone', 'attacked'] : ['attacked', 'alone'];
    for (const kind of order) {
      if (kind === 'alone') {
        const run = await normal(ctx.seconds);
        aloneRuns.push(run);
        ctx.record(
          `hostile: normal traffic alone, round ${round}`,
          run.combined,
          `fixed ${rate} req/s`,
        );
      } else {
        // The attackers start a second before the normal window and stop a second after it.
        const attackers = startAttackers(attackerConfig(ctx.seconds + 2), ctx.compiled);
        const s0 = ctx.pid !== undefined ? processCpuMs(ctx.pid) : NaN;
        await new Promise((r) => setTimeout(r, 1000));
        const run = await normal(ctx.seconds);
        const result = await attackers;
        const s1 = ctx.pid !== undefined ? processCpuMs(ctx.pid) : NaN;
        attackedRuns.push(run);
        attacks.push(result);
        ctx.record(
          `hostile: normal traffic with attackers, round ${round}`,
          run.combined,
          `fixed ${rate} req/s`,
        );
        ctx.record(
          `hostile: the attackers, round ${round}`,
          {
            requests: result.answered,
            seconds: result.seconds,
            rps: result.answered / result.seconds,
            p50: percentile(result.times, 50),
            p90: percentile(result.times, 90),
            p99: percentile(result.times, 99),
            max: result.times[result.times.length - 1] ?? NaN,
            status: result.status,
            errors: result.errors,
          },
          `${ATTACK_RATE} req/s offered, ${result.skipped} ticks skipped`,
        );
        // The service's CPU per hostile request: all of it over the attack, less what the normal
        // traffic costs (its CPU per request in this round's window alone, or the last one).
        const base = aloneRuns[aloneRuns.length - 1] ?? run;
        const normalMs = (base.cpuMs / base.combined.requests) * run.combined.requests;
        attackCpuPerRequest.push((s1 - s0 - normalMs) / Math.max(1, result.answered));
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }

  // State: nothing changed but the measured tenant's own reservations.
  const digestAfter = await digest(db, tenant.id);
  const effectsAfter = await tenantEffects(db, tenant.id);
  const changedTables = Object.keys({ ...digestBefore, ...digestAfter }).filter(
    (t) => digestBefore[t] !== digestAfter[t],
  );
  const effects = {
    reservations: effectsAfter.reservations - effectsBefore.reservations,
    keys: effectsAfter.keys - effectsBefore.keys,
    reserved: effectsAfter.reserved - effectsBefore.reserved,
  };
  // The clients count the 201s they saw; requests still in flight when a window closed complete
  // on the server unseen, so the tenant's effects may exceed the count by the connections open.
  const inFlightBound = windows * 16;
  const stateProblems = [
    ...changedTables.map((t) => `table ${t} changed outside the measured tenant`),
    ...(effects.reservations === effects.keys && effects.keys === effects.reserved
      ? []
      : [`measured tenant: ${JSON.stringify(effects)} (reservations, keys, seats differ)`]),
    ...(effects.reservations >= fresh201 && effects.reservations <= fresh201 + inFlightBound
      ? []
      : [`measured tenant: ${effects.reservations} new reservations for ${fresh201} 201s seen`]),
  ];

  // Answers of the attackers: all 4xx, never 5xx (nor a dropped connection).
  const allAttacks = [alone, ...attacks];
  const answers: Record<string, number> = {};
  const perKindBad: string[] = [];
  let bad = 0;
  for (const a of allAttacks) {
    for (const [code, n] of Object.entries(a.status)) {
      answers[code] = (answers[code] ?? 0) + n;
      if (!code.startsWith('4')) bad += n;
    }
    bad += a.errors;
    for (const [name, k] of Object.entries(a.kinds)) {
      const wrong = [
        ...Object.entries(k.status).filter(([code]) => !code.startsWith('4')),
        ...Object.entries(k.errors),
      ];
      if (wrong.length > 0)
        perKindBad.push(`${name}: ${wrong.map(([c, n]) => `${c}×${n}`).join(' ')}`);
    }
  }
  const attackRps = median(attacks.map((a) => a.answered / a.seconds));
  const bytesPerSecond = median(
    attacks.map(
      (a) =>
        Object.values(a.kinds).reduce((sum, k) => sum + k.sent * k.bytes, 0) / a.seconds / 2 ** 20,
    ),
  );

  // Mean answer time per kind under attack (time in the service plus the upload), slowest first.
  const perKindMs: Record<string, { sent: number; meanMs: number }> = {};
  for (const a of attacks) {
    for (const [name, k] of Object.entries(a.kinds)) {
      const e = (perKindMs[name] ??= { sent: 0, meanMs: 0 });
      e.meanMs = (e.meanMs * e.sent + k.ms) / Math.max(1, e.sent + k.sent);
      e.sent += k.sent;
    }
  }
  const slowest = Object.entries(perKindMs).sort(([, a], [, b]) => b.meanMs - a.meanMs);
  for (const [name, k] of slowest.slice(0, 6)) {
    log(
      `hostile: slowest kinds under attack: ${name}: mean ${k.meanMs.toFixed(1)} ms over ${k.sent}`,
    );
  }

  const p99Alone = median(aloneRuns.map((r) => r.combined.p99));
  const p99Attacked = median(attackedRuns.map((r) => r.combined.p99));
  const ratio = p99Attacked / p99Alone;
  const perRound = attackedRuns.map((r, i) => r.combined.p99 / aloneRuns[i].combined.p99);
  const part = (runs: typeof aloneRuns, which: 'gets' | 'posts') =>
    median(runs.map((r) => r[which].p99)).toFixed(2);
  ctx.extra.hostile = {
    normalRate: rate,
    attackRate: ATTACK_RATE,
    attackConnections: ATTACK_CONNECTIONS,
    limits,
    p99Alone: aloneRuns.map((r) => r.combined.p99),
    p99Attacked: attackedRuns.map((r) => r.combined.p99),
    attackCpuMsPerRequest: attackCpuPerRequest,
    attackerAnswers: answers,
    perKind: attacks.map((a) => a.kinds),
    perKindMeanMs: Object.fromEntries(slowest),
    changedTables,
    effects,
    fresh201,
  };
  ctx.target(
    'hostile: normal p99 with attackers / alone',
    ratio,
    '<= 1.2',
    ratio <= 1.2,
    `${p99Attacked.toFixed(2)} vs ${p99Alone.toFixed(2)} ms at ${rate} req/s (medians of ${ctx.rounds}; per round ${Math.min(...perRound).toFixed(2)}–${Math.max(...perRound).toFixed(2)}); GET p99 ${part(attackedRuns, 'gets')} vs ${part(aloneRuns, 'gets')}, fresh p99 ${part(attackedRuns, 'posts')} vs ${part(aloneRuns, 'posts')} ms; attackers ${attackRps.toFixed(1)} req/s (${bytesPerSecond.toFixed(1)} MiB/s), service CPU ${median(attackCpuPerRequest).toFixed(2)} ms per hostile request`,
  );
  ctx.target(
    'hostile: attacker answers other than 4xx',
    bad,
    '= 0',
    bad === 0,
    `${Object.entries(answers)
      .map(([c, n]) => `${c}:${n}`)
      .join(
        ' ',
      )} over ${allAttacks.reduce((s, a) => s + a.sent, 0)} requests of ${kinds.length} kinds${perKindBad.length > 0 ? `; ${perKindBad.slice(0, 4).join('; ')}` : ''}`,
  );
  ctx.target(
    'hostile: state changed through the attackers',
    stateProblems.length,
    '= 0',
    stateProblems.length === 0,
    stateProblems.length === 0
      ? `every table's digest unchanged outside the measured tenant (attacker tenant included); the measured tenant gained ${effects.reservations} reservations, keys and held seats alike (${fresh201} 201s seen by the clients, the rest answered after a window closed)`
      : stateProblems.slice(0, 4).join('; '),
  );
}
