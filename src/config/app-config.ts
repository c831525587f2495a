/**
 * The environment contract (docs/api.md, section 9), parsed once into a typed object. Parsing is a pure function so
 * that tests can build several differently configured applications in one process.
 */
import { parseFaultSpec } from '../faults/fault-spec';

export type PaymentProviderName = 'simulated' | 'stripe';

export interface AppConfig {
  nodeEnv: string;
  port: number;
  databaseUrl: string;
  /** A direct (session-mode) connection for migrations and their lock; DATABASE_URL by default. */
  migrationsDatabaseUrl: string;
  databasePoolMax: number;
  redisUrl: string;
  /** Redis Sentinels; when set, the master named redisSentinelName is followed, not REDIS_URL's host. */
  redisSentinels: RedisSentinel[];
  redisSentinelName: string;
  queuePrefix: string;
  adminToken: string;
  paymentProvider: PaymentProviderName;
  paymentWebhookSecrets: string[];
  stripeSecretKey: string | null;
  paymentSimulatorDelayMs: number;
  paymentSimulatorDuplicateRate: number;
  paymentSimulatorWebhookUrl: string | null;
  stripeApiUrl: string | null;
  paymentWindowSeconds: number;
  idempotencyTtlSeconds: number;
  idempotencyLockSeconds: number;
  idempotencyCleanupIntervalSeconds: number;
  reservationTtlSeconds: number;
  reservationSweepIntervalSeconds: number;
  bodyLimitBytes: number;
  /**
   * The largest body of the API's own routes (everything but the webhook receiver, which takes
   * BODY_LIMIT_BYTES): no route takes more than ~160 KB, and a smaller cap bounds what a hostile
   * body costs to read, scan and validate.
   */
  apiBodyLimitBytes: number;
  /** State-changing requests per second per tenant (and admin), burst twice that; 0: off. */
  tenantRateLimit: number;
  corsOrigins: string[];
  seedDemoTenant: boolean;
  /** How often the recovery job finishes purchases and refunds whose request died between phases. */
  recoveryIntervalSeconds: number;
  /**
   * Tests and drills only: named fault points armed with a probability and an action (see
   * src/faults). Refused when NODE_ENV=production.
   */
  faultInjection: string | null;
  /** Key of the list cursors' HMAC; null: derived from adminToken. */
  cursorSecret: string | null;
  /** Benchmarks only: skips the idempotency interceptor to measure its cost. Refused in production. */
  benchBypassIdempotency: boolean;
  publicUrl: string;
  /** pino level of the JSON logs: fatal, error, warn, info, debug, trace or silent. */
  logLevel: LogLevel;
  /** How long an instance may answer a tenant lookup from memory (0: no cache). */
  tenantCacheSeconds: number;
  /** Webhook events each instance's worker applies at once. */
  webhookConcurrency: number;
  /** `pretty` (readable lines, the development default) or `json` (one object a line). */
  logFormat: LogFormat;
}

export interface RedisSentinel {
  host: string;
  port: number;
}

export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Webhook events applied at once per instance, unless WEBHOOK_CONCURRENCY says otherwise. */
export const WEBHOOK_CONCURRENCY_DEFAULT = 4;

/** Documented development defaults; production refuses to start on the admin one. */
export const DEV_ADMIN_TOKEN = 'dev-admin-token';
export const DEV_WEBHOOK_SECRET = 'whsec_dev_ticket_service_secret';

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`Invalid configuration: ${variable} ${message}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function raw(env: Env, name: string): string | undefined {
  const value = env[name];
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (!/^-?\d+$/.test(value)) {
    throw new ConfigError(name, `must be an integer, got "${value}"`);
  }
  const parsed = Number(value);
  if (parsed < min || parsed > max) {
    throw new ConfigError(name, `must be between ${min} and ${max}, got ${parsed}`);
  }
  return parsed;
}

function url(env: Env, name: string, fallback: string, protocols: string[]): string {
  const value = raw(env, name) ?? fallback;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(name, `must be a URL, got "${value}"`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(
      name,
      `must use ${protocols.map((p) => p.replace(':', '://')).join(' or ')}, got "${value}"`,
    );
  }
  return value;
}

function fraction(env: Env, name: string, fallback: number): number {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || parsed > 1) {
    throw new ConfigError(name, `must be a number from 0 to 1, got "${value}"`);
  }
  return parsed;
}

function optionalUrl(env: Env, name: string, protocols: string[]): string | null {
  return raw(env, name) === undefined ? null : url(env, name, '', protocols);
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new ConfigError(name, `must be true or false, got "${value}"`);
}

function list(env: Env, name: string): string[] {
  const value = raw(env, name);
  if (value === undefined) return [];
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** `host:port` items, IPv6 hosts in brackets (`[::1]:26379`); the port defaults to 26379. */
function sentinels(env: Env, name: string): RedisSentinel[] {
  return list(env, name).map((item) => {
    const match = /^(?:\[([^\]]+)\]|([^:[\]]+))(?::(\d+))?$/.exec(item);
    const port = match?.[3] === undefined ? 26379 : Number(match[3]);
    if (match === null || port < 1 || port > 65535) {
      throw new ConfigError(name, `holds "${item}"; expected host:port, e.g. "10.0.0.5:26379"`);
    }
    return { host: match[1] ?? match[2], port };
  });
}

const DAY = 86400;
const POSTGRES_URL = ['postgres:', 'postgresql:'];

export function loadConfig(env: Env = process.env): AppConfig {
  const nodeEnv = raw(env, 'NODE_ENV') ?? 'development';
  const production = nodeEnv === 'production';

  const adminToken = raw(env, 'ADMIN_TOKEN');
  if (production && adminToken === undefined) {
    throw new ConfigError('ADMIN_TOKEN', 'is required when NODE_ENV=production');
  }
  if (production && adminToken === DEV_ADMIN_TOKEN) {
    throw new ConfigError('ADMIN_TOKEN', 'must not be the development default in production');
  }
  if (adminToken !== undefined && adminToken.length < 16) {
    throw new ConfigError('ADMIN_TOKEN', 'must be at least 16 characters long');
  }

  const paymentProvider = raw(env, 'PAYMENT_PROVIDER') ?? 'simulated';
  if (paymentProvider !== 'simulated' && paymentProvider !== 'stripe') {
    throw new ConfigError(
      'PAYMENT_PROVIDER',
      `must be simulated or stripe, got "${paymentProvider}"`,
    );
  }
  const stripeSecretKey = raw(env, 'STRIPE_SECRET_KEY') ?? null;
  if (paymentProvider === 'stripe' && stripeSecretKey === null) {
    throw new ConfigError('STRIPE_SECRET_KEY', 'is required when PAYMENT_PROVIDER=stripe');
  }

  const webhookSecrets = list(env, 'PAYMENT_WEBHOOK_SECRET');
  if (production && webhookSecrets.length === 0) {
    throw new ConfigError('PAYMENT_WEBHOOK_SECRET', 'is required when NODE_ENV=production');
  }

  const corsOrigins = list(env, 'CORS_ORIGINS');
  for (const origin of corsOrigins) {
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      throw new ConfigError('CORS_ORIGINS', `holds "${origin}", which is not an origin URL`);
    }
    if (parsed.origin !== origin) {
      throw new ConfigError(
        'CORS_ORIGINS',
        `holds "${origin}"; an origin is scheme://host[:port] with no path, e.g. "${parsed.origin}"`,
      );
    }
  }

  const idempotencyLockSeconds = int(env, 'IDEMPOTENCY_LOCK_SECONDS', 30, 1, 3600);
  const idempotencyTtlSeconds = int(env, 'IDEMPOTENCY_TTL_SECONDS', DAY, 1, 30 * DAY);
  if (idempotencyTtlSeconds < idempotencyLockSeconds) {
    throw new ConfigError(
      'IDEMPOTENCY_TTL_SECONDS',
      `must be at least IDEMPOTENCY_LOCK_SECONDS (${idempotencyLockSeconds})`,
    );
  }

  const queuePrefix = raw(env, 'QUEUE_PREFIX') ?? 'bull';
  if (!/^[A-Za-z0-9_.:{}-]+$/.test(queuePrefix)) {
    throw new ConfigError(
      'QUEUE_PREFIX',
      `may hold letters, digits and _.:{}- only, got "${queuePrefix}"`,
    );
  }

  const port = int(env, 'PORT', 3000, 0, 65535);

  const cursorSecret = raw(env, 'CURSOR_SECRET') ?? null;
  if (cursorSecret !== null && cursorSecret.length < 32) {
    throw new ConfigError('CURSOR_SECRET', 'must be at least 32 characters long');
  }

  const benchBypassIdempotency = bool(env, 'BENCH_BYPASS_IDEMPOTENCY', false);
  if (production && benchBypassIdempotency) {
    throw new ConfigError(
      'BENCH_BYPASS_IDEMPOTENCY',
      'is for benchmarks and refused when NODE_ENV=production',
    );
  }

  const faultInjection = raw(env, 'FAULT_INJECTION') ?? null;
  if (production && faultInjection !== null) {
    throw new ConfigError(
      'FAULT_INJECTION',
      'is for tests and drills and refused when NODE_ENV=production',
    );
  }
  if (faultInjection !== null) {
    try {
      parseFaultSpec(faultInjection);
    } catch (error) {
      throw new ConfigError('FAULT_INJECTION', `is malformed: ${(error as Error).message}`);
    }
  }

  // Tests (NODE_ENV=test) default to warn so that their output stays quiet.
  const logLevel = raw(env, 'LOG_LEVEL')?.toLowerCase() ?? (nodeEnv === 'test' ? 'warn' : 'info');
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError(
      'LOG_LEVEL',
      `must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`,
    );
  }

  // Readable lines for a person at a terminal; JSON for everything that collects logs.
  const logFormat =
    raw(env, 'LOG_FORMAT')?.toLowerCase() ?? (nodeEnv === 'development' ? 'pretty' : 'json');
  if (!(LOG_FORMATS as readonly string[]).includes(logFormat)) {
    throw new ConfigError('LOG_FORMAT', `must be json or pretty, got "${logFormat}"`);
  }

  const databaseUrl = url(
    env,
    'DATABASE_URL',
    'postgres://postgres@127.0.0.1:5432/ticket_service',
    POSTGRES_URL,
  );
  const redisSentinelName = raw(env, 'REDIS_SENTINEL_NAME') ?? 'mymaster';
  if (!/^[A-Za-z0-9_.-]+$/.test(redisSentinelName)) {
    throw new ConfigError(
      'REDIS_SENTINEL_NAME',
      `may hold letters, digits and _.- only, got "${redisSentinelName}"`,
    );
  }

  const bodyLimitBytes = int(env, 'BODY_LIMIT_BYTES', 1048576, 1024, 100 * 1048576);
  return {
    nodeEnv,
    port,
    databaseUrl,
    migrationsDatabaseUrl: url(env, 'MIGRATIONS_DATABASE_URL', databaseUrl, POSTGRES_URL),
    databasePoolMax: int(env, 'DATABASE_POOL_MAX', 20, 2, 500),
    redisUrl: url(env, 'REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
    redisSentinels: sentinels(env, 'REDIS_SENTINELS'),
    redisSentinelName,
    queuePrefix,
    adminToken: adminToken ?? DEV_ADMIN_TOKEN,
    paymentProvider,
    paymentWebhookSecrets: webhookSecrets.length > 0 ? webhookSecrets : [DEV_WEBHOOK_SECRET],
    stripeSecretKey,
    paymentSimulatorDelayMs: int(env, 'PAYMENT_SIMULATOR_DELAY_MS', 100, 0, 600000),
    paymentSimulatorDuplicateRate: fraction(env, 'PAYMENT_SIMULATOR_DUPLICATE_RATE', 0.2),
    paymentSimulatorWebhookUrl: optionalUrl(env, 'PAYMENT_SIMULATOR_WEBHOOK_URL', [
      'http:',
      'https:',
    ]),
    stripeApiUrl: optionalUrl(env, 'STRIPE_API_URL', ['http:', 'https:']),
    paymentWindowSeconds: int(env, 'PAYMENT_WINDOW_SECONDS', 900, 1, 7 * DAY),
    idempotencyTtlSeconds,
    idempotencyLockSeconds,
    idempotencyCleanupIntervalSeconds: int(
      env,
      'IDEMPOTENCY_CLEANUP_INTERVAL_SECONDS',
      900,
      1,
      DAY,
    ),
    reservationTtlSeconds: int(env, 'RESERVATION_TTL_SECONDS', 600, 1, 7 * DAY),
    reservationSweepIntervalSeconds: int(env, 'RESERVATION_SWEEP_INTERVAL_SECONDS', 15, 1, 3600),
    bodyLimitBytes,
    apiBodyLimitBytes: int(
      env,
      'API_BODY_LIMIT_BYTES',
      Math.min(262144, bodyLimitBytes),
      1024,
      bodyLimitBytes,
    ),
    tenantRateLimit: int(env, 'TENANT_RATE_LIMIT', 100, 0, 1_000_000),
    corsOrigins,
    cursorSecret,
    // A production database never gets a tenant nobody asked for.
    seedDemoTenant: bool(env, 'SEED_DEMO_TENANT', !production),
    recoveryIntervalSeconds: int(env, 'RECOVERY_INTERVAL_SECONDS', 30, 1, 3600),
    faultInjection,
    benchBypassIdempotency,
    publicUrl: url(env, 'PUBLIC_URL', `http://localhost:${port}`, ['http:', 'https:']).replace(
      /\/+$/,
      '',
    ),
    logLevel: logLevel as LogLevel,
    tenantCacheSeconds: int(env, 'TENANT_CACHE_SECONDS', 5, 0, 300),
    webhookConcurrency: int(env, 'WEBHOOK_CONCURRENCY', WEBHOOK_CONCURRENCY_DEFAULT, 1, 64),
    logFormat: logFormat as LogFormat,
  };
}
