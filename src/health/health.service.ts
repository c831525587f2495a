import { Injectable, OnModuleDestroy } from '@nestjs/common';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { InjectAppConfig } from '../config/config.module';
import { redisOptionsFromUrl } from '../queues/redis-options';
import { withDeadline } from '../common/with-deadline';

export interface HealthReport {
  status: 'ok' | 'unavailable';
  checks: { postgres: 'up' | 'down'; redis: 'up' | 'down' };
}

const CHECK_TIMEOUT_MS = 1000;

@Injectable()
export class HealthService implements OnModuleDestroy {
  // Its own connection, with no offline queue: a ping while Redis is down fails at once instead of
  // waiting for a reconnect, as Bull's clients would.
  private readonly redis: Redis;

  constructor(
    private readonly dataSource: DataSource,
    @InjectAppConfig() config: AppConfig,
  ) {
    this.redis = new Redis({
      ...redisOptionsFromUrl(config.redisUrl),
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectionName: 'ticket-service:health',
    });
    this.redis.on('error', () => undefined);
  }

  async check(): Promise<HealthReport> {
    const [postgres, redis] = await Promise.all([this.postgres(), this.pingRedis()]);
    return {
      status: postgres === 'up' && redis === 'up' ? 'ok' : 'unavailable',
      checks: { postgres, redis },
    };
  }

  private async postgres(): Promise<'up' | 'down'> {
    try {
      await withDeadline(this.dataSource.query('SELECT 1'), CHECK_TIMEOUT_MS, 'postgres');
      return 'up';
    } catch {
      return 'down';
    }
  }

  private async pingRedis(): Promise<'up' | 'down'> {
    try {
      if (this.redis.status === 'wait')
        await withDeadline(this.redis.connect(), CHECK_TIMEOUT_MS, 'redis');
      return (await withDeadline(this.redis.ping(), CHECK_TIMEOUT_MS, 'redis')) === 'PONG'
        ? 'up'
        : 'down';
    } catch {
      return 'down';
    }
  }

  onModuleDestroy(): void {
    this.redis.disconnect();
  }
}
