import { getQueueToken } from '@nestjs/bull';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import { withDeadline } from '../common/with-deadline';
import { QUEUES } from '../queues/queue-names';

export interface HealthReport {
  status: 'ok' | 'unavailable';
  checks: { postgres: 'up' | 'down'; redis: 'up' | 'down' };
}

const CHECK_TIMEOUT_MS = 1000;

@Injectable()
export class HealthService implements OnModuleInit {
  /**
   * Bull's own command connection (the webhook queue's), not one of our own: /health then says
   * what the queues see, on the same server, through the same Sentinel failovers. Only a client
   * that is connected is pinged, so a Redis that is down is reported at once instead of the ping
   * waiting in the offline queue for a reconnect.
   */
  private queue!: Queue;

  constructor(
    private readonly dataSource: DataSource,
    private readonly moduleRef: ModuleRef,
  ) {}

  onModuleInit(): void {
    this.queue = this.moduleRef.get<string, Queue>(getQueueToken(QUEUES.webhookEvents), {
      strict: false,
    });
  }

  async check(): Promise<HealthReport> {
    const [postgres, redis] = await Promise.all([this.postgres(), this.pingRedis()]);
    return {
      status: postgres === 'up' && redis === 'up' ? 'ok' : 'unavailable',
      checks: { postgres, redis },
    };
  }

  private async postgres(): Promise<'up' | 'down'> {
    try {
      await withDeadline(this.dataSource.query('SELECT 1'), CHECK_TIMEOUT_MS, 'postgres');
      return 'up';
    } catch {
      return 'down';
    }
  }

  private async pingRedis(): Promise<'up' | 'down'> {
    const client = this.queue.client;
    if (client.status !== 'ready') return 'down';
    try {
      return (await withDeadline(client.ping(), CHECK_TIMEOUT_MS, 'redis')) === 'PONG'
        ? 'up'
        : 'down';
    } catch {
      return 'down';
    }
  }
}
