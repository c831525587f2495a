import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import type { AppConfig } from '../../config/app-config';
import { InjectAppConfig } from '../../config/config.module';
import { MetricsService, RecoveryOutcome } from '../../metrics/metrics.service';
import { RepeatableJobScheduler } from '../../queues/repeatable-job.scheduler';
import { JOBS, QUEUES } from '../../queues/queue-names';
import { PaymentsService } from './payments.service';

// Each item may wait on the provider; the rest waits for the next run.
const RECOVERY_BATCH = 50;

/** Safe to run twice or concurrently: it acts only under a key's lease or on locked rows. */
@Processor(QUEUES.paymentRecovery)
export class PaymentRecoveryProcessor {
  constructor(
    private readonly payments: PaymentsService,
    private readonly metrics: MetricsService,
  ) {}

  @Process(JOBS.paymentRecovery)
  async handle(): Promise<Record<RecoveryOutcome, number>> {
    const counts = await this.payments.recover(RECOVERY_BATCH);
    for (const [outcome, count] of Object.entries(counts)) {
      this.metrics.recoveryOutcome(outcome as RecoveryOutcome, count);
    }
    return counts;
  }
}

/** Every RECOVERY_INTERVAL_SECONDS, once across all instances. */
@Injectable()
export class PaymentRecoveryScheduler extends RepeatableJobScheduler {
  constructor(
    @InjectQueue(QUEUES.paymentRecovery) queue: Queue,
    @InjectAppConfig() config: AppConfig,
  ) {
    super(queue, JOBS.paymentRecovery, config.recoveryIntervalSeconds * 1000);
  }
}
