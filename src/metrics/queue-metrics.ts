import { getQueueToken } from '@nestjs/bull';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bull';
import { Gauge } from 'prom-client';
import { QUEUES } from '../queues/queue-names';
import { MetricsService } from './metrics.service';
import { withDeadline } from '../common/with-deadline';

const STATES = ['waiting', 'active', 'delayed', 'failed', 'completed', 'paused'] as const;
/** A scrape never waits longer than this on Redis (which may be down). */
export const QUEUE_SCRAPE_DEADLINE_MS = 500;

/**
 * Queue depths, read from Redis when /metrics is scraped (getJobCounts, within a short deadline).
 * When Redis does not answer in time, the queue's depths are left out of that scrape and
 * `queue_scrape_success{queue}` is 0.
 */
@Injectable()
export class QueueMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    private readonly moduleRef: ModuleRef,
  ) {}

  onModuleInit(): void {
    const queues = Object.values(QUEUES).map((name) =>
      this.moduleRef.get<string, Queue>(getQueueToken(name), { strict: false }),
    );
    const success = new Gauge({
      name: 'queue_scrape_success',
      help: '1 when the queue depths of this scrape were read from Redis, 0 when Redis did not answer in time.',
      labelNames: ['queue'],
      registers: [this.metrics.registry],
    });
    new Gauge({
      name: 'queue_jobs',
      help: 'Jobs in each Bull queue by state (waiting, active, delayed, failed, completed, paused), read at scrape time.',
      labelNames: ['queue', 'state'],
      registers: [this.metrics.registry],
      async collect() {
        this.reset();
        await Promise.all(
          queues.map(async (queue) => {
            try {
              const counts = await withDeadline(
                queue.getJobCounts(),
                QUEUE_SCRAPE_DEADLINE_MS,
                queue.name,
              );
              const byState = counts as unknown as Record<string, number | undefined>;
              for (const state of STATES) {
                this.set({ queue: queue.name, state }, byState[state] ?? 0);
              }
              success.set({ queue: queue.name }, 1);
            } catch {
              success.set({ queue: queue.name }, 0);
            }
          }),
        );
      },
    });
  }
}
