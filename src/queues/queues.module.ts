import { BullModule } from '@nestjs/bull';
import { Global, Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { redisConnectionOptions } from './redis-options';

/**
 * Bull's root connection (REDIS_URL, or the master the Sentinels name: redisConnectionOptions);
 * each owning module registers its own queues with BullModule.registerQueue.
 */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        redis: redisConnectionOptions(config),
        prefix: config.queuePrefix,
      }),
    }),
  ],
  exports: [BullModule],
})
export class QueuesModule {}
