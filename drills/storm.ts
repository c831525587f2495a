/**
 * Duplicate storm over two instances (two ports, one database, one Redis): many concurrent copies
 * of each key, one effect per key.
 */
import { randomUUID } from 'node:crypto';
import { createTenant, createTicketTypes, pool, post } from '../bench/lib/api';
import { Answer, judgeDuplicate, send, tally } from './lib/answers';
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

const LOCK_SECONDS = 30;

export const stormDrill: Drill = {
  name: 'storm',
  async run(stage: Stage): Promise<void> {
    const drill = 'storm';
    const scale = stage.short ? { requests: 400, keys: 20 } : { requests: 2000, keys: 100 };
    const vars = serviceEnv(stage, 'drill_storm', {
      IDEMPOTENCY_LOCK_SECONDS: String(LOCK_SECONDS),
    });
    const a = await startService(stage, 'storm-a', vars);
    const b = await startService(stage, 'storm-b', vars);
    const db = await connect(stage.cluster.url('drill_storm'));
    try {
      const tenant = await createTenant(a.url, 'storm');
      const types = await createTicketTypes(a.url, tenant.apiKey, 4, 100000);
      const keys = Array.from({ length: scale.keys }, (_, i) => ({
        key: randomUUID(),
        body: { ticketTypeId: types[i % types.length], quantity: 1 },
      }));
      const perKey = scale.requests / scale.keys;
      const requests = keys.flatMap((k) => Array.from({ length: perKey }, () => k));
      for (let i = requests.length - 1; i > 0; i--) {
        const j = Math.floor(Math.random() * (i + 1));
        [requests[i], requests[j]] = [requests[j], requests[i]];
      }
      log(`storm: ${requests.length} requests over ${keys.length} keys, two instances`);
      const started = Date.now();
      const answers: Answer[] = await pool(requests, 64, (r, i) =>
        send(i % 2 === 0 ? a.url : b.url, '/v1/reservations', tenant.apiKey, r.body, r.key, 30000),
      );
      notes.push(
        `storm: ${answers.length} requests in ${((Date.now() - started) / 1000).toFixed(1)} s; answers ${tally(answers)}`,
      );
      const winners = new Map<string, Answer>();
      for (const answer of answers) {
        if (answer.status === 201 && !answer.replayed) winners.set(answer.key, answer);
      }
      const firsts = answers.filter((x) => x.status === 201 && !x.replayed).length;
      notes.push(`storm: 201 without replay header: ${firsts}`);
      checkAnswers(
        drill,
        'answers other than 201, or 409 IN_PROGRESS before the key completed',
        answers.map((answer) => ({
          answer,
          verdict: judgeDuplicate(answer, winners.get(answer.key), LOCK_SECONDS),
        })),
        started,
      );
      check(drill, 'first (non-replayed) 201s', keys.length, firsts);
      const ids = new Map<string, Set<string>>();
      for (const x of answers) {
        if (x.status === 201 && x.id !== undefined) {
          if (!ids.has(x.key)) ids.set(x.key, new Set());
          ids.get(x.key)!.add(x.id);
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
          (ids.get(keys[i].key)?.has(f.body.id) ?? false),
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
  },
};
