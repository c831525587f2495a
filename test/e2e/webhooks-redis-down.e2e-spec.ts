import { ChildProcess, spawn } from 'node:child_process';
import Redis from 'ioredis';
import type { ApplyOutcome, ProviderEvent } from '../../src/modules/payments/payment-events';
import { PaymentsService } from '../../src/modules/payments/payments.service';
import { WebhookProcessingPolicy } from '../../src/modules/webhooks/webhook-processing.policy';
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import { QUEUES } from '../../src/queues/queue-names';
import { freePort } from '../../bench/lib/procs';
import { createTestApp, TestApp } from '../support/app';
import {
  eventually,
  inboxRows,
  NEW_SECRET,
  paymentEvent,
  postWebhook,
  signatureFor,
} from '../support/webhooks';

/** A Redis of this test's own, without persistence: a restart comes back empty, as a crash would. */
class OwnRedis {
  private process?: ChildProcess;

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.process !== undefined) return;
    this.process = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    probe.on('error', () => undefined);
    try {
      await eventually(
        `redis-server on port ${this.port}`,
        () => probe.ping().catch(() => 'down'),
        (answer) => answer === 'PONG',
        10000,
      );
    } finally {
      probe.disconnect();
    }
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (child === undefined || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
    this.process = undefined;
  }
}

describe('payment webhooks while Redis is down (docs/api.md §8)', () => {
  let redis: OwnRedis;
  let t: TestApp;
  const applied = new Map<string, number>();

  beforeAll(async () => {
    redis = new OwnRedis(await freePort());
    await redis.start();
    t = await createTestApp({
      // The re-drive's schedule; short so that a lost wake-up costs the test a second, not fifteen.
      env: {
        REDIS_URL: redis.url,
        RESERVATION_SWEEP_INTERVAL_SECONDS: '1',
        PAYMENT_WEBHOOK_SECRET: NEW_SECRET,
      },
    });
    const policy = t.app.get(WebhookProcessingPolicy);
    policy.redriveMinAgeMs = 200;
    // One attempt: an event of this test (no such payment) is processed at its first claim, so
    // `attempts` on the row counts exactly how many workers took it.
    policy.attempts = 1;
    const payments = t.app.get(PaymentsService);
    const original = payments.applyProviderEvent.bind(payments);
    jest
      .spyOn(payments, 'applyProviderEvent')
      .mockImplementation((provider: string, event: ProviderEvent): Promise<ApplyOutcome> => {
        applied.set(event.id, (applied.get(event.id) ?? 0) + 1);
        return original(provider, event);
      });
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    // Closing the app's queues needs a Redis that answers.
    await redis.start();
    await t?.close();
    await redis.stop();
  });

  it('answers 200 and stores every event; once Redis is back each is processed exactly once', async () => {
    const url = await t.url();
    await redis.stop();

    const events = Array.from({ length: 20 }, () => paymentEvent());
    const responses = await Promise.all(
      events.map((event) => {
        const payload = JSON.stringify(event);
        return postWebhook(url, payload, signatureFor(payload, [NEW_SECRET]));
      }),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
    for (const res of responses) expect(res.body).toEqual({ received: true, duplicate: false });

    const stored = await inboxRows(t);
    expect(stored).toHaveLength(20);
    expect(new Set(stored.map((row) => row.event_id))).toEqual(new Set(events.map((e) => e.id)));
    for (const row of stored) expect(row).toMatchObject({ status: 'pending', attempts: 0 });

    await redis.start();
    const processed = await eventually(
      'all events to be processed after Redis came back',
      () => inboxRows(t),
      (rows) => rows.every((row) => row.status === 'processed'),
      30000,
    );
    for (const row of processed) {
      expect(row.attempts).toBe(1);
      expect(row.note).toMatch(/unknown_payment/);
    }
    for (const event of events) expect(applied.get(event.id)).toBe(1);

    // Re-drive ticks keep running; a second look shows none was taken again.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    for (const row of await inboxRows(t)) expect(row.attempts).toBe(1);
    for (const event of events) expect(applied.get(event.id)).toBe(1);
  });

  it('a Redis that comes back empty gets every repeatable schedule back (cleanup, sweeps, recovery)', async () => {
    const queues = Object.values(QUEUES).map((name) =>
      t.app.get<string, Queue>(getQueueToken(name), { strict: false }),
    );
    const schedules = () =>
      Promise.all(queues.map(async (q) => (await q.getRepeatableJobs()).length));
    await eventually('every schedule registered', schedules, (n) => n.every((x) => x === 1), 10000);

    await redis.stop();
    await redis.start();
    // The restarted Redis is empty: only a registration after the reconnection brings them back.
    const after = await eventually(
      'every schedule registered again',
      schedules,
      (n) => n.every((x) => x === 1),
      15000,
    ).catch(() => schedules());
    expect(Object.fromEntries(queues.map((q, i) => [q.name, after[i]]))).toEqual(
      Object.fromEntries(queues.map((q) => [q.name, 1])),
    );
  });
});
