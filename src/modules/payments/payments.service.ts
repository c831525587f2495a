import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson } from '../../idempotency/fingerprint';
import type { AppConfig } from '../../config/app-config';
import { InjectAppConfig } from '../../config/config.module';
import { TransactionContext } from '../../database/transaction-context';
import {
  InvalidStateError,
  NotFoundError,
  ReservationNotActiveError,
  ServiceUnavailableError,
  ValidationFailedError,
} from '../../errors/app-error';
import { FaultInjector } from '../../faults/fault-injector';
import type { HeldKey } from '../../idempotency/idempotency.store';
import { RecoveryPoints } from '../../idempotency/recovery-points';
import type { RecoveryOutcome } from '../../metrics/metrics.service';
import { ExpirySweep } from '../reservations/expiry-sweep.processor';
import { ReservationsService } from '../reservations/reservations.service';
import { IssuedTicket } from '../tickets/issued-ticket.entity';
import { IssuedTicketsService } from '../tickets/issued-tickets.service';
import { TicketsService } from '../tickets/tickets.service';
import { orderLocation, toOrderDto } from './dto/order.dto';
import { toPaymentDto } from './dto/payment.dto';
import { Order } from './order.entity';
import { decide, SagaEvent } from './order-state';
import { Payment } from './payment.entity';
import { ApplyOutcome, PAYMENT_FAILED, PAYMENT_SUCCEEDED, ProviderEvent } from './payment-events';
import {
  CreatePaymentInput,
  DEFAULT_PAYMENT_METHOD,
  PaymentProvider,
  ProviderPayment,
  ProviderPaymentStatus,
  ProviderRefusedError,
} from './providers/payment-provider';

export interface PurchaseInput {
  reservationId?: string;
  ticketTypeId?: string;
  quantity?: number;
  customerEmail: string;
  paymentMethod?: string;
}

export interface OrderWithTickets {
  order: Order;
  payment: Payment;
  tickets: IssuedTicket[];
}

/** Recovery points of a purchase and of a refund, as recorded on the request's key. */
export const PURCHASE_ORDER_CREATED = 'order_created';
export const PURCHASE_PROVIDER_ANSWERED = 'provider_answered';
export const REFUND_DECIDED = 'refund_decided';

/** The provider's idempotency key of a refund: one refund per payment, whoever asks. */
export const refundProviderKey = (providerPaymentId: string): string =>
  `refund-${providerPaymentId}`;

// How many overdue orders one sweep settles; each is its own transaction with a provider call
// before it, so the batch stays small and the rest waits for the next tick.
const EXPIRY_BATCH = 50;

/**
 * The provider's idempotency key for a purchase (docs/api.md §5), derived from the tenant and the
 * request's key, so a retry after a crash or an error meets the same provider payment. Two more
 * parts keep a *different* purchase from inheriting that payment: the purchase's own content (a
 * key freed by an error may come back with another body) and the key's generation (a key whose
 * record expired counts as new and may make another order). A hash keeps it under Stripe's 255.
 */
export function providerIdempotencyKey(
  tenantId: string,
  requestKey: string,
  generation = 0,
  purchase: unknown = {},
): string {
  return (
    'purchase-' +
    createHash('sha256')
      .update(`${tenantId}:${requestKey}:${generation}:${canonicalJson(purchase)}`)
      .digest('hex')
  );
}

/**
 * The purchase saga (docs/api.md §7): orders and payments, moved by one state machine (order-state.ts)
 * whichever way news of a payment arrives — its webhook, the provider's answer to a purchase, or
 * reconciliation before an order expires.
 *
 * Purchases and refunds cross the provider boundary in atomic phases (recovery-points.ts): phase 1
 * commits the order, the payment and the exact provider call; phase 2 calls the provider with no
 * transaction open; phase 3 commits what it answered. A retry of the same key, or the recovery
 * job, resumes from the last committed phase, so the provider sees one key with one request.
 * Lock order: order row, then payment row, then (through the reservations and tickets services)
 * reservation and ticket type rows.
 */
@Injectable()
export class PaymentsService implements OnModuleInit {
  private readonly logger = new Logger(PaymentsService.name);

  constructor(
    private readonly tx: TransactionContext,
    private readonly reservations: ReservationsService,
    private readonly tickets: TicketsService,
    private readonly issuedTickets: IssuedTicketsService,
    private readonly provider: PaymentProvider,
    private readonly sweep: ExpirySweep,
    private readonly recovery: RecoveryPoints,
    private readonly faults: FaultInjector,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    // Runs before the sweep releases expired holds, so an order settles its own hold first.
    this.sweep.addStep({ name: 'orders', run: () => this.expireOverdueOrders(EXPIRY_BATCH) });
  }

  /**
   * POST /v1/purchases, in phases. A 4xx can only come from phase 1 (nothing committed, the key
   * is freed); once phase 1 committed, the purchase ends paid, failed or expired, or waits for
   * a retry or the recovery job, but is never forgotten.
   */
  async purchase(
    tenantId: string,
    requestKey: string,
    input: PurchaseInput,
  ): Promise<OrderWithTickets> {
    let orderId = this.recovery.current().resourceId;
    if (orderId === null) {
      const byReservation = input.reservationId !== undefined;
      const byTicketType = input.ticketTypeId !== undefined || input.quantity !== undefined;
      if (byReservation === byTicketType) {
        throw new ValidationFailedError(
          'Give either reservationId, or ticketTypeId with quantity; not both.',
        );
      }
      if (byTicketType && (input.ticketTypeId === undefined || input.quantity === undefined)) {
        throw new ValidationFailedError(
          'A purchase by ticket type needs both ticketTypeId and quantity.',
        );
      }
      orderId = await this.recovery.commit(
        PURCHASE_ORDER_CREATED,
        () => this.openOrder(tenantId, requestKey, input),
        (id) => id,
      );
      this.faults.hit('purchase.commit_lost');
    }
    await this.charge(tenantId, orderId);
    return this.getOrder(tenantId, orderId);
  }

  /**
   * Phase 1, in its own transaction: the seats (a fresh hold, or the given reservation extended
   * to the payment window), the order, and the payment with the exact provider call, whose
   * metadata names only what this transaction commits.
   */
  private async openOrder(
    tenantId: string,
    requestKey: string,
    input: PurchaseInput,
  ): Promise<string> {
    const reservationId =
      input.reservationId ??
      (
        await this.reservations.hold(
          tenantId,
          input.ticketTypeId!,
          input.quantity!,
          this.config.idempotencyLockSeconds,
        )
      ).id;
    const deadline = new Date(Date.now() + this.config.paymentWindowSeconds * 1000);
    // Locks the reservation row; a second purchase of it is refused.
    const reservation = await this.reservations.startPurchase(tenantId, reservationId, deadline);
    const orders = this.tx.repository(Order);
    // Earlier lives of this key that made an order (its idempotency record has expired since).
    const generation = await orders.countBy({ tenantId, idempotencyKey: requestKey });
    const ticketType = await this.tickets.getTicketType(tenantId, reservation.ticketTypeId);
    const order = await orders.save(
      orders.create({
        tenantId,
        reservationId,
        ticketTypeId: reservation.ticketTypeId,
        quantity: reservation.quantity,
        status: 'pending_payment',
        totalCents: ticketType.priceCents * reservation.quantity,
        currency: ticketType.currency,
        customerEmail: input.customerEmail,
        idempotencyKey: requestKey,
        keyGeneration: generation,
        paymentDeadline: deadline,
        note: null,
      }),
    );
    const paymentId = randomUUID();
    const providerRequest: CreatePaymentInput = {
      idempotencyKey: providerIdempotencyKey(tenantId, requestKey, generation, input),
      amountCents: order.totalCents,
      currency: order.currency,
      paymentMethod: input.paymentMethod ?? DEFAULT_PAYMENT_METHOD,
      metadata: { tenantId, orderId: order.id, paymentId },
    };
    const payments = this.tx.repository(Payment);
    await payments.insert(
      payments.create({
        id: paymentId,
        tenantId,
        orderId: order.id,
        status: 'pending',
        amountCents: providerRequest.amountCents,
        currency: providerRequest.currency,
        paymentMethod: providerRequest.paymentMethod,
        provider: this.provider.name,
        providerPaymentId: null,
        providerIdempotencyKey: providerRequest.idempotencyKey,
        providerRequest,
        providerRefundId: null,
      }),
    );
    return order.id;
  }

  /**
   * Phases 2 and 3 for an order whose payment has no answer from the provider yet: the call,
   * exactly as phase 1 recorded it, with no transaction open; then its answer, committed. An
   * answer that may be lost (a timeout, a 5xx) is a 503 with the key unlocked: the retry (or the
   * recovery job) asks again under the same provider key.
   */
  private async charge(tenantId: string, orderId: string): Promise<void> {
    const payment = await this.tx.repository(Payment).findOneBy({ tenantId, orderId });
    if (payment === null) throw new Error(`order ${orderId} has no payment`);
    if (payment.status !== 'pending' || payment.providerPaymentId !== null) return;
    if (payment.providerRequest === null) return; // made before phases: its webhook settles it
    let answer: ProviderPayment | ProviderRefusedError;
    try {
      answer = await this.provider.createPayment(payment.providerRequest);
    } catch (error) {
      if (!(error instanceof ProviderRefusedError)) {
        this.logger.warn(
          `provider call for payment ${payment.id} has no answer: ${(error as Error).message}`,
        );
        throw new ServiceUnavailableError(
          'The payment provider did not answer. Retry with the same Idempotency-Key: the same payment is asked for again, never a second one.',
          1,
        );
      }
      answer = error;
    }
    this.faults.hit('purchase.after_provider_call');
    await this.recovery.commit(PURCHASE_PROVIDER_ANSWERED, () =>
      this.recordAnswer(tenantId, orderId, answer),
    );
  }

  /**
   * Phase 3: what the provider said about a payment's call, on locked rows. Safe to run twice and
   * after the webhook: the provider id is recorded once, outcomes go through the state machine.
   */
  private async recordAnswer(
    tenantId: string,
    orderId: string,
    answer: ProviderPayment | ProviderRefusedError | null,
  ): Promise<void> {
    const { order, payment } = await this.lock(tenantId, orderId, false);
    if (answer === null || answer instanceof ProviderRefusedError) {
      // No payment exists at the provider, and none will under this key.
      if (payment.providerPaymentId !== null || payment.status !== 'pending') return;
      const why =
        answer === null ? 'the provider never received the payment request' : answer.message;
      this.logger.warn(`payment ${payment.id}: ${why}`);
      await this.applyOutcome(order!, payment, 'payment_failed');
      if (order!.note === null) await this.setOrder(order!, order!.status, why);
      return;
    }
    if (
      answer.amountCents !== payment.amountCents ||
      answer.currency.toUpperCase() !== payment.currency.toUpperCase()
    ) {
      // Cannot happen while the provider key covers the purchase's content; never fulfil on it.
      this.logger.error(
        `provider payment ${answer.id} is ${answer.amountCents} ${answer.currency}, order ${orderId} is ${payment.amountCents} ${payment.currency}`,
      );
      return;
    }
    if (payment.providerPaymentId === null) {
      payment.providerPaymentId = answer.id;
      await this.tx
        .repository(Payment)
        .update({ tenantId, id: payment.id }, { providerPaymentId: answer.id });
    }
    // A failure is final as the provider says it (a declined card): apply it now. A success is
    // applied now only for a payment the provider had already settled (a retried or recovered
    // call), whose webhook may have come and gone while no payment here carried its id; a fresh
    // success arrives by webhook, so a purchase answers pending_payment the same way everywhere.
    if (answer.status === 'failed' || (answer.replayed && answer.status === 'succeeded')) {
      await this.applyOutcome(
        order!,
        payment,
        answer.status === 'succeeded' ? 'payment_succeeded' : 'payment_failed',
      );
    }
  }

  /**
   * The recovery job (RECOVERY_INTERVAL_SECONDS): purchases whose provider call has no recorded
   * answer and refunds decided but not finished, older than the lease (a live request renews
   * its lease, and the job takes a key over only once it has run out, as a retry would). A
   * purchase's payment is looked up at the provider without making one: found, its answer is
   * applied; absent, the order fails and its seats return. Each finished request's key is
   * completed, so the client's retry replays the outcome. Safe to run twice and concurrently.
   */
  async recover(batchSize: number): Promise<Record<RecoveryOutcome, number>> {
    const counts: Record<RecoveryOutcome, number> = {
      purchase_resumed: 0,
      purchase_never_charged: 0,
      refund_finished: 0,
      skipped_live: 0,
      failed: 0,
    };
    const purchases: Array<{ tenant_id: string; order_id: string }> =
      await this.tx.dataSource.query(
        `SELECT tenant_id, order_id FROM payments
          WHERE status = 'pending' AND provider_payment_id IS NULL
            AND provider_request IS NOT NULL
            AND created_at <= now() - make_interval(secs => $1)
          ORDER BY created_at LIMIT $2`,
        [this.config.idempotencyLockSeconds, batchSize],
      );
    for (const { tenant_id: tenantId, order_id: orderId } of purchases) {
      const outcome = await this.asRetry(tenantId, orderId, 201, async () => {
        const payment = await this.tx.repository(Payment).findOneByOrFail({ tenantId, orderId });
        if (payment.status !== 'pending' || payment.providerPaymentId !== null) return null;
        const found = await this.provider.findPayment(payment.providerRequest!);
        await this.recovery.commit(PURCHASE_PROVIDER_ANSWERED, () =>
          this.recordAnswer(tenantId, orderId, found),
        );
        return found === null ? 'purchase_never_charged' : 'purchase_resumed';
      });
      if (outcome !== null) counts[outcome]++;
    }
    const refunds: Array<{ tenant_id: string; payment_id: string }> =
      await this.tx.dataSource.query(
        `SELECT tenant_id, payment_id FROM refund_decisions
          WHERE completed_at IS NULL AND decided_at <= now() - make_interval(secs => $1)
          ORDER BY decided_at LIMIT $2`,
        [this.config.idempotencyLockSeconds, batchSize],
      );
    for (const { tenant_id: tenantId, payment_id: paymentId } of refunds) {
      const outcome = await this.asRetry(tenantId, paymentId, 200, async () => {
        await this.finishRefund(tenantId, paymentId);
        return 'refund_finished';
      });
      if (outcome !== null) counts[outcome]++;
    }
    return counts;
  }

  /**
   * Runs `work` as a retry of the request whose key names `resourceId` would: under that key's
   * lease (skipped while a live request holds it), and completing the key with the response the
   * route would have given. Failures are counted and logged; the next run tries again.
   */
  private async asRetry(
    tenantId: string,
    resourceId: string,
    status: 200 | 201,
    work: () => Promise<RecoveryOutcome | null>,
  ): Promise<RecoveryOutcome | null> {
    let key: HeldKey | 'none' | null = null;
    try {
      key = await this.recovery.takeForRecovery(tenantId, resourceId);
      if (key === null) return 'skipped_live';
      const outcome = key === 'none' ? await work() : await this.recovery.run(key, work);
      if (key !== 'none') {
        const body =
          status === 201
            ? toOrderDto(await this.getOrder(tenantId, resourceId))
            : toPaymentDto(await this.getPayment(tenantId, resourceId));
        const headers: Record<string, string> =
          status === 201 ? { location: orderLocation(resourceId) } : {};
        await this.recovery.completeRecovered(key, { status, body: JSON.stringify(body), headers });
      }
      return outcome;
    } catch (error) {
      this.logger.error(`recovery of ${resourceId} failed: ${(error as Error).message}`);
      // Recovery points are durable; ending the job's lease lets a client's retry in at once.
      if (key !== null && key !== 'none') await this.recovery.unlock(key).catch(() => undefined);
      return 'failed';
    }
  }

  async getOrder(tenantId: string, id: string): Promise<OrderWithTickets> {
    const order = await this.tx.repository(Order).findOneBy({ tenantId, id });
    if (order === null) throw new NotFoundError('order', id);
    const payment = await this.tx.repository(Payment).findOneBy({ tenantId, orderId: id });
    if (payment === null) throw new Error(`order ${id} has no payment`);
    const tickets = await this.issuedTickets.listForOrder(tenantId, id);
    return { order, payment, tickets };
  }

  async getPayment(tenantId: string, id: string): Promise<Payment> {
    const payment = await this.tx.repository(Payment).findOneBy({ tenantId, id });
    if (payment === null) throw new NotFoundError('payment', id);
    return payment;
  }

  /**
   * POST /v1/payments/:id/refund, in phases: the decision (with the provider key and amount)
   * commits first; then the provider refunds (keyed by the payment: once, whoever asks); then the
   * local refund commits. Anything but a paid order is 409 INVALID_STATE, and so is a refund of a
   * payment whose refund another request is already carrying out.
   */
  async refund(
    tenantId: string,
    paymentId: string,
    options: { forced?: string } = {},
  ): Promise<Payment> {
    if (this.recovery.current().recoveryPoint !== REFUND_DECIDED) {
      await this.recovery.commit(
        REFUND_DECIDED,
        async () => {
          const found = await this.getPayment(tenantId, paymentId);
          const { order, payment } = await this.lock(tenantId, found.orderId, false);
          const action = decide(order!.status, payment.status, 'refund_requested');
          if (action.kind !== 'refund') {
            throw new InvalidStateError(
              action.kind === 'reject' ? action.reason : 'not refundable',
            );
          }
          // Refused once a ticket was used at the door unless the admin forces it (README,
          // Refunds); the tickets are voided with the decision, so none is checked in meanwhile.
          await this.issuedTickets.withdrawForRefund(tenantId, order!.id, {
            evenIfCheckedIn: options.forced !== undefined,
          });
          const reason =
            options.forced === undefined
              ? 'refunded on request'
              : `forced refund: ${options.forced}`;
          if (!(await this.decideRefund(payment, reason, false))) {
            throw new InvalidStateError('A refund of this payment is already under way.');
          }
          return payment.id;
        },
        (id) => id,
      );
    }
    await this.finishRefund(tenantId, paymentId);
    return this.getPayment(tenantId, paymentId);
  }

  /**
   * Phases 2 and 3 of a decided refund: the provider refunds, then payment and order end refunded
   * (a paid order also voids its tickets and returns its seats) with the decision marked done, in
   * one transaction. Safe to run twice and concurrently; a no-op once the refund is complete.
   */
  async finishRefund(tenantId: string, paymentId: string): Promise<void> {
    const open: Array<{ provider_key: string | null }> = await this.tx.dataSource.query(
      `SELECT provider_key FROM refund_decisions
        WHERE tenant_id = $1 AND payment_id = $2 AND completed_at IS NULL`,
      [tenantId, paymentId],
    );
    if (open.length === 0) return;
    const known = await this.getPayment(tenantId, paymentId);
    let refundId: string;
    try {
      refundId = (await this.provider.refundPayment(known.providerPaymentId!)).id;
    } catch (error) {
      this.logger.warn(`refund of payment ${paymentId} has no answer: ${(error as Error).message}`);
      throw new ServiceUnavailableError(
        'The payment provider did not answer the refund. Retry with the same Idempotency-Key: the payment is refunded once.',
        1,
      );
    }
    this.faults.hit('refund.after_provider_refund');
    await this.tx.run(async () => {
      const { order, payment } = await this.lock(tenantId, known.orderId, false);
      const [decided]: [Array<{ reason: string }>, number] = await this.tx.manager.query(
        `UPDATE refund_decisions SET completed_at = now()
          WHERE tenant_id = $1 AND payment_id = $2 AND completed_at IS NULL
        RETURNING reason`,
        [tenantId, paymentId],
      );
      if (decided.length !== 1) return; // another finisher got here first
      const reason = decided[0].reason;
      const wasPaid = order!.status === 'paid';
      payment.providerRefundId = refundId;
      await this.setPayment(payment, 'refunded');
      if (wasPaid) {
        await this.issuedTickets.voidForOrder(tenantId, order!.id);
        await this.tickets.returnSold(tenantId, order!.ticketTypeId, order!.quantity);
      }
      await this.setOrder(order!, 'refunded', reason);
    });
  }

  /**
   * Applies a provider event (webhook) in the caller's transaction. Duplicates and stale events
   * change nothing; an amount or currency that differs from the payment's is refused.
   */
  async applyProviderEvent(provider: string, event: ProviderEvent): Promise<ApplyOutcome> {
    const sagaEvent: SagaEvent | null =
      event.type === PAYMENT_SUCCEEDED
        ? 'payment_succeeded'
        : event.type === PAYMENT_FAILED
          ? 'payment_failed'
          : null;
    if (sagaEvent === null)
      return { status: 'ignored', note: `event type ${event.type} is not used` };

    return this.tx.run(async () => {
      const object = event.data.object;
      const found = await this.paymentForEvent(object.id, object.metadata);
      if (found === null) {
        return { status: 'unknown_payment', note: `no payment with ${provider} id ${object.id}` };
      }
      const { order, payment } = await this.lock(found.tenantId, found.orderId, false);
      if (
        typeof object.amount !== 'number' ||
        !Number.isInteger(object.amount) ||
        object.amount !== payment.amountCents ||
        typeof object.currency !== 'string' ||
        object.currency.toUpperCase() !== payment.currency.toUpperCase()
      ) {
        const note = `refused: event says ${JSON.stringify(object.amount)} ${JSON.stringify(object.currency)}, payment ${payment.id} is ${payment.amountCents} ${payment.currency}`;
        this.logger.warn(`${event.id}: ${note}`);
        return { status: 'rejected', note };
      }
      if (payment.providerPaymentId === null) {
        // The event outran the purchase's phase 3: the provider's id is recorded here.
        payment.providerPaymentId = object.id;
        await this.tx
          .repository(Payment)
          .update({ tenantId: payment.tenantId, id: payment.id }, { providerPaymentId: object.id });
      } else if (payment.providerPaymentId !== object.id) {
        const note = `refused: payment ${payment.id} is ${payment.providerPaymentId}, not ${object.id}`;
        this.logger.warn(`${event.id}: ${note}`);
        return { status: 'rejected', note };
      }
      return this.applyOutcome(order!, payment, sagaEvent);
    });
  }

  /**
   * The payment an event is about. The provider's payment id is global: it names the tenant, as
   * an API key does on requests. Before phase 3 records that id, the payment is found by the
   * metadata phase 1 committed (and sent) with the call: the event can never be about a payment
   * that is not yet visible, because the provider is only called once phase 1 has committed.
   */
  private async paymentForEvent(
    providerPaymentId: string,
    metadata: Record<string, string> | undefined,
  ): Promise<Payment | null> {
    const payments = this.tx.repository(Payment);
    const byId = await payments.findOneBy({ provider: this.provider.name, providerPaymentId });
    if (byId !== null) return byId;
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    const tenantId = metadata?.tenantId;
    const paymentId = metadata?.paymentId;
    if (typeof tenantId !== 'string' || typeof paymentId !== 'string') return null;
    if (!uuid.test(tenantId) || !uuid.test(paymentId)) return null;
    return payments.findOneBy({ tenantId, id: paymentId, provider: this.provider.name });
  }

  /**
   * The payment window closed: reconcile each overdue order with the provider (outside any
   * transaction), then settle it in a transaction of its own. Returns how many orders changed.
   */
  async expireOverdueOrders(batchSize: number): Promise<number> {
    const due: Array<{ id: string; tenant_id: string }> = await this.tx.dataSource.query(
      `SELECT id, tenant_id FROM orders
        WHERE status = 'pending_payment' AND payment_deadline <= now()
        ORDER BY reconcile_attempted_at NULLS FIRST, payment_deadline LIMIT $1`,
      [batchSize],
    );
    let changed = 0;
    for (const { id, tenant_id: tenantId } of due) {
      try {
        if (await this.settleOverdue(tenantId, id)) changed++;
      } catch (error) {
        this.logger.error(`order ${id} could not be settled: ${(error as Error).message}`);
        // To the back of the queue, so orders the provider cannot answer for block no others.
        await this.tx.dataSource.query(
          'UPDATE orders SET reconcile_attempted_at = now() WHERE tenant_id = $1 AND id = $2',
          [tenantId, id],
        );
      }
    }
    return changed;
  }

  private async settleOverdue(tenantId: string, orderId: string): Promise<boolean> {
    const known = await this.tx.repository(Payment).findOneBy({ tenantId, orderId });
    let providerStatus: ProviderPaymentStatus = 'pending';
    // If the provider cannot be asked, the order waits for the next sweep rather than expiring
    // on a guess; its hold is released meanwhile, and a late success re-acquires or refunds.
    if (known?.providerPaymentId) {
      providerStatus = (await this.provider.retrievePayment(known.providerPaymentId)).status;
    } else if (known?.providerRequest) {
      // The purchase's call has no recorded answer (the recovery job has not got to it yet).
      providerStatus =
        (await this.provider.findPayment(known.providerRequest))?.status ?? 'pending';
    }
    return this.tx.run(async () => {
      const { order, payment } = await this.lock(tenantId, orderId, true);
      if (order === null || order.status !== 'pending_payment') return false;
      if (order.paymentDeadline.getTime() > Date.now()) return false;
      const event: SagaEvent =
        providerStatus === 'succeeded'
          ? 'payment_succeeded'
          : providerStatus === 'failed'
            ? 'payment_failed'
            : 'window_closed';
      return (await this.applyOutcome(order, payment, event)).status === 'applied';
    });
  }

  /** One step of the state machine, on locked rows, in the current transaction. */
  private async applyOutcome(
    order: Order,
    payment: Payment,
    event: SagaEvent,
  ): Promise<ApplyOutcome> {
    const action = decide(order.status, payment.status, event);
    const tenantId = order.tenantId;
    switch (action.kind) {
      case 'none':
      case 'reject':
        return { status: 'ignored', note: action.reason };
      case 'fulfil': {
        await this.setPayment(payment, 'succeeded');
        if (await this.refundDecided(payment)) {
          return { status: 'applied', note: 'a refund of this payment was already decided' };
        }
        if (await this.takeSeats(order)) {
          await this.issuedTickets.issue(tenantId, order.id, order.ticketTypeId, order.quantity);
          await this.setOrder(order, 'paid', null);
          return { status: 'applied', note: null };
        }
        const note = 'paid after its hold ended and its seats were sold';
        await this.decideRefund(payment, note, true);
        return { status: 'applied', note };
      }
      case 'late_success': {
        await this.setPayment(payment, 'succeeded');
        if (await this.refundDecided(payment)) {
          return { status: 'applied', note: 'a refund of this payment was already decided' };
        }
        if (await this.reservations.reacquire(tenantId, order.reservationId)) {
          await this.issuedTickets.issue(tenantId, order.id, order.ticketTypeId, order.quantity);
          await this.setOrder(
            order,
            'paid',
            `paid late (order was ${order.status}); seats re-acquired`,
          );
          return { status: 'applied', note: order.note };
        }
        const note = `paid late (order was ${order.status}); seats were gone`;
        await this.decideRefund(payment, note, true);
        return { status: 'applied', note };
      }
      case 'fail':
        await this.setPayment(payment, 'failed');
        await this.reservations.release(tenantId, order.reservationId, 'cancelled');
        await this.setOrder(order, 'failed', null);
        return { status: 'applied', note: null };
      case 'record_failure':
        await this.setPayment(payment, 'failed');
        return { status: 'applied', note: `payment failed; order stays ${order.status}` };
      case 'expire':
        await this.reservations.release(tenantId, order.reservationId, 'expired');
        await this.setOrder(order, 'expired', 'no payment outcome within the payment window');
        return { status: 'applied', note: null };
      case 'refund':
        throw new Error('refunds are requested through refund()');
    }
  }

  /** Seats for an order whose payment succeeded while it waited: its hold, or the same seats again. */
  private async takeSeats(order: Order): Promise<boolean> {
    try {
      await this.reservations.convert(order.tenantId, order.reservationId);
      return true;
    } catch (error) {
      if (!(error instanceof ReservationNotActiveError)) throw error;
      // The hold's time ran out before the sweep expired the order.
      return this.reservations.reacquire(order.tenantId, order.reservationId);
    }
  }

  /**
   * Phase 1 of a refund, in the caller's transaction: the decision, with the provider key and the
   * amount, so that whatever happens next the refund is finished and never decided anew (say, to
   * re-sell seats to a payment that no longer exists). With `followUp`, phases 2 and 3 run once
   * this transaction has committed; if this process dies first, the recovery job runs them.
   * False when a refund of this payment was already decided.
   */
  private async decideRefund(
    payment: Payment,
    reason: string,
    followUp: boolean,
  ): Promise<boolean> {
    const inserted: unknown[] = await this.tx.manager.query(
      `INSERT INTO refund_decisions (payment_id, tenant_id, reason, provider_key, amount_cents)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (payment_id) DO NOTHING
       RETURNING payment_id`,
      [
        payment.id,
        payment.tenantId,
        reason,
        refundProviderKey(payment.providerPaymentId!),
        payment.amountCents,
      ],
    );
    if (inserted.length === 1 && followUp) {
      this.tx.afterCommit(() => this.finishRefund(payment.tenantId, payment.id));
    }
    return inserted.length === 1;
  }

  /** Whether a refund of this payment was decided; an open one is (re)scheduled to finish. */
  private async refundDecided(payment: Payment): Promise<boolean> {
    const rows: Array<{ completed_at: Date | null }> = await this.tx.manager.query(
      'SELECT completed_at FROM refund_decisions WHERE tenant_id = $1 AND payment_id = $2',
      [payment.tenantId, payment.id],
    );
    if (rows.length === 0) return false;
    if (rows[0].completed_at === null) {
      this.tx.afterCommit(() => this.finishRefund(payment.tenantId, payment.id));
    }
    return true;
  }

  private async lock(
    tenantId: string,
    orderId: string,
    skipLocked: boolean,
  ): Promise<{ order: Order | null; payment: Payment }> {
    const orderQuery = this.tx
      .repository(Order)
      .createQueryBuilder('o')
      .setLock('pessimistic_write')
      .where('o.tenant_id = :tenantId AND o.id = :orderId', { tenantId, orderId });
    if (skipLocked) orderQuery.setOnLocked('skip_locked');
    const order = await orderQuery.getOne();
    const payment = await this.tx
      .repository(Payment)
      .createQueryBuilder('p')
      .setLock('pessimistic_write')
      .where('p.tenant_id = :tenantId AND p.order_id = :orderId', { tenantId, orderId })
      .getOne();
    if (payment === null) throw new Error(`order ${orderId} has no payment`);
    if (order === null && !skipLocked) throw new NotFoundError('order', orderId);
    return { order, payment };
  }

  private async setOrder(
    order: Order,
    status: Order['status'],
    note: string | null,
  ): Promise<void> {
    order.status = status;
    order.note = note;
    await this.tx
      .repository(Order)
      .update({ tenantId: order.tenantId, id: order.id }, { status, note });
  }

  private async setPayment(payment: Payment, status: Payment['status']): Promise<void> {
    payment.status = status;
    await this.tx
      .repository(Payment)
      .update(
        { tenantId: payment.tenantId, id: payment.id },
        { status, providerRefundId: payment.providerRefundId },
      );
  }
}
