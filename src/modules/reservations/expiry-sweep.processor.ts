import { InjectQueue, Process, Processor } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import type { AppConfig } from '../../config/app-config';
import { InjectAppConfig } from '../../config/config.module';
import { RepeatableJobScheduler } from '../../queues/repeatable-job.scheduler';
import { JOBS, QUEUES } from '../../queues/queue-names';
import { ReservationsService } from './reservations.service';

export const EXPIRY_BATCH_SIZE = 500;
// One run releases at most this many batches; a larger backlog is finished by the next runs.
export const EXPIRY_MAX_BATCHES = 100;

/** One kind of expiry the periodic sweep handles; `run` returns how many things it ended. */
export interface ExpiryStep {
  name: string;
  run: () => Promise<number>;
}

/**
 * The periodic expiry sweep (RESERVATION_SWEEP_INTERVAL_SECONDS). Releasing expired holds is its
 * last step; modules that build on reservations (payments: orders past their payment window) add
 * theirs with `addStep`, and those run first, so an order can settle its own hold before the hold
 * is released under it. A failing step does not stop the others.
 */
@Injectable()
export class ExpirySweep {
  private readonly logger = new Logger(ExpirySweep.name);
  private readonly steps: ExpiryStep[] = [];

  constructor(private readonly reservations: ReservationsService) {}

  addStep(step: ExpiryStep): void {
    this.steps.push(step);
  }

  async run(): Promise<Record<string, number>> {
    const holds: ExpiryStep = {
      name: 'holds',
      run: () => this.reservations.releaseExpired(EXPIRY_BATCH_SIZE, EXPIRY_MAX_BATCHES),
    };
    const done: Record<string, number> = {};
    const failed: string[] = [];
    for (const step of [...this.steps, holds]) {
      try {
        done[step.name] = await step.run();
      } catch (error) {
        this.logger.error(`expiry step ${step.name} failed`, (error as Error).stack);
        failed.push(step.name);
      }
    }
    // Failing the job makes the failure visible in Bull; the next tick runs every step again.
    if (failed.length > 0) throw new Error(`expiry steps failed: ${failed.join(', ')}`);
    return done;
  }
}

/** Safe to run twice or concurrently: every step skips rows another sweeper holds. */
@Processor(QUEUES.reservationExpiry)
export class ExpirySweepProcessor {
  constructor(private readonly sweep: ExpirySweep) {}

  @Process(JOBS.reservationExpiry)
  handle(): Promise<Record<string, number>> {
    return this.sweep.run();
  }
}

/** The sweep runs every RESERVATION_SWEEP_INTERVAL_SECONDS, once across all instances. */
@Injectable()
export class ExpirySweepScheduler extends RepeatableJobScheduler {
  constructor(
    @InjectQueue(QUEUES.reservationExpiry) queue: Queue,
    @InjectAppConfig() config: AppConfig,
  ) {
    super(queue, JOBS.reservationExpiry, config.reservationSweepIntervalSeconds * 1000);
  }
}
