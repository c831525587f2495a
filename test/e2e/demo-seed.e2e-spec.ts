import Redis from 'ioredis';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { dropDatabase } from '../../src/database/ensure-database';
import { uniqueName } from '../support/app';

const ROOT = join(__dirname, '..', '..');
const SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';

/** Starts the service, returns what it printed once `until` appears (or it exits), then stops it. */
function startUntil(env: Record<string, string>, until: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src', 'main.ts')],
      { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      if (until.test(out)) child.kill('SIGTERM');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(out);
    });
  });
}

describe('demo tenant in production (issue 11, case 8)', () => {
  const database = uniqueName('ts_seed');
  const prefix = uniqueName('tsq_seed');
  afterAll(async () => {
    await dropDatabase(`${SERVER_URL}/${database}`);
    const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
    try {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
  });

  it('with SEED_DEMO_TENANT=true in production the key passes the log scrubber', async () => {
    const out = await startUntil(
      {
        NODE_ENV: 'production',
        ADMIN_TOKEN: 'a-long-enough-admin-token',
        PAYMENT_WEBHOOK_SECRET: 'whsec_test_seed',
        SEED_DEMO_TENANT: 'true',
        DATABASE_URL: `${SERVER_URL}/${database}`,
        QUEUE_PREFIX: prefix,
        PORT: '0',
        LOG_LEVEL: 'warn',
      },
      /Demo tenant created[\s\S]*Try:.*\n/,
    );
    expect(out).toContain('Demo tenant created');
    expect(out).toContain('tsk_[Redacted]');
    expect(out).not.toMatch(/tsk_[A-Za-z0-9_-]{16,}/);
  }, 90_000);
});
