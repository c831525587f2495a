import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export type IdempotencyOutcome =
  | 'claimed'
  | 'takeover'
  | 'expired'
  | 'replay'
  | 'in_progress'
  | 'mismatch'
  | 'released_on_error'
  | 'unlocked_for_resume'
  | 'lease_lost';

/** What the recovery job did with one purchase or refund it found between phases. */
export type RecoveryOutcome =
  'purchase_resumed' | 'purchase_never_charged' | 'refund_finished' | 'skipped_live' | 'failed';

/**
 * The one place where the service counts what it does. Each application owns its registry, so two
 * instances in one test process do not share counters.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  private readonly idempotency = new Counter({
    name: 'idempotency_requests_total',
    help: 'Idempotent requests by outcome: claimed (new key), expired (an expired key reused as new), takeover (lease ran out, a retry took the key), replay, in_progress (409), mismatch (422), released_on_error, unlocked_for_resume (an error after a committed phase: the key keeps its recovery point), lease_lost.',
    labelNames: ['outcome'],
    registers: [this.registry],
  });

  private readonly recovery = new Counter({
    name: 'payment_recovery_total',
    help: 'What the recovery job did with purchases and refunds left between phases: purchase_resumed (the provider had the payment; its outcome applied), purchase_never_charged (the provider never made it; order failed, seats back), refund_finished, skipped_live (a live request holds it), failed (tried again next run).',
    labelNames: ['outcome'],
    registers: [this.registry],
  });

  private readonly httpRequests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route pattern (e.g. /v1/events/:id; "unmatched" for unknown paths) and status.',
    labelNames: ['method', 'route', 'status'],
    registers: [this.registry],
  });

  private readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency in seconds, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  httpRequest(method: string, route: string, status: number, seconds: number): void {
    const labels = { method, route, status: String(status) };
    this.httpRequests.inc(labels);
    this.httpDuration.observe(labels, seconds);
  }

  recoveryOutcome(outcome: RecoveryOutcome, count = 1): void {
    if (count > 0) this.recovery.inc({ outcome }, count);
  }

  idempotencyOutcome(outcome: IdempotencyOutcome): void {
    this.idempotency.inc({ outcome });
  }

  async idempotencyCounts(): Promise<Record<string, number>> {
    const metric = await this.idempotency.get();
    return Object.fromEntries(metric.values.map((v) => [String(v.labels.outcome), v.value]));
  }

  private readonly webhookEvents = new Counter({
    name: 'webhook_events_total',
    help: 'Payment webhook events by status: received (stored, new), duplicate, signature_invalid, enqueue_deferred (Redis did not answer; left to the re-drive), processed, retry (an attempt failed and Bull retries), failed (the last attempt failed), redriven (enqueued again by the re-drive or a replay).',
    labelNames: ['status'],
    registers: [this.registry],
  });

  webhookEvent(status: WebhookEventStatus, count = 1): void {
    if (count > 0) this.webhookEvents.inc({ status }, count);
  }

  private readonly inventoryMoves = new Counter({
    name: 'inventory_seat_moves_total',
    help: 'Seat moves between the inventory counters (from, to), by outcome: moved, or refused (not enough seats in `from`; nothing moved). Counted when the statement ran, even if its transaction later rolls back.',
    labelNames: ['from', 'to', 'outcome'],
    registers: [this.registry],
  });

  private readonly inventorySeats = new Counter({
    name: 'inventory_seats_moved_total',
    help: 'Seats moved between the inventory counters (from, to).',
    labelNames: ['from', 'to'],
    registers: [this.registry],
  });

  private readonly checkIns = new Counter({
    name: 'check_ins_total',
    help: 'Ticket scans at the door by source (single: POST /v1/tickets/:code/check-in; batch: offline uploads) and outcome: checked_in, duplicate (a scan id already applied by an earlier upload), already_checked_in, void, unknown (no such code for the tenant). A replayed request is not counted again; a scan is counted when decided, even if its request then rolls back (a lost lease).',
    labelNames: ['source', 'outcome'],
    registers: [this.registry],
  });

  checkIn(source: CheckInSource, outcome: CheckInMetricOutcome): void {
    this.checkIns.inc({ source, outcome });
  }

  inventoryMove(from: string, to: string, seats: number, moved: boolean): void {
    this.inventoryMoves.inc({ from, to, outcome: moved ? 'moved' : 'refused' });
    if (moved) this.inventorySeats.inc({ from, to }, seats);
  }
}

export type CheckInSource = 'single' | 'batch';
export type CheckInMetricOutcome =
  'checked_in' | 'duplicate' | 'already_checked_in' | 'void' | 'unknown';

export type WebhookEventStatus =
  | 'received'
  | 'duplicate'
  | 'signature_invalid'
  | 'enqueue_deferred'
  | 'processed'
  | 'retry'
  | 'failed'
  | 'redriven';
