import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { DataSource } from 'typeorm';
import type { AppConfig } from '../../../../config/app-config';
import { InjectAppConfig } from '../../../../config/config.module';
import { DetachedConnection } from '../../../../database/detached-connection';
import { PAYMENT_FAILED, PAYMENT_SUCCEEDED, ProviderEvent } from '../../payment-events';
import {
  CreatePaymentInput,
  PaymentProvider,
  ProviderPayment,
  ProviderPaymentStatus,
  ProviderRefund,
} from '../payment-provider';
import { signatureHeader } from '../../../../common/stripe-signature';

interface PaymentRow {
  id: string;
  amount_cents: string;
  currency: string;
  status: ProviderPaymentStatus;
  metadata: Record<string, string>;
  refund_id: string | null;
}

interface DueDelivery {
  id: string;
  payment_id: string;
  event_id: string;
  outcome: 'succeeded' | 'failed';
  copies: number;
  attempts: number;
}

const POLL_MS = 100;
const DELIVERY_LEASE_SECONDS = 30;
const DELIVERY_BATCH = 20;
const MAX_BACKOFF_MS = 60_000;

/** Test cards, as Stripe names them: the outcome the simulated provider reports later. */
function outcomeOf(paymentMethod: string): 'succeeded' | 'failed' | null {
  if (paymentMethod === 'pm_card_chargeDeclined') return 'failed';
  if (paymentMethod === 'pm_card_authenticationRequired') return null;
  return 'succeeded';
}

const newId = (prefix: string) => `${prefix}_sim_${randomBytes(12).toString('hex')}`;

/**
 * A payment provider that behaves like a remote one, inside this process: its payments and
 * undelivered events live in its own tables, written in transactions of their own (its state does
 * not roll back with ours); it answers a repeated idempotency key with the same payment; and after
 * PAYMENT_SIMULATOR_DELAY_MS it POSTs a Stripe-signed event to the webhook URL, sometimes twice,
 * retrying with backoff until a 2xx comes back, across restarts.
 */
@Injectable()
export class SimulatedPaymentProvider
  extends PaymentProvider
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  readonly name = 'simulated';
  private readonly logger = new Logger(SimulatedPaymentProvider.name);
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private delivering?: Promise<void>;
  // Its own connections, as a remote provider has its own database.
  private readonly dataSource: DataSource;

  constructor(
    detached: DetachedConnection,
    private readonly httpAdapterHost: HttpAdapterHost,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {
    super();
    this.dataSource = detached.dataSource;
  }

  async createPayment(input: CreatePaymentInput): Promise<ProviderPayment> {
    const outcome = outcomeOf(input.paymentMethod);
    return this.dataSource.transaction(async (manager) => {
      const inserted: PaymentRow[] = await manager.query(
        `INSERT INTO simulated_provider_payments
           (id, idempotency_key, amount_cents, currency, payment_method, status, metadata)
         VALUES ($1, $2, $3, $4, $5, 'pending', $6)
         ON CONFLICT (idempotency_key) DO NOTHING
         RETURNING *`,
        [
          newId('pi'),
          input.idempotencyKey,
          input.amountCents,
          input.currency.toUpperCase(),
          input.paymentMethod,
          JSON.stringify(input.metadata),
        ],
      );
      if (inserted.length === 1) {
        if (outcome !== null) {
          const copies = Math.random() < this.config.paymentSimulatorDuplicateRate ? 2 : 1;
          await manager.query(
            `INSERT INTO simulated_provider_deliveries
               (payment_id, event_id, outcome, copies, status, next_attempt_at)
             VALUES ($1, $2, $3, $4, 'pending', now() + make_interval(secs => $5))`,
            [
              inserted[0].id,
              newId('evt'),
              outcome,
              copies,
              this.config.paymentSimulatorDelayMs / 1000,
            ],
          );
        }
        return toPayment(inserted[0], false);
      }
      const existing: PaymentRow[] = await manager.query(
        'SELECT * FROM simulated_provider_payments WHERE idempotency_key = $1',
        [input.idempotencyKey],
      );
      return toPayment(existing[0], true);
    });
  }

  async retrievePayment(providerPaymentId: string): Promise<ProviderPayment> {
    const rows: PaymentRow[] = await this.dataSource.query(
      'SELECT * FROM simulated_provider_payments WHERE id = $1',
      [providerPaymentId],
    );
    if (rows.length === 0) throw new Error(`simulated provider: no payment ${providerPaymentId}`);
    return toPayment(rows[0], false);
  }

  async findPayment(input: CreatePaymentInput): Promise<ProviderPayment | null> {
    const rows: PaymentRow[] = await this.dataSource.query(
      'SELECT * FROM simulated_provider_payments WHERE idempotency_key = $1',
      [input.idempotencyKey],
    );
    return rows.length === 0 ? null : toPayment(rows[0], true);
  }

  async refundPayment(providerPaymentId: string): Promise<ProviderRefund> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [rows]: [Array<{ refund_id: string }>, number] = await this.dataSource.query(
      `UPDATE simulated_provider_payments
          SET status = 'refunded', refund_id = COALESCE(refund_id, $2), updated_at = now()
        WHERE id = $1
        RETURNING refund_id`,
      [providerPaymentId, newId('re')],
    );
    if (rows.length === 0) throw new Error(`simulated provider: no payment ${providerPaymentId}`);
    return { id: rows[0].refund_id, paymentId: providerPaymentId };
  }

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.delivering;
  }

  private schedule(delayMs = POLL_MS): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      let full = false;
      this.delivering = this.deliverDue()
        .then((leased) => {
          full = leased === DELIVERY_BATCH;
        })
        .catch((error: unknown) => {
          if (!this.stopped) this.logger.warn(`delivery round failed: ${(error as Error).message}`);
        })
        // A full batch may mean a backlog: the next round starts at once rather than a poll later.
        .finally(() => this.schedule(full ? 0 : POLL_MS));
    }, delayMs);
  }

  private webhookUrl(): string | null {
    if (this.config.paymentSimulatorWebhookUrl !== null)
      return this.config.paymentSimulatorWebhookUrl;
    const server = this.httpAdapterHost.httpAdapter?.getHttpServer() as
      { address(): AddressInfo | string | null; listening?: boolean } | undefined;
    const address = server?.listening ? server.address() : null;
    if (address === null || address === undefined || typeof address === 'string') return null;
    return `http://127.0.0.1:${address.port}/v1/webhooks/payments`;
  }

  /**
   * One round: lease due deliveries (so other instances skip them), settle their payments and
   * send them, then record the results; a statement per step for the whole batch, not one per
   * delivery. Returns how many deliveries were leased.
   */
  private async deliverDue(): Promise<number> {
    const url = this.webhookUrl();
    if (url === null) return 0;
    const [due]: [DueDelivery[], number] = await this.dataSource.query(
      `UPDATE simulated_provider_deliveries d
          SET attempts = attempts + 1,
              next_attempt_at = now() + make_interval(secs => $1)
        WHERE id IN (SELECT id FROM simulated_provider_deliveries
                      WHERE status = 'pending' AND next_attempt_at <= now()
                      ORDER BY next_attempt_at
                      LIMIT $2
                      FOR UPDATE SKIP LOCKED)
        RETURNING id, payment_id, event_id, outcome, copies, attempts`,
      [DELIVERY_LEASE_SECONDS, DELIVERY_BATCH],
    );
    if (due.length === 0) return 0;
    // The outcome happens at the provider when its time comes, whether or not we hear of it.
    const payments: PaymentRow[] = await this.dataSource.query(
      `WITH due AS (SELECT * FROM unnest($1::text[], $2::text[]) AS due (id, outcome)),
            settled AS (
              UPDATE simulated_provider_payments p SET status = due.outcome, updated_at = now()
                FROM due
               WHERE p.id = due.id AND p.status = 'pending'
               RETURNING p.*)
       SELECT * FROM settled
       UNION ALL
       SELECT p.* FROM simulated_provider_payments p JOIN due ON due.id = p.id
        WHERE NOT EXISTS (SELECT 1 FROM settled WHERE settled.id = p.id)`,
      [due.map((d) => d.payment_id), due.map((d) => d.outcome)],
    );
    const byId = new Map(payments.map((payment) => [payment.id, payment]));
    const results = await Promise.all(
      due.map((delivery) => this.deliver(delivery, byId.get(delivery.payment_id)!, url)),
    );
    const delivered = due.filter((_, i) => results[i] === null).map((d) => d.id);
    if (delivered.length > 0) {
      await this.dataSource.query(
        `UPDATE simulated_provider_deliveries
            SET status = 'delivered', delivered_at = now(), last_error = NULL
          WHERE id = ANY($1::uuid[])`,
        [delivered],
      );
    }
    for (const [i, delivery] of due.entries()) {
      const lastError = results[i];
      if (lastError === null) continue;
      const backoffMs = Math.min(MAX_BACKOFF_MS, 250 * 2 ** Math.min(delivery.attempts, 16));
      await this.dataSource.query(
        `UPDATE simulated_provider_deliveries
            SET last_error = $2, next_attempt_at = now() + make_interval(secs => $3) WHERE id = $1`,
        [delivery.id, lastError, backoffMs / 1000],
      );
    }
    return due.length;
  }

  /** Sends one event (twice when the delivery says so); null when a copy got a 2xx, else the error. */
  private async deliver(
    delivery: DueDelivery,
    payment: PaymentRow,
    url: string,
  ): Promise<string | null> {
    const event: ProviderEvent = {
      id: delivery.event_id,
      type: delivery.outcome === 'succeeded' ? PAYMENT_SUCCEEDED : PAYMENT_FAILED,
      created: Math.floor(Date.now() / 1000),
      data: {
        object: {
          id: payment.id,
          object: 'payment_intent',
          amount: Number(payment.amount_cents),
          currency: payment.currency.toLowerCase(),
          status: delivery.outcome === 'succeeded' ? 'succeeded' : 'requires_payment_method',
          metadata: payment.metadata,
        },
      },
    };
    const body = JSON.stringify({ ...event, object: 'event', livemode: false });
    let delivered = false;
    let lastError = 'not sent';
    for (let copy = 0; copy < delivery.copies; copy++) {
      const signature = signatureHeader(
        this.config.paymentWebhookSecrets[0],
        Math.floor(Date.now() / 1000),
        body,
      );
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'Stripe-Signature': signature },
          body,
          signal: AbortSignal.timeout(5000),
        });
        await res.arrayBuffer();
        if (res.ok) delivered = true;
        else lastError = `HTTP ${res.status}`;
      } catch (error) {
        lastError = (error as Error).message;
      }
    }
    return delivered ? null : lastError;
  }
}

function toPayment(row: PaymentRow, replayed: boolean): ProviderPayment {
  return {
    id: row.id,
    status: row.status,
    amountCents: Number(row.amount_cents),
    currency: row.currency,
    replayed,
  };
}
