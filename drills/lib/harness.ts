/**
 * What every drill shares: the check table, notes, the scratch PostgreSQL and Redis a drill may
 * kill, and service instances started against them. A drill is a `Drill` ({ name, run(stage) })
 * listed in drills/run.ts; it records checks with `check` and never throws for a wrong count
 * (a throw ends that drill with one failed check, "drill ran to the end").
 */
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { post, HttpResult, WEBHOOK_SECRET } from '../../bench/lib/api';
import { PgCluster, RedisServer, ServiceProcess, sleep } from '../../bench/lib/procs';
import { WebhookProcessingPolicy } from '../../src/modules/webhooks/webhook-processing.policy';
import type { Answer, Verdict } from './answers';

/** How long an inbox row in `processing` is left to its worker before the re-drive may take it. */
const INBOX_LEASE_MS = new WebhookProcessingPolicy().processingLeaseMs;

export const ROOT = resolve(__dirname, '..', '..');

export interface Check {
  drill: string;
  check: string;
  expected: string;
  actual: string;
  ok: boolean;
}

export const checks: Check[] = [];
export const notes: string[] = [];

export function log(message: string): void {
  process.stdout.write(`[${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** Records one check; `ok` defaults to expected and actual printing the same. */
export function check(
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

/**
 * One check over a set of judged answers: how many are wrong (expected 0); the first few wrong
 * ones go to the notes with the reason, relative to `t0`.
 */
export function checkAnswers(
  drill: string,
  name: string,
  judged: Array<{ answer: Answer; verdict: Verdict }>,
  t0: number,
): void {
  const bad = judged.filter((j) => !j.verdict.ok);
  check(drill, name, 0, bad.length);
  for (const { answer, verdict } of bad.slice(0, 5)) {
    notes.push(
      `${drill}: wrong answer, key ${answer.key.slice(0, 8)}, sent at +${answer.sentAt - t0} ms, ` +
        `answered at +${answer.answeredAt - t0} ms: ${verdict.why}`,
    );
  }
}

/** The single-node stage: one PostgreSQL cluster and one Redis of the drill's own. */
export interface Stage {
  short: boolean;
  logDir: string;
  cluster: PgCluster;
  redis: RedisServer;
}

export interface Drill {
  name: string;
  run(stage: Stage): Promise<void>;
}

/**
 * The environment of a service instance on the stage: its own database and queue prefix, the
 * drills' webhook secret, a fast expiry sweep, and no per-tenant rate limit (the drills send a
 * tenant's whole load on purpose; a 429 would hide what they count).
 */
export function serviceEnv(
  stage: Stage,
  database: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    DATABASE_URL: stage.cluster.url(database),
    REDIS_URL: stage.redis.url,
    QUEUE_PREFIX: database,
    PAYMENT_WEBHOOK_SECRET: WEBHOOK_SECRET,
    LOG_LEVEL: 'warn',
    RESERVATION_SWEEP_INTERVAL_SECONDS: '2',
    TENANT_RATE_LIMIT: '0',
    ...extra,
  };
}

/** Starts the built service (dist/src/main.js) and waits for its /health to answer 200. */
export async function startService(
  stage: Pick<Stage, 'logDir'>,
  name: string,
  vars: Record<string, string>,
  port?: number,
): Promise<ServiceProcess> {
  const instance = await ServiceProcess.create({
    name,
    entry: join(ROOT, 'dist/src/main.js'),
    logDir: stage.logDir,
    env: port === undefined ? vars : { ...vars, PORT: String(port) },
  });
  await instance.start();
  return instance;
}

export async function connect(url: string): Promise<Client> {
  const db = new Client({ connectionString: url, application_name: 'drill' });
  db.on('error', () => undefined);
  await db.connect();
  return db;
}

export async function scalar(db: Client, text: string, params: unknown[] = []): Promise<number> {
  const { rows } = await db.query(text, params);
  return Number(Object.values(rows[0] as Record<string, unknown>)[0]);
}

/** Sends one request with one key until it gets a final answer; 409 in progress and 5xx retry. */
export async function settle(
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

/**
 * Bull's own recovery of a job whose worker died or whose Redis master changed while the job ran:
 * its lock runs out (lockDuration, 30 s), the next stalled-job check (every 30 s) puts it back,
 * and its retries back off (the webhook job: 1 + 2 + 4 + 8 s). Bull's defaults; the service keeps
 * them.
 */
export const BULL_RECOVERY_MS = 30000 + 30000 + 15000;

/**
 * Waits until `done` holds, for as long as the service may still be working on it, by what the
 * database says it has left to do, never a fixed guess (capped at `capMs`):
 * - the simulated provider retries a webhook delivery with backoff (up to a minute between
 *   attempts), so a delivery that failed while an instance was down may be due long after the
 *   failure: the latest delivery still to be attempted, plus `graceMs`;
 * - an event the service had received (its inbox row committed) but not finished when its instance
 *   died stays `processing` until its lease runs out and the re-drive takes it again (or the
 *   payment window's reconciliation asks the provider first): the latest such row's last change
 *   plus the processing lease, plus `graceMs`;
 * - a job the failure at `failedAt` cut (a killed instance's, a dead Redis master's) is run again
 *   by Bull within BULL_RECOVERY_MS of it, plus `graceMs`.
 */
export async function waitForDeliveries(
  db: Client,
  what: string,
  done: () => Promise<boolean>,
  graceMs = 15000,
  capMs = 240000,
  failedAt?: number,
): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (await done().catch(() => false)) return;
    const due = await scalar(
      db,
      `SELECT coalesce(extract(epoch FROM max(next_attempt_at)) * 1000, 0)
         FROM simulated_provider_deliveries WHERE status <> 'delivered'`,
    ).catch(() => 0);
    const unfinished = await scalar(
      db,
      `SELECT coalesce(extract(epoch FROM max(updated_at)) * 1000, 0)
         FROM webhook_events WHERE status IN ('pending', 'processing')`,
    ).catch(() => 0);
    const deadline = Math.min(
      started + capMs,
      Math.max(
        started + graceMs,
        due + graceMs,
        unfinished + INBOX_LEASE_MS + graceMs,
        failedAt === undefined ? 0 : failedAt + BULL_RECOVERY_MS + graceMs,
      ),
    );
    if (Date.now() > deadline) {
      log(`gave up waiting for ${what} after ${((Date.now() - started) / 1000).toFixed(0)} s`);
      return;
    }
    await sleep(250);
  }
}

/** Runs the drills in order; one that throws records a failed check and the next one runs. */
export async function runDrills<S>(
  stage: S,
  drills: Array<{ name: string; run(stage: S): Promise<void> }>,
): Promise<void> {
  for (const drill of drills) {
    const t0 = Date.now();
    log(`--- ${drill.name}`);
    try {
      await drill.run(stage);
    } catch (error) {
      check(
        drill.name,
        'drill ran to the end',
        'yes',
        error instanceof Error ? error.message : String(error),
        false,
      );
    }
    notes.push(`${drill.name}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
}

export function printTable(title: string, seconds: number): void {
  const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
  const lines = [
    '',
    `${title}, ${new Date().toISOString()}, ${seconds.toFixed(0)} s`,
    '',
    `${pad('drill', 17)} ${pad('check', 60)} ${pad('expected', 9)} ${pad('actual', 9)} ok`,
    ...checks.map(
      (c) =>
        `${pad(c.drill, 17)} ${pad(c.check, 60)} ${pad(c.expected, 9)} ${pad(c.actual, 9)} ${c.ok ? 'yes' : 'NO'}`,
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

export const allPassed = (): boolean => checks.length > 0 && checks.every((c) => c.ok);
