/**
 * PostgreSQL stopped (fast shutdown) and started again under a steady load of reservations, each
 * key retried until it succeeds. Every answer is judged by the phase its request lived in (see
 * lib/answers.ts): while the database was certainly down only 503 with Retry-After is right;
 * across the stop or the start a 201 or a 503 are both right, and a 409 IN_PROGRESS is right for a
 * key whose earlier attempt was cut after its claim committed, within that claim's lease.
 */
import { randomUUID } from 'node:crypto';
import { createTenant, createTicketTypes } from '../bench/lib/api';
import { sleep, waitFor } from '../bench/lib/procs';
import { Answer, judgeOutage, OutageTimeline, outagePhase, send, tally } from './lib/answers';
import {
  check,
  checkAnswers,
  connect,
  Drill,
  log,
  notes,
  scalar,
  serviceEnv,
  Stage,
  startService,
} from './lib/harness';

const LOCK_SECONDS = 5;

export const postgresDrill: Drill = {
  name: 'postgres restart',
  async run(stage: Stage): Promise<void> {
    const drill = 'postgres restart';
    const loadRps = stage.short ? 10 : 20;
    const instance = await startService(
      stage,
      'postgres',
      serviceEnv(stage, 'drill_pg', { IDEMPOTENCY_LOCK_SECONDS: String(LOCK_SECONDS) }),
    );
    const tenant = await createTenant(instance.url, 'pg');
    const [typeId] = await createTicketTypes(instance.url, tenant.apiKey, 1, 100000);

    const health: Array<{ sentAt: number; at: number; status: number }> = [];
    let stop = false;
    const poller = (async () => {
      while (!stop) {
        const sentAt = Date.now();
        const status = await fetch(`${instance.url}/health`, { signal: AbortSignal.timeout(3000) })
          .then((r) => r.status)
          .catch(() => 0);
        health.push({ sentAt, at: Date.now(), status });
        await sleep(100);
      }
    })();

    const answers: Answer[] = [];
    const keys: string[] = [];
    const workers: Array<Promise<void>> = [];
    const loader = (async () => {
      while (!stop) {
        const key = randomUUID();
        keys.push(key);
        workers.push(
          (async () => {
            for (let i = 0; i < 60; i++) {
              const answer = await send(
                instance.url,
                '/v1/reservations',
                tenant.apiKey,
                { ticketTypeId: typeId, quantity: 1 },
                key,
                10000,
              );
              answers.push(answer);
              if (answer.status === 201) return;
              await sleep(500);
            }
          })(),
        );
        await sleep(1000 / loadRps);
      }
    })();

    await sleep(2000);
    const stopCalled = Date.now();
    await stage.cluster.stop('fast');
    const downFrom = Date.now();
    log('postgres: stopped');
    await sleep(3000);
    const downTo = Date.now();
    await stage.cluster.start();
    const startReturned = Date.now();
    log('postgres: started again');
    await waitFor(
      '/health 200 again',
      async () => health.some((h) => h.sentAt > downTo && h.status === 200),
      30000,
    );
    const recovered = health.find((h) => h.sentAt > downTo && h.status === 200)!.at;
    await sleep(3000);
    stop = true;
    await loader;
    await poller;
    await Promise.all(workers);

    const t: OutageTimeline = { stopCalled, downFrom, downTo, recovered };
    notes.push(
      `postgres restart: stop took ${downFrom - stopCalled} ms, start ${startReturned - downTo} ms; ` +
        `/health 200 again ${((recovered - startReturned) / 1000).toFixed(1)} s after the start returned`,
    );
    const judged = answers.map((answer) => ({
      answer,
      phase: outagePhase(answer, t),
      verdict: judgeOutage(answer, answers, t, LOCK_SECONDS),
    }));
    for (const phase of ['before', 'stopping', 'down', 'starting', 'after'] as const) {
      notes.push(
        `postgres restart: answers ${phase}: ${tally(judged.filter((j) => j.phase === phase).map((j) => j.answer))}`,
      );
    }
    const down = judged.filter((j) => j.phase === 'down');
    check(
      drill,
      'requests sent and answered while it was down',
      '> 0',
      down.length,
      down.length > 0,
    );
    checkAnswers(drill, 'answers while down other than 503 with Retry-After', down, stopCalled);
    checkAnswers(
      drill,
      'answers across stop/start other than 201, 503, held 409',
      judged.filter((j) => j.phase === 'stopping' || j.phase === 'starting'),
      stopCalled,
    );
    checkAnswers(
      drill,
      'answers while it was up other than 201, held 409',
      judged.filter((j) => j.phase === 'before' || j.phase === 'after'),
      stopCalled,
    );

    const healthDown = health.filter((h) => h.sentAt >= downFrom && h.at <= downTo);
    check(
      drill,
      '/health answers while down (all 503)',
      '> 0',
      healthDown.length,
      healthDown.length > 0,
    );
    check(
      drill,
      '/health answers while down other than 503',
      0,
      healthDown.filter((h) => h.status !== 503).length,
    );
    const firstAttempt = new Map<string, Answer>();
    for (const a of answers) if (!firstAttempt.has(a.key)) firstAttempt.set(a.key, a);
    const fresh = [...firstAttempt.values()].filter((a) => a.sentAt > recovered);
    check(drill, 'new keys sent after /health is 200 again', '> 0', fresh.length, fresh.length > 0);
    const succeeded = new Set(answers.filter((a) => a.status === 201).map((a) => a.key));
    check(drill, 'keys that succeeded in the end', keys.length, succeeded.size);
    const db = await connect(stage.cluster.url('drill_pg'));
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
  },
};
