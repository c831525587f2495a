import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Client } from 'pg';
import { ADMIN_TOKEN, createTestApp, TestApp, uniqueName } from '../support/app';

const ROOT = join(__dirname, '..', '..');
const SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function withUser(url: string, user: string, database: string): string {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function admin(database: string, statements: string[]): Promise<void> {
  const client = new Client({ connectionString: withUser(SERVER_URL, 'postgres', database) });
  await client.connect();
  try {
    for (const statement of statements) await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * DATABASE_URL may be a transaction-mode PgBouncer, on which the session advisory lock of the
 * migrations would not hold: migrations and their lock go over MIGRATIONS_DATABASE_URL. Shown
 * here with a request role that has no DDL right (PostgreSQL 15 grants no CREATE on `public`):
 * the schema can only have been made over the direct URL.
 */
describe('migrations over MIGRATIONS_DATABASE_URL', () => {
  const role = uniqueName('ts_app_role');
  const database = uniqueName('ts_test_direct');
  const requestUrl = withUser(SERVER_URL, role, database);
  const directUrl = withUser(SERVER_URL, 'postgres', database);
  let testApp: TestApp | undefined;

  beforeAll(async () => {
    await admin('postgres', [`CREATE ROLE ${role} LOGIN`, `CREATE DATABASE ${database}`]);
    await admin(database, [
      `REVOKE CREATE ON SCHEMA public FROM PUBLIC`,
      `GRANT USAGE ON SCHEMA public TO ${role}`,
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${role}`,
      `ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${role}`,
    ]);
  });

  afterAll(async () => {
    await testApp?.close();
    await admin('postgres', [
      `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`,
      `DROP ROLE IF EXISTS ${role}`,
    ]);
  });

  it('without it, a request role that may not create tables cannot start the service', async () => {
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src', 'main.ts')],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          PORT: '0',
          DATABASE_URL: requestUrl,
          REDIS_URL,
          QUEUE_PREFIX: uniqueName('tsq'),
          SEED_DEMO_TENANT: 'false',
          LOG_LEVEL: 'error',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 45000);
      child.on('exit', (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    expect(code).toBe(1);
    expect(output).toMatch(/permission denied/);
  });

  it('with it, migrates over the direct URL and serves requests over DATABASE_URL', async () => {
    testApp = await createTestApp({
      env: { DATABASE_URL: requestUrl, MIGRATIONS_DATABASE_URL: directUrl },
    });
    const tenant = await testApp
      .http()
      .post('/v1/admin/tenants')
      .set('Authorization', `Bearer ${ADMIN_TOKEN}`)
      .set('Idempotency-Key', crypto.randomUUID())
      .send({ name: 'direct migrations' });
    expect(tenant.status).toBe(201);

    const [{ user }] = (await testApp.dataSource.query('SELECT current_user AS user')) as Array<{
      user: string;
    }>;
    expect(user).toBe(role);
    const check = new Client({ connectionString: directUrl });
    await check.connect();
    try {
      const owners = await check.query(
        `SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'`,
      );
      expect(owners.rows).toEqual([{ tableowner: 'postgres' }]);
      const tenants = await check.query('SELECT name FROM tenants');
      expect(tenants.rows).toEqual([{ name: 'direct migrations' }]);
    } finally {
      await check.end();
    }
  });
});
