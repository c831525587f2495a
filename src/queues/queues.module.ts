import { BullModule } from '@nestjs/bull';
import { Global, Module } from '@nestjs/common';
import { getConfigToken } from '@nestjs/config';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG_NAMESPACE } from '../config/config.module';
import { redisConnectionOptions } from './redis-options';

/**
 * Bull's root connection (REDIS_URL, or the master the Sentinels name: redisConnectionOptions);
 * each owning module registers its own queues with BullModule.registerQueue.
 */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [getConfigToken(APP_CONFIG_NAMESPACE)],
      useFactory: (config: AppConfig) => ({
        redis: redisConnectionOptions(config),
        prefix: config.queuePrefix,
      }),
    }),
  ],
  exports: [BullModule],
})
export class QueuesModule {}
