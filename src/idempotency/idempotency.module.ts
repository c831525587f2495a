import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QUEUES } from '../queues/queue-names';
import {
  IdempotencyCleanupProcessor,
  IdempotencyCleanupScheduler,
} from './idempotency-cleanup.processor';
import { IdempotencyKey } from './idempotency-key.entity';
import { IdempotencyController } from './idempotency.controller';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyStore } from './idempotency.store';
import { RecoveryPoints } from './recovery-points';

@Module({
  imports: [
    TypeOrmModule.forFeature([IdempotencyKey]),
    BullModule.registerQueue({ name: QUEUES.idempotencyCleanup }),
  ],
  controllers: [IdempotencyController],
  providers: [
    IdempotencyStore,
    RecoveryPoints,
    IdempotencyCleanupProcessor,
    IdempotencyCleanupScheduler,
    { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
  ],
  exports: [RecoveryPoints],
})
export class IdempotencyModule {}
