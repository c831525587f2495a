import { ConfigError, DEV_ADMIN_TOKEN, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/ticket_service',
      migrationsDatabaseUrl: 'postgres://postgres@127.0.0.1:5432/ticket_service',
      redisUrl: 'redis://127.0.0.1:6379',
      redisSentinels: [],
      redisSentinelName: 'mymaster',
      queuePrefix: 'bull',
      adminToken: DEV_ADMIN_TOKEN,
      paymentProvider: 'simulated',
      paymentSimulatorDelayMs: 100,
      paymentWindowSeconds: 900,
      idempotencyTtlSeconds: 86400,
      idempotencyLockSeconds: 30,
      idempotencyCleanupIntervalSeconds: 900,
      reservationTtlSeconds: 600,
      reservationSweepIntervalSeconds: 15,
      bodyLimitBytes: 1048576,
      apiBodyLimitBytes: 262144,
      tenantRateLimit: 100,
      corsOrigins: [],
      tenantCacheSeconds: 5,
      webhookConcurrency: 4,
    });
    expect(loadConfig({ TENANT_CACHE_SECONDS: '0' }).tenantCacheSeconds).toBe(0);
    expect(loadConfig({ WEBHOOK_CONCURRENCY: '16' }).webhookConcurrency).toBe(16);
  });

  it("caps the API routes' bodies at API_BODY_LIMIT_BYTES, never above BODY_LIMIT_BYTES", () => {
    expect(loadConfig({ BODY_LIMIT_BYTES: '100000' }).apiBodyLimitBytes).toBe(100000);
    expect(loadConfig({ API_BODY_LIMIT_BYTES: '65536' }).apiBodyLimitBytes).toBe(65536);
    expect(() =>
      loadConfig({ BODY_LIMIT_BYTES: '100000', API_BODY_LIMIT_BYTES: '200000' }),
    ).toThrow(/API_BODY_LIMIT_BYTES/);
  });

  it('logs readable lines in development and JSON elsewhere, unless LOG_FORMAT says otherwise', () => {
    expect(loadConfig({}).logFormat).toBe('pretty');
    expect(loadConfig({ NODE_ENV: 'test' }).logFormat).toBe('json');
    const production = {
      NODE_ENV: 'production',
      ADMIN_TOKEN: 'a-long-enough-admin-token',
      PAYMENT_WEBHOOK_SECRET: 'whsec_x',
    };
    expect(loadConfig(production).logFormat).toBe('json');
    expect(loadConfig({ ...production, LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
    expect(loadConfig({ LOG_FORMAT: 'JSON' }).logFormat).toBe('json');
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ TENANT_CACHE_SECONDS: '-1' }, 'TENANT_CACHE_SECONDS'],
    [{ TENANT_CACHE_SECONDS: '301' }, 'TENANT_CACHE_SECONDS'],
    [{ WEBHOOK_CONCURRENCY: '0' }, 'WEBHOOK_CONCURRENCY'],
    [{ WEBHOOK_CONCURRENCY: '65' }, 'WEBHOOK_CONCURRENCY'],
    [{ WEBHOOK_CONCURRENCY: 'four' }, 'WEBHOOK_CONCURRENCY'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'mysql://x/y' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'http://x' }, 'REDIS_URL'],
    [{ MIGRATIONS_DATABASE_URL: 'redis://x:6379' }, 'MIGRATIONS_DATABASE_URL'],
    [{ REDIS_SENTINELS: '10.0.0.1:26379,10.0.0.2:port' }, 'REDIS_SENTINELS'],
    [{ REDIS_SENTINELS: 'a:70000' }, 'REDIS_SENTINELS'],
    [{ REDIS_SENTINEL_NAME: 'my master' }, 'REDIS_SENTINEL_NAME'],
    [{ IDEMPOTENCY_TTL_SECONDS: '1.5' }, 'IDEMPOTENCY_TTL_SECONDS'],
    [{ IDEMPOTENCY_LOCK_SECONDS: '60', IDEMPOTENCY_TTL_SECONDS: '30' }, 'IDEMPOTENCY_TTL_SECONDS'],
    [{ PAYMENT_PROVIDER: 'paypal' }, 'PAYMENT_PROVIDER'],
    [{ PAYMENT_PROVIDER: 'stripe' }, 'STRIPE_SECRET_KEY'],
    [{ CORS_ORIGINS: 'https://a.example.com/path' }, 'CORS_ORIGINS'],
    [{ NODE_ENV: 'production' }, 'ADMIN_TOKEN'],
    [{ NODE_ENV: 'production', ADMIN_TOKEN: DEV_ADMIN_TOKEN }, 'ADMIN_TOKEN'],
    [
      { NODE_ENV: 'production', ADMIN_TOKEN: 'a-long-enough-admin-token' },
      'PAYMENT_WEBHOOK_SECRET',
    ],
    [{ SEED_DEMO_TENANT: 'maybe' }, 'SEED_DEMO_TENANT'],
    [{ LOG_FORMAT: 'xml' }, 'LOG_FORMAT'],
    [{ CURSOR_SECRET: 'short' }, 'CURSOR_SECRET'],
    [{ TENANT_RATE_LIMIT: '-1' }, 'TENANT_RATE_LIMIT'],
    [
      {
        NODE_ENV: 'production',
        ADMIN_TOKEN: 'a-long-enough-admin-token',
        PAYMENT_WEBHOOK_SECRET: 'whsec_x',
        BENCH_BYPASS_IDEMPOTENCY: 'true',
      },
      'BENCH_BYPASS_IDEMPOTENCY',
    ],
    [
      {
        NODE_ENV: 'production',
        ADMIN_TOKEN: 'a-long-enough-admin-token',
        PAYMENT_WEBHOOK_SECRET: 'whsec_x',
        FAULT_INJECTION: 'purchase.after_provider_call=1',
      },
      'FAULT_INJECTION',
    ],
    [{ FAULT_INJECTION: 'purchase.nowhere=1' }, 'FAULT_INJECTION'],
    [{ FAULT_INJECTION: 'purchase.after_provider_call=2' }, 'FAULT_INJECTION'],
    [{ RECOVERY_INTERVAL_SECONDS: '0' }, 'RECOVERY_INTERVAL_SECONDS'],
  ])('%p stops the start naming %s', (env, variable) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toMatch(
      new RegExp(`^Invalid configuration: ${variable} `),
    );
    expect((error as ConfigError).message).not.toContain('\n');
  });

  it('seeds a demo tenant by default outside production only', () => {
    const production = {
      NODE_ENV: 'production',
      ADMIN_TOKEN: 'a-long-enough-admin-token',
      PAYMENT_WEBHOOK_SECRET: 'whsec_x',
    };
    expect(loadConfig({}).seedDemoTenant).toBe(true);
    expect(loadConfig(production).seedDemoTenant).toBe(false);
    expect(loadConfig({ ...production, SEED_DEMO_TENANT: 'true' }).seedDemoTenant).toBe(true);
  });

  it('parses lists: CORS origins and rotated webhook secrets', () => {
    const config = loadConfig({
      CORS_ORIGINS: 'https://a.example.com, http://localhost:5173',
      PAYMENT_WEBHOOK_SECRET: 'whsec_new,whsec_old',
    });
    expect(config.corsOrigins).toEqual(['https://a.example.com', 'http://localhost:5173']);
    expect(config.paymentWebhookSecrets).toEqual(['whsec_new', 'whsec_old']);
  });

  it('takes migrations over a direct connection when MIGRATIONS_DATABASE_URL is set', () => {
    const pooled = 'postgres://app@pgbouncer:6432/ticket_service';
    const direct = 'postgres://postgres@db-primary:5432/ticket_service';
    expect(loadConfig({ DATABASE_URL: pooled })).toMatchObject({
      databaseUrl: pooled,
      migrationsDatabaseUrl: pooled,
    });
    expect(loadConfig({ DATABASE_URL: pooled, MIGRATIONS_DATABASE_URL: direct })).toMatchObject({
      databaseUrl: pooled,
      migrationsDatabaseUrl: direct,
    });
  });

  it('parses Redis Sentinels: host:port, bracketed IPv6, the default port and master name', () => {
    const config = loadConfig({
      REDIS_SENTINELS: 'sentinel-a:26380, 10.0.0.2 ,[::1]:26381',
      REDIS_SENTINEL_NAME: 'tickets-master',
    });
    expect(config.redisSentinels).toEqual([
      { host: 'sentinel-a', port: 26380 },
      { host: '10.0.0.2', port: 26379 },
      { host: '::1', port: 26381 },
    ]);
    expect(config.redisSentinelName).toBe('tickets-master');
  });
});
