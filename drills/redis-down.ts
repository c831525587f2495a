/**
 * Redis killed while webhooks arrive: every event is acknowledged (it is in PostgreSQL), none is
 * processed while Redis is away (Bull's workers need it), and all are processed once it is back;
 * the Redis that comes back is empty, and every repeatable job is scheduled again on it.
 */
import {
  createTenant,
  createTicketTypes,
  paymentEvent,
  pool,
  post,
  postWebhook,
} from '../bench/lib/api';
import Redis from 'ioredis';
import { sleep, waitFor } from '../bench/lib/procs';
import { QUEUES } from '../src/queues/queue-names';
import {
  check,
  connect,
  Drill,
  notes,
  scalar,
  serviceEnv,
  Stage,
  startService,
} from './lib/harness';

export const redisDrill: Drill = {
  name: 'redis down',
  async run(stage: Stage): Promise<void> {
    const drill = 'redis down';
    const { redis } = stage;
    const instance = await startService(stage, 'redis', serviceEnv(stage, 'drill_redis'));
    const db = await connect(stage.cluster.url('drill_redis'));
    const webhooks = stage.short ? 10 : 20;
    try {
      const tenant = await createTenant(instance.url, 'redis');
      const [typeId] = await createTicketTypes(instance.url, tenant.apiKey, 1, 1000);
      // Payments that stay pending at the provider and send nothing: the drill sends their events.
      await pool(Array.from({ length: webhooks }), 8, async (_, i) => {
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
      // From here the service knows Redis is gone (its /health says so): every webhook sent now
      // is answered by a service that cannot enqueue, and must still be stored and acknowledged.
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
      check(
        drill,
        'tickets issued',
        events.length,
        await scalar(db, 'SELECT count(*) FROM tickets'),
      );
      // The Redis that came back is empty (no persistence): every repeatable job (cleanup,
      // sweep, re-drive, recovery) must be scheduled again by the instance that reconnected.
      const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
      client.on('error', () => undefined);
      const schedules = async () =>
        (
          await Promise.all(
            Object.values(QUEUES).map((q) => client.zcard(`drill_redis:${q}:repeat`)),
          )
        ).join(',');
      const expected = Object.values(QUEUES)
        .map(() => 1)
        .join(',');
      try {
        await waitFor(
          'every schedule back',
          async () => (await schedules()) === expected,
          15000,
          250,
        ).catch(() => undefined);
        check(
          drill,
          'repeatable schedules per queue after Redis came back empty',
          expected,
          await schedules(),
        );
      } finally {
        client.disconnect();
      }
    } finally {
      await db.end();
      await instance.stop();
      if (!redis.ping()) await redis.start();
    }
  },
};
