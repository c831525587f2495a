import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import type { Job, Queue } from 'bull';
import type { AppConfig } from '../../config/app-config';
import { InjectAppConfig } from '../../config/config.module';
import { JOBS, QUEUES } from '../../queues/queue-names';
import { RepeatableJobScheduler } from '../../queues/repeatable-job.scheduler';
import { ProcessResult, WebhookJob, WebhooksService } from './webhooks.service';

/**
 * The inbox's worker. Each instance applies WEBHOOK_CONCURRENCY events at once (default 4);
 * PaymentsService serialises what touches the same order (row locks), and a job run twice, here
 * or on another instance, finds its row claimed or processed and changes nothing.
 */
@Processor(QUEUES.webhookEvents)
export class WebhookProcessor implements OnModuleInit {
  private readonly logger = new Logger(WebhookProcessor.name);

  constructor(
    private readonly webhooks: WebhooksService,
    @InjectQueue(QUEUES.webhookEvents) private readonly queue: Queue<WebhookJob>,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  /**
   * Registered here rather than with @Process: its concurrency is configuration, which a
   * decorator (read once per class, for every application in the process) cannot carry.
   */
  onModuleInit(): void {
    // Bull's promise settles when the queue closes; a failure to start is logged, as Nest's own
    // registration of the other processors leaves it to Bull's 'error' event.
    this.queue
      .process(JOBS.webhookProcess, this.config.webhookConcurrency, (job: Job<WebhookJob>) =>
        this.handle(job),
      )
      .catch((error: Error) => this.logger.error(`webhook worker stopped: ${error.message}`));
  }

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
 * On every reconnection of the queue's client the schedule is registered again (the base class:
 * Redis may come back empty) and a re-drive runs at once, so events stored while Redis was down
 * do not wait for the next tick.
 */
@Injectable()
export class WebhookRedriveScheduler extends RepeatableJobScheduler {
  private readonly log = new Logger(WebhookRedriveScheduler.name);

  constructor(
    @InjectQueue(QUEUES.webhookEvents) webhookQueue: Queue,
    private readonly webhooks: WebhooksService,
    @InjectAppConfig() config: AppConfig,
  ) {
    super(webhookQueue, JOBS.webhookRedrive, config.reservationSweepIntervalSeconds * 1000);
  }

  protected override onReconnect(): void {
    void this.webhooks.redrive().catch((error: Error) => {
      this.log.warn(`re-drive after reconnect failed: ${error.message}`);
    });
  }
}
