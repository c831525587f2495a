import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { JobOptions, Queue } from 'bull';
import { randomUUID } from 'node:crypto';
import type { AppConfig } from '../../config/app-config';
import { InjectAppConfig } from '../../config/config.module';
import { TransactionContext } from '../../database/transaction-context';
import {
  NotFoundError,
  ServiceUnavailableError,
  ValidationFailedError,
  WebhookSignatureInvalidError,
} from '../../errors/app-error';
import { isUnavailableError } from '../../errors/problem';
import { MetricsService } from '../../metrics/metrics.service';
import { addWithDeadline } from '../../queues/enqueue';
import { JOBS, QUEUES } from '../../queues/queue-names';
import { type ApplyOutcome, isProviderEvent, type ProviderEvent } from '../payments/payment-events';
import { PaymentsService } from '../payments/payments.service';
import type { ListWebhookEventsQuery } from './dto/list-webhook-events.query';
import { DEFAULT_WEBHOOK_PAGE_SIZE } from './dto/list-webhook-events.query';
import type { WebhookEventDto, WebhookEventListDto } from './dto/webhook-event.dto';
import type { WebhookReceiptDto } from './dto/webhook-receipt.dto';
import type { WebhookEventStatus } from './webhook-event.entity';
import { WebhookEventsStore } from './webhook-events.store';
import { WebhookProcessingPolicy } from './webhook-processing.policy';
import { type SignatureFailure, verifyStripeSignature } from '../../common/stripe-signature';
import { parseJsonBody, WEBHOOK_JSON_LIMITS } from '../../http/json-body';
import { invalidListCursor, ListCursors } from '../../common/list-cursor';

export interface WebhookJob {
  eventRowId: string;
}

export interface Attempt {
  /** 1-based: the attempt Bull is running now. */
  number: number;
  max: number;
}

/** What one run of the worker did with a row. */
export type ProcessResult =
  | { result: 'processed'; outcome: ApplyOutcome }
  | { result: 'skipped'; status: WebhookEventStatus | 'missing' };

const SIGNATURE_DETAILS: Record<SignatureFailure, string> = {
  missing_header: 'The Stripe-Signature header is missing.',
  missing_body: 'The request has no JSON body to verify (Content-Type must be application/json).',
  malformed_header:
    'The Stripe-Signature header is malformed; expected t=<unix>,v1=<hex>[,v1=<hex>].',
  no_v1_signature: 'The Stripe-Signature header carries no v1 signature.',
  timestamp_too_old: 'The signature timestamp is more than 300 s in the past.',
  timestamp_in_future: 'The signature timestamp is more than 300 s in the future.',
  no_matching_signature: 'No v1 signature matches the payload with any configured secret.',
};

// Raised inside the processing transaction to roll the application back.
class UnknownPaymentRetry extends Error {}
class ClaimLost extends Error {}

function noteOf(outcome: ApplyOutcome): string | null {
  if (outcome.status === 'applied') return outcome.note;
  return outcome.note === null ? outcome.status : `${outcome.status}: ${outcome.note}`;
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 2000);
}

/**
 * The inbox of payment provider events (docs/api.md, section 8): verify, store once, acknowledge, and drive each
 * stored event through Bull to PaymentsService. PostgreSQL is the record; Redis only carries
 * wake-ups, so a lost or duplicated job costs a delay, never an event or a second application.
 */
@Injectable()
export class WebhooksService {
  private readonly logger = new Logger(WebhooksService.name);

  constructor(
    private readonly tx: TransactionContext,
    private readonly store: WebhookEventsStore,
    private readonly payments: PaymentsService,
    private readonly metrics: MetricsService,
    readonly policy: WebhookProcessingPolicy,
    @InjectQueue(QUEUES.webhookEvents) private readonly queue: Queue<WebhookJob>,
    @InjectAppConfig() private readonly config: AppConfig,
    private readonly cursors: ListCursors,
  ) {}

  /**
   * The inbox's provider name: the configured provider's (`simulated` or `stripe`, as stored on
   * payments). Both sign like Stripe, and one deployment talks to one provider.
   */
  get provider(): string {
    return this.config.paymentProvider;
  }

  /** The receiver: signature first, then one INSERT, then a best-effort enqueue. */
  async receive(
    rawBody: Buffer | undefined,
    signature: string | string[] | undefined,
  ): Promise<WebhookReceiptDto> {
    const check = verifyStripeSignature(signature, rawBody, {
      secrets: this.config.paymentWebhookSecrets,
      now: Math.floor(Date.now() / 1000),
    });
    if (!check.valid) {
      this.metrics.webhookEvent('signature_invalid');
      throw new WebhookSignatureInvalidError(SIGNATURE_DETAILS[check.reason]);
    }
    // Parsed only now, under the same limits as every body (a signed NUL or Infinity is a 400,
    // never a 500 that the provider would retry for days).
    const event = parseJsonBody(rawBody!, WEBHOOK_JSON_LIMITS);
    const text = rawBody!.toString('utf8');
    if (!isProviderEvent(event)) {
      throw new ValidationFailedError(
        'The webhook body is not a provider event: expected {id, type, data: {object: {id}}}.',
      );
    }

    const id = await this.insert(event, text);
    if (id === null) {
      this.metrics.webhookEvent('duplicate');
      return { received: true, duplicate: true };
    }
    this.metrics.webhookEvent('received');
    await this.enqueue(id, id);
    return { received: true, duplicate: false };
  }

  private async insert(event: ProviderEvent, payload: string): Promise<string | null> {
    try {
      return await this.store.insert(event, this.provider, payload);
    } catch (error) {
      // A 5xx makes the provider deliver again; a 2xx here would lose the event.
      if (isUnavailableError(error)) {
        this.logger.error(`webhook ${event.id} not stored: ${errorText(error)}`);
        throw new ServiceUnavailableError('The event could not be stored; deliver it again later.');
      }
      throw error;
    }
  }

  /**
   * Hands a stored row to Bull without making anyone wait for Redis: when it is down or slow the
   * row stays pending and the re-drive enqueues it later. Returns whether Bull took the job.
   */
  async enqueue(eventRowId: string, jobId: string): Promise<boolean> {
    if (this.queue.client.status !== 'ready') {
      // Bull would park the command in ioredis' offline queue; the re-drive is the better retry.
      this.metrics.webhookEvent('enqueue_deferred');
      this.logger.warn(`Redis is ${this.queue.client.status}; webhook ${eventRowId} left pending`);
      return false;
    }
    const options: JobOptions = {
      jobId,
      attempts: this.policy.attempts,
      backoff: { type: 'exponential', delay: this.policy.backoffMs },
      // Finished jobs are removed so that the same jobId can be added again by a replay or the
      // re-drive; Bull treats an add with a jobId it still holds, in any state, as a no-op.
      removeOnComplete: true,
      removeOnFail: true,
    };
    try {
      await addWithDeadline(
        this.queue,
        JOBS.webhookProcess,
        { eventRowId },
        options,
        this.policy.enqueueDeadlineMs,
      );
      return true;
    } catch (error) {
      this.metrics.webhookEvent('enqueue_deferred');
      this.logger.warn(`webhook ${eventRowId} left pending: ${errorText(error)}`);
      return false;
    }
  }

  /**
   * One worker attempt. Guarded claim (own statement, committed, so `attempts` counts even if the
   * application rolls back) → PaymentsService and the row's completion in ONE transaction, the
   * completion guarded by the claim → on error the row returns to pending, or to failed after the
   * last attempt, with the error kept, and the error goes back to Bull for its backoff.
   */
  async process(eventRowId: string, attempt: Attempt): Promise<ProcessResult> {
    const row = await this.store.claim(eventRowId, this.policy.processingLeaseMs);
    if (row === undefined) {
      // Processed already, held by another worker within its lease, or gone: a redelivered job.
      return { result: 'skipped', status: (await this.store.statusOf(eventRowId)) ?? 'missing' };
    }

    const last = attempt.number >= attempt.max;
    try {
      const outcome = await this.tx.run(async () => {
        const applied = await this.payments.applyProviderEvent(row.provider, row.payload);
        // The purchase that creates the payment may not have committed yet: wait for it while
        // attempts remain, then record the event as processed with the note (docs/api.md, section 7).
        if (applied.status === 'unknown_payment' && !last) {
          throw new UnknownPaymentRetry(noteOf(applied) ?? 'unknown_payment');
        }
        if (!(await this.store.markProcessed(eventRowId, row.attempts, noteOf(applied)))) {
          throw new ClaimLost();
        }
        return applied;
      });
      this.metrics.webhookEvent('processed');
      return { result: 'processed', outcome };
    } catch (error) {
      if (error instanceof ClaimLost) {
        // A replay or a lease takeover moved the row on; whoever holds it now finishes it.
        this.logger.warn(`webhook ${eventRowId}: claim lost, application rolled back`);
        return { result: 'skipped', status: 'processing' };
      }
      await this.release(eventRowId, row.attempts, last, error);
      throw error;
    }
  }

  private async release(
    eventRowId: string,
    claimedAttempts: number,
    last: boolean,
    error: unknown,
  ): Promise<void> {
    this.metrics.webhookEvent(last ? 'failed' : 'retry');
    const message = errorText(error);
    this.logger.warn(
      `webhook ${eventRowId} attempt ${claimedAttempts} failed${last ? ' (last)' : ''}: ${message}`,
    );
    try {
      await this.store.release(eventRowId, claimedAttempts, last ? 'failed' : 'pending', message);
    } catch (releaseError) {
      // The row stays in processing; once its lease runs out the re-drive hands it out again.
      this.logger.error(`webhook ${eventRowId} could not be released: ${errorText(releaseError)}`);
    }
  }

  /**
   * Enqueues rows that should be in Bull but may not be: pending ones past their own enqueue
   * (Redis was down, the add was lost) and processing ones past their lease (the worker died).
   * The jobId is the row id, so a row whose job still waits or backs off in Bull is not doubled;
   * a job that is added anyway finds the row claimed or processed and skips it.
   */
  async redrive(): Promise<{ enqueued: number; found: number }> {
    const rows = await this.store.findStranded(
      this.policy.redriveMinAgeMs,
      this.policy.processingLeaseMs,
      this.policy.redriveBatchSize,
    );
    let enqueued = 0;
    for (const id of rows) {
      if (await this.enqueue(id, id)) enqueued += 1;
      else break;
    }
    this.metrics.webhookEvent('redriven', enqueued);
    if (rows.length > 0) {
      this.logger.log(`re-drive: ${enqueued} of ${rows.length} waiting webhook events enqueued`);
    }
    return { enqueued, found: rows.length };
  }

  async list(query: ListWebhookEventsQuery): Promise<WebhookEventListDto> {
    const limit = query.limit ?? DEFAULT_WEBHOOK_PAGE_SIZE;
    let afterId: string | undefined;
    if (query.cursor !== undefined) {
      afterId = this.cursors.decode('webhook-events', 'admin', query.cursor);
      if (!(await this.store.exists(afterId))) throw invalidListCursor();
    }
    // One more than a page: whether it comes back says whether there is a next page.
    const rows = await this.store.list(
      { status: query.status, type: query.type, afterId },
      limit + 1,
    );
    const page = rows.slice(0, limit);
    return {
      items: page,
      nextCursor:
        rows.length > limit
          ? this.cursors.encode('webhook-events', 'admin', page[page.length - 1].id)
          : null,
    };
  }

  async get(id: string): Promise<WebhookEventDto> {
    const event = await this.store.find(id);
    if (event === null) throw new NotFoundError('webhook event', id);
    return event;
  }

  /**
   * Sends an event through processing again, whatever its status; the payments state machine makes
   * a second application of the same event change nothing. The reset commits on its own, before the
   * enqueue, so the worker can never read the row's old status; a replay rolled back afterwards only
   * leaves a pending event, which is processed anyway.
   */
  async replay(id: string): Promise<WebhookEventDto> {
    const event = await this.store.resetForReplay(id);
    if (event === null) throw new NotFoundError('webhook event', id);
    // A fresh jobId: the row's own id may still name a job Bull holds (e.g. one backing off).
    await this.enqueue(id, `${id}:replay:${randomUUID()}`);
    return event;
  }
}
