import {
  CanActivate,
  ExecutionContext,
  Injectable,
  Logger,
  OnApplicationShutdown,
  OnModuleInit,
} from '@nestjs/common';
import Redis from 'ioredis';
import type { AppConfig } from '../config/app-config';
import { InjectAppConfig } from '../config/config.module';
import { withDeadline } from '../common/with-deadline';
import { RateLimitedError } from '../errors/app-error';
import { redisConnectionOptions } from '../queues/redis-options';
import type { AuthenticatedRequest } from '../tenancy/auth.types';
import { ADMIN_SCOPE } from '../idempotency/idempotency.store';
import { defineTokenBucket, takeToken } from './token-bucket';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Longer than a healthy Redis round trip on a busy machine, short enough not to be felt. */
const DEADLINE_MS = 250;
const POLICY = 'tenant';

/**
 * Per-tenant rate limit of state-changing requests (APP_GUARD, registered after TenantGuard, so it
 * knows the principal; guards run before interceptors, so a refused request never reaches the
 * idempotency claim and stores nothing). TENANT_RATE_LIMIT=0 turns it off.
 *
 * Fails open: when Redis does not answer within DEADLINE_MS the request goes on unlimited (and a
 * warning is logged at most once a minute). The limit protects PostgreSQL from one noisy tenant;
 * refusing every tenant because Redis is down would be the worse outage.
 *
 * Headers (IETF httpapi ratelimit-headers draft): `RateLimit-Policy: "tenant";q=<burst>;w=<s>` (the
 * bucket holds q requests and refills completely in w seconds, i.e. TENANT_RATE_LIMIT a second)
 * and `RateLimit: "tenant";r=<left>;t=<s until full>`; a refusal adds `Retry-After`.
 */
@Injectable()
export class RateLimitGuard implements CanActivate, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RateLimitGuard.name);
  private redis: Redis | null = null;
  private lastWarning = 0;
  private readonly rate: number;
  private readonly capacity: number;

  constructor(@InjectAppConfig() private readonly config: AppConfig) {
    this.rate = config.tenantRateLimit;
    this.capacity = 2 * config.tenantRateLimit;
  }

  /** Connected before the first request, which would otherwise find no connection and go unlimited. */
  async onModuleInit(): Promise<void> {
    if (this.rate === 0) return;
    const redis = this.client();
    if (redis.status === 'ready') return;
    await withDeadline(
      new Promise<void>((resolve) => redis.once('ready', () => resolve())),
      2000,
      'rate limit Redis',
    ).catch((error: unknown) => this.warn(error));
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.rate === 0 || context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (SAFE_METHODS.has(request.method) || request.principal === undefined) return true;
    const scope = request.principal.kind === 'tenant' ? request.principal.tenantId : ADMIN_SCOPE;

    let result;
    try {
      result = await withDeadline(
        takeToken(
          this.client(),
          `${this.config.queuePrefix}:ratelimit:${scope}`,
          this.capacity,
          this.rate,
        ),
        DEADLINE_MS,
        'rate limit',
      );
    } catch (error) {
      this.warn(error);
      return true;
    }

    const response = context
      .switchToHttp()
      .getResponse<{ header(n: string, v: string): unknown }>();
    const window = Math.ceil(this.capacity / this.rate);
    response.header('RateLimit-Policy', `"${POLICY}";q=${this.capacity};w=${window}`);
    response.header(
      'RateLimit',
      `"${POLICY}";r=${result.remaining};t=${Math.ceil(result.resetMs / 1000)}`,
    );
    if (!result.allowed) throw new RateLimitedError(this.rate, result.retryAfterMs / 1000);
    return true;
  }

  private client(): Redis {
    if (this.redis === null) {
      // Its own connection: never queue a command while Redis is away (fail at once, then open).
      this.redis = new Redis({
        ...redisConnectionOptions(this.config),
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        lazyConnect: true,
      });
      this.redis.on('error', (error) => this.warn(error));
      defineTokenBucket(this.redis);
      // Reconnects (retryStrategy) after a failed first attempt too.
      this.redis.connect().catch((error: unknown) => this.warn(error));
    }
    return this.redis;
  }

  private warn(error: unknown): void {
    const now = Date.now();
    if (now - this.lastWarning < 60_000) return;
    this.lastWarning = now;
    this.logger.warn(
      `rate limit not enforced (Redis unavailable): ${error instanceof Error ? error.message : String(error)}`,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    const redis = this.redis;
    this.redis = null;
    if (redis !== null) await redis.quit().catch(() => redis.disconnect());
  }
}
