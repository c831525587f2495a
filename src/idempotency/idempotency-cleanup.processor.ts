import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import type { AppConfig } from '../config/app-config';
import { InjectAppConfig } from '../config/config.module';
import { JOBS, QUEUES } from '../queues/queue-names';
import { scheduleRepeatable } from '../queues/enqueue';
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

/**
 * Registers the cleanup as a Bull repeatable job, which runs once per interval across all
 * instances. Registration retries in the background, so a start with Redis down is not blocked.
 */
@Injectable()
export class IdempotencyCleanupScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(IdempotencyCleanupScheduler.name);
  private stopped = false;
  private retry?: NodeJS.Timeout;

  constructor(
    @InjectQueue(QUEUES.idempotencyCleanup) private readonly queue: Queue<IdempotencyCleanupJob>,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    void this.schedule();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.retry);
  }

  private async schedule(): Promise<void> {
    try {
      await scheduleRepeatable(
        this.queue,
        JOBS.idempotencyCleanup,
        this.config.idempotencyCleanupIntervalSeconds * 1000,
        5000,
      );
    } catch (error) {
      if (this.stopped) return;
      this.logger.warn(`could not schedule the cleanup yet: ${(error as Error).message}`);
      this.retry = setTimeout(() => void this.schedule(), 5000);
    }
  }
}
