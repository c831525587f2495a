import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { loadConfig } from '../../src/config/app-config';
import { createTestApp, TestApp } from '../support/app';
import { admin, createTenant, newKey, TestTenant } from '../support/factories';

/**
 * nestjs-pino keeps one pino instance per process (per Jest test file): this file's only app is
 * built with LOG_LEVEL=info, and the lines pino writes to stdout are captured.
 */
describe('structured logs', () => {
  let t: TestApp;
  let tenant: TestTenant;
  const lines: string[] = [];
  let write: jest.SpyInstance;

  beforeAll(async () => {
    const real = process.stdout.write.bind(process.stdout);
    write = jest.spyOn(process.stdout, 'write').mockImplementation(((
      chunk: string | Uint8Array,
      ...rest: unknown[]
    ) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      if (text.startsWith('{"level"')) {
        lines.push(...text.split('\n').filter((l) => l !== ''));
        return true;
      }
      return real(chunk, ...(rest as []));
    }) as typeof process.stdout.write);
    t = await createTestApp({ env: { LOG_LEVEL: 'info' } });
    tenant = await createTenant(t);
  });
  afterAll(async () => {
    await t.close();
    write.mockRestore();
  });

  const records = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const requestLine = (requestId: string) =>
    records().find((r) => r.requestId === requestId && r.res !== undefined);

  it('writes one JSON line per request with its request id, tenant and idempotency key', async () => {
    const requestId = `test-${randomUUID()}`;
    const key = newKey();
    const res = await t
      .http()
      .post('/v1/events')
      .set(tenant.auth)
      .set('X-Request-Id', requestId)
      .set('Idempotency-Key', key)
      .send({ name: 'Logged', startsAt: '2030-01-01T19:00:00Z' })
      .expect(201);
    expect(res.headers['x-request-id']).toBe(requestId);

    const line = requestLine(requestId);
    expect(line).toMatchObject({
      level: 'info',
      requestId,
      tenantId: tenant.id,
      idempotencyKey: key,
      req: { method: 'POST', url: '/v1/events' },
      res: { statusCode: 201 },
    });
    expect(typeof line!.responseTime).toBe('number');
  });

  it('makes up a request id when none (or an unacceptable one) is sent, and echoes it', async () => {
    const plain = await t.http().get('/v1/events').set(tenant.auth).expect(200);
    const made = plain.headers['x-request-id'];
    expect(made).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestLine(made)).toMatchObject({ tenantId: tenant.id, res: { statusCode: 200 } });

    const bad = await t
      .http()
      .get('/v1/events')
      .set(tenant.auth)
      .set('X-Request-Id', 'has spaces "and quotes"')
      .expect(200);
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('never writes an API key, the admin token or a webhook secret', async () => {
    // The key travels in headers of several requests, one of them failing.
    const requestId = `secrets-${randomUUID()}`;
    await t.http().get('/v1/events').set(tenant.auth).set('X-Request-Id', requestId).expect(200);
    await t.http().get('/v1/nope').set(tenant.auth).expect(404);
    const issued = await t
      .http()
      .post(`/v1/admin/tenants/${tenant.id}/api-keys`)
      .set(admin)
      .set('Idempotency-Key', newKey())
      .send({})
      .expect(201);
    const newApiKey = issued.body.apiKey as string;
    await t.http().get('/v1/events').set('Authorization', `Bearer ${newApiKey}`).expect(200);
    // A secret that slips into a message or a logged object by mistake is scrubbed as well.
    const logger = new Logger('LoggingTest');
    logger.warn(`retrying with ${newApiKey} and ${t.config.paymentWebhookSecrets[0]}`);
    logger.warn({ msg: 'config dump', apiKey: newApiKey, adminToken: t.config.adminToken });
    await new Promise((resolve) => setImmediate(resolve));

    const all = lines.join('\n');
    expect(requestLine(requestId)).toBeDefined();
    expect(all).toContain('LoggingTest');
    expect(all).toContain('tsk_[Redacted]');
    for (const secret of [
      tenant.apiKey,
      newApiKey,
      t.config.adminToken,
      t.config.paymentWebhookSecrets[0],
    ]) {
      expect(all).not.toContain(secret);
    }
    const line = requestLine(requestId)!;
    expect((line.req as { headers: Record<string, string> }).headers.authorization).toBe(
      '[Redacted]',
    );
  });

  it('reads LOG_LEVEL: info by default, warn under NODE_ENV=test, and refuses unknown levels', () => {
    expect(loadConfig({}).logLevel).toBe('info');
    expect(loadConfig({ NODE_ENV: 'test' }).logLevel).toBe('warn');
    expect(loadConfig({ LOG_LEVEL: 'DEBUG' }).logLevel).toBe('debug');
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(
      'Invalid configuration: LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"',
    );
  });
});
