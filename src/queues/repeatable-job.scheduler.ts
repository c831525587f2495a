import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bull';
import { scheduleRepeatable } from './enqueue';

const RETRY_MS = 5000;

/**
 * Registers one Bull repeatable job at start-up: Bull runs it once per interval across all
 * instances. Registration retries in the background, so a start with Redis down is not blocked
 * (Bull's own calls would wait for Redis for ever).
 */
export abstract class RepeatableJobScheduler
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger(this.constructor.name);
  private stopped = false;
  private retry?: NodeJS.Timeout;

  protected constructor(
    private readonly queue: Queue,
    private readonly jobName: string,
    private readonly everyMs: number,
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
      await scheduleRepeatable(this.queue, this.jobName, this.everyMs, RETRY_MS);
    } catch (error) {
      if (this.stopped) return;
      this.logger.warn(`could not schedule ${this.jobName} yet: ${(error as Error).message}`);
      this.retry = setTimeout(() => void this.schedule(), RETRY_MS);
    }
  }
}
