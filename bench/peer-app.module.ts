/**
 * Bench-only: the service with its own idempotency layer switched off (BENCH_BYPASS_IDEMPOTENCY)
 * and @node-idempotency/nestjs mounted in its place, as a global interceptor in front of the same
 * handlers, storing in Redis with its published Redis adapter (it has no PostgreSQL adapter).
 *
 * What the peer does NOT give, and ours does (so the comparison is speed for weaker guarantees):
 * its record key is prefix:method:url:key, with no tenant, so two tenants' equal keys collide;
 * its fingerprint hashes JSON.stringify(body), so the same body with keys in another order is a
 * 422 mismatch; the stored response is written after the handler commits, in another store, so a
 * crash between the two runs the handler again on retry, and a key left IN_PROGRESS by a crash is
 * stuck (409) until its TTL, with no lease takeover; it stores error responses and replays them.
 */
import { DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { NodeIdempotencyInterceptor, NodeIdempotencyModule } from '@node-idempotency/nestjs';
import { StorageAdapterEnum } from '@node-idempotency/shared';
import { AppModule } from '../src/app.module';
import type { AppConfig } from '../src/config/app-config';

@Module({})
export class PeerBenchAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    if (!config.benchBypassIdempotency) {
      throw new Error(
        'the peer bench module needs BENCH_BYPASS_IDEMPOTENCY=true (one layer at a time)',
      );
    }
    return {
      module: PeerBenchAppModule,
      imports: [
        AppModule.forRoot(config),
        NodeIdempotencyModule.forRootAsync({
          storage: { adapter: StorageAdapterEnum.redis, options: { url: config.redisUrl } },
          cacheKeyPrefix: `${config.queuePrefix}:peer-idempotency`,
          cacheTTLMS: config.idempotencyTtlSeconds * 1000,
          // Enforcing would also demand a key on GET /health (the check runs before skipRequest);
          // the benchmark sends a key with every POST, so only the skip below matters.
          enforceIdempotency: false,
          skipRequest: (req) => req.method !== 'POST' || !req.path.startsWith('/v1/'),
        }),
      ],
      providers: [{ provide: APP_INTERCEPTOR, useClass: NodeIdempotencyInterceptor }],
    };
  }
}
