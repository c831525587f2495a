import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import type { AppConfig } from '../../config/app-config';
import { InjectAppConfig } from '../../config/config.module';
import { JOBS, QUEUES } from '../../queues/queue-names';
import { RepeatableJobScheduler } from '../../queues/repeatable-job.scheduler';
import { ProcessResult, WebhookJob, WebhooksService } from './webhooks.service';

/** Events applied at once per instance; PaymentsService serialises what touches the same order. */
export const WEBHOOK_CONCURRENCY = 4;

@Processor(QUEUES.webhookEvents)
export class WebhookProcessor {
  constructor(private readonly webhooks: WebhooksService) {}

  @Process({ name: JOBS.webhookProcess, concurrency: WEBHOOK_CONCURRENCY })
  handle(job: Job<WebhookJob>): Promise<ProcessResult> {
    // attemptsMade counts the attempts that already failed, so this one is attemptsMade + 1.
    return this.webhooks.process(job.data.eventRowId, {
      number: job.attemptsMade + 1,
      max: job.opts.attempts ?? 1,
    });
  }

  @Process(JOBS.webhookRedrive)
  redrive(): Promise<{ enqueued: number; found: number }> {
    return this.webhooks.redrive();
  }
}

/**
 * Keeps the re-drive scheduled: a repeatable job every RESERVATION_SWEEP_INTERVAL_SECONDS (the
 * service's one housekeeping interval, default 15 s), run once per tick across instances.
 *
 * Redis is not durable here (a restart may come back empty, repeatables included), so on every
 * reconnect the schedule is registered again, which is idempotent, and a re-drive runs at once,
 * so events stored while Redis was down do not wait for the next tick.
 */
@Injectable()
export class WebhookRedriveScheduler extends RepeatableJobScheduler {
  private readonly log = new Logger(WebhookRedriveScheduler.name);
  private stopping = false;
  private readonly onReconnect = () => {
    if (this.stopping) return;
    super.onApplicationBootstrap();
    void this.webhooks.redrive().catch((error: Error) => {
      this.log.warn(`re-drive after reconnect failed: ${error.message}`);
    });
  };

  constructor(
    @InjectQueue(QUEUES.webhookEvents) private readonly webhookQueue: Queue,
    private readonly webhooks: WebhooksService,
    @InjectAppConfig() config: AppConfig,
  ) {
    super(webhookQueue, JOBS.webhookRedrive, config.reservationSweepIntervalSeconds * 1000);
  }

  override onApplicationBootstrap(): void {
    super.onApplicationBootstrap();
    // Mostly "Redis came back"; should the first connection land here too, scheduling twice and
    // one extra re-drive are harmless.
    this.webhookQueue.client.on('ready', this.onReconnect);
  }

  override onApplicationShutdown(): void {
    this.stopping = true;
    this.webhookQueue.client.off('ready', this.onReconnect);
    super.onApplicationShutdown();
  }
}
