import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bull';
import { scheduleRepeatable } from './enqueue';

const RETRY_MS = 5000;

/**
 * Registers one Bull repeatable job: Bull runs it once per interval across all instances.
 * Registration retries in the background, so a start with Redis down is not blocked (Bull's own
 * calls would wait for Redis for ever).
 *
 * Redis is not durable here: a Redis restarted without persistence comes back empty, and a
 * replica promoted by the Sentinels may lack the master's last writes (replication is
 * asynchronous), schedules and the next tick's job included. So the schedule is registered again
 * on every (re)connection of the queue's client, not only at start-up; registering is idempotent
 * (Bull keys a schedule by name, job id and interval, and each tick's job by its time).
 */
export abstract class RepeatableJobScheduler
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger(this.constructor.name);
  private stopped = false;
  private retry?: NodeJS.Timeout;
  private readonly onReady = () => {
    if (this.stopped) return;
    void this.schedule();
    this.onReconnect();
  };

  protected constructor(
    private readonly queue: Queue,
    private readonly jobName: string,
    private readonly everyMs: number,
  ) {}

  onApplicationBootstrap(): void {
    void this.schedule();
    // Mostly "Redis came back" (or "the Sentinels named a new master"); should the first
    // connection land here too, registering twice is harmless.
    this.queue.client.on('ready', this.onReady);
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    this.queue.client.off('ready', this.onReady);
  }

  /** Runs after the schedule is registered again on a reconnection (nothing by default). */
  protected onReconnect(): void {}

  private async schedule(): Promise<void> {
    clearTimeout(this.retry);
    try {
      await scheduleRepeatable(this.queue, this.jobName, this.everyMs, RETRY_MS);
    } catch (error) {
      if (this.stopped) return;
      this.logger.warn(`could not schedule ${this.jobName} yet: ${(error as Error).message}`);
      this.retry = setTimeout(() => void this.schedule(), RETRY_MS);
    }
  }
}
