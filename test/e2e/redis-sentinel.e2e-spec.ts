import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { WebhookProcessingPolicy } from '../../src/modules/webhooks/webhook-processing.policy';
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

async function redisCommand(port: number, ...args: string[]): Promise<unknown> {
  const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await client.call(args[0], ...args.slice(1));
  } catch {
    return undefined;
  } finally {
    client.disconnect();
  }
}

/**
 * A Redis master, its replica and one Sentinel of this test's own: REDIS_SENTINELS makes the
 * service (Bull included, and /health) follow the master through a failover. REDIS_URL points at
 * a port where nothing listens, so only the Sentinel can have told the service where Redis is.
 */
describe('Redis through Sentinel (REDIS_SENTINELS)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ts-sentinel-'));
  const processes: ChildProcess[] = [];
  let master: ChildProcess;
  let masterPort: number;
  let replicaPort: number;
  let sentinelPort: number;
  let t: TestApp;

  function start(args: string[]): ChildProcess {
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    processes.push(child);
    return child;
  }

  async function processedAfterPost(url: string): Promise<void> {
    const event = paymentEvent();
    const payload = JSON.stringify(event);
    const res = await postWebhook(url, payload, signatureFor(payload, [NEW_SECRET]));
    expect(res.status).toBe(200);
    const [row] = await eventually(
      `event ${event.id} processed`,
      () => inboxRows(t, event.id),
      (rows) => rows[0]?.status === 'processed',
      30000,
    );
    expect(row.note).toMatch(/unknown_payment/);
  }

  beforeAll(async () => {
    [masterPort, replicaPort, sentinelPort] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
    ]);
    const common = ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir];
    master = start(['--port', String(masterPort), ...common]);
    start([
      '--port',
      String(replicaPort),
      ...common,
      '--replicaof',
      '127.0.0.1',
      String(masterPort),
    ]);
    const sentinelConf = join(dir, 'sentinel.conf');
    writeFileSync(
      sentinelConf,
      [
        `port ${sentinelPort}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor mymaster 127.0.0.1 ${masterPort} 1`,
        'sentinel down-after-milliseconds mymaster 1000',
        'sentinel failover-timeout mymaster 5000',
        '',
      ].join('\n'),
    );
    start([sentinelConf, '--sentinel']);
    await eventually(
      'the Sentinel to see the replica in sync',
      async () => [
        await redisCommand(sentinelPort, 'SENTINEL', 'REPLICAS', 'mymaster'),
        await redisCommand(replicaPort, 'INFO', 'replication'),
      ],
      ([replicas, info]) =>
        Array.isArray(replicas) &&
        replicas.length === 1 &&
        typeof info === 'string' &&
        info.includes('master_link_status:up'),
      30000,
    );
    t = await createTestApp({
      env: {
        REDIS_URL: 'redis://127.0.0.1:1',
        REDIS_SENTINELS: `127.0.0.1:${sentinelPort}`,
        PAYMENT_WEBHOOK_SECRET: NEW_SECRET,
        RESERVATION_SWEEP_INTERVAL_SECONDS: '1',
      },
    });
    // An event for no known payment is processed (with a note) at its first attempt, not after
    // the retries' backoff.
    t.app.get(WebhookProcessingPolicy).attempts = 1;
  });

  afterAll(async () => {
    await t?.close();
    for (const child of processes) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds the master through the Sentinel, then follows it to the promoted replica', async () => {
    const url = await t.url();
    await eventually(
      '/health 200 through the Sentinel',
      async () => (await fetch(`${url}/health`)).status,
      (status) => status === 200,
      30000,
    );
    await processedAfterPost(url);

    master.kill('SIGKILL');
    await eventually(
      'the Sentinel to promote the replica',
      () => redisCommand(sentinelPort, 'SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'mymaster'),
      (address) => Array.isArray(address) && address[1] === String(replicaPort),
      30000,
    );
    await eventually(
      '/health 200 on the new master',
      async () => (await fetch(`${url}/health`)).status,
      (status) => status === 200,
      30000,
    );
    // The old master is gone: only the promoted replica can have taken this job.
    await processedAfterPost(url);
  });
});
