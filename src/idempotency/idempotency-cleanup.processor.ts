import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import type { AppConfig } from '../config/app-config';
import { InjectAppConfig } from '../config/config.module';
import { JOBS, QUEUES } from '../queues/queue-names';
import { RepeatableJobScheduler } from '../queues/repeatable-job.scheduler';
import { IdempotencyStore } from './idempotency.store';

export const CLEANUP_BATCH_SIZE = 1000;
// One run deletes at most this many batches; a larger backlog is finished by the next runs.
export const CLEANUP_MAX_BATCHES = 2000;

export type IdempotencyCleanupJob = Record<string, never>;

/** Deletes expired keys. Safe to run twice or concurrently: each batch skips rows another locked. */
@Processor(QUEUES.idempotencyCleanup)
export class IdempotencyCleanupProcessor {
  private readonly logger = new Logger(IdempotencyCleanupProcessor.name);

  constructor(private readonly store: IdempotencyStore) {}

  @Process(JOBS.idempotencyCleanup)
  async handle(_job: Job<IdempotencyCleanupJob>): Promise<{ deleted: number }> {
    const deleted = await this.store.deleteExpired(CLEANUP_BATCH_SIZE, CLEANUP_MAX_BATCHES);
    if (deleted > 0) this.logger.log(`deleted ${deleted} expired idempotency keys`);
    return { deleted };
  }
}

/** The cleanup runs every IDEMPOTENCY_CLEANUP_INTERVAL_SECONDS, once across all instances. */
@Injectable()
export class IdempotencyCleanupScheduler extends RepeatableJobScheduler {
  constructor(
    @InjectQueue(QUEUES.idempotencyCleanup) queue: Queue<IdempotencyCleanupJob>,
    @InjectAppConfig() config: AppConfig,
  ) {
    super(queue, JOBS.idempotencyCleanup, config.idempotencyCleanupIntervalSeconds * 1000);
  }
}
