import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../idempotency/fingerprint';
import type { AppConfig } from '../../config/app-config';
import { InjectAppConfig } from '../../config/config.module';
import { TransactionContext } from '../../database/transaction-context';
import {
  IdempotencyKeyReusedError,
  InvalidStateError,
  NotFoundError,
  ReservationNotActiveError,
  ValidationFailedError,
} from '../../errors/app-error';
import { ExpirySweep } from '../reservations/expiry-sweep.processor';
import { ReservationsService } from '../reservations/reservations.service';
import { IssuedTicket } from '../tickets/issued-ticket.entity';
import { IssuedTicketsService } from '../tickets/issued-tickets.service';
import { TicketsService } from '../tickets/tickets.service';
import { Order } from './order.entity';
import { decide, SagaEvent } from './order-state';
import { Payment } from './payment.entity';
import { ApplyOutcome, PAYMENT_FAILED, PAYMENT_SUCCEEDED, ProviderEvent } from './payment-events';
import {
  DEFAULT_PAYMENT_METHOD,
  PaymentProvider,
  ProviderPaymentStatus,
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

// How many overdue orders one sweep settles; each is its own transaction with a provider call
// before it, so the batch stays small and the rest waits for the next tick.
const EXPIRY_BATCH = 50;

/**
 * The provider's idempotency key for a purchase (SPEC §5 rule 11), derived from the tenant and the
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
 * The purchase saga (SPEC §7): orders and payments, moved by one state machine (order-state.ts)
 * whichever way news of a payment arrives — its webhook, the provider's answer to a retried
 * purchase, or reconciliation before an order expires. Lock order: order row, then payment row,
 * then (through the reservations and tickets services) reservation and ticket type rows.
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
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    // Runs before the sweep releases expired holds, so an order settles its own hold first.
    this.sweep.addStep({ name: 'orders', run: () => this.expireOverdueOrders(EXPIRY_BATCH) });
  }

  /**
   * POST /v1/purchases. Runs in the request's transaction; the seats of a purchase by
   * {ticketTypeId, quantity} are held first in a transaction of their own, so that no inventory
   * row stays locked while the provider is called.
   */
  async purchase(
    tenantId: string,
    requestKey: string,
    input: PurchaseInput,
  ): Promise<OrderWithTickets> {
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

    if (input.reservationId !== undefined) {
      return this.openOrder(tenantId, requestKey, input.reservationId, input);
    }
    const hold = await this.tx.runDetached(() =>
      // Short: the purchase extends it at once; if this process dies first, the seats come back
      // about when a retry could take the key over.
      this.reservations.hold(
        tenantId,
        input.ticketTypeId!,
        input.quantity!,
        this.config.idempotencyLockSeconds,
      ),
    );
    // If this request rolls back (an error here, or a lost lease at completion), give the seats
    // back at once rather than when the hold expires. It runs after the rollback, when the
    // reservation row this transaction locks is free again.
    this.tx.afterRollback(() =>
      this.tx.runDetached(() => this.reservations.release(tenantId, hold.id, 'cancelled')),
    );
    return this.openOrder(tenantId, requestKey, hold.id, input);
  }

  private async openOrder(
    tenantId: string,
    requestKey: string,
    reservationId: string,
    input: PurchaseInput,
  ): Promise<OrderWithTickets> {
    const deadline = new Date(Date.now() + this.config.paymentWindowSeconds * 1000);
    // Locks the reservation row for the rest of the request; a second purchase of it is refused.
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
    const payments = this.tx.repository(Payment);
    const paymentMethod = input.paymentMethod ?? DEFAULT_PAYMENT_METHOD;
    const payment = await payments.save(
      payments.create({
        tenantId,
        orderId: order.id,
        status: 'pending',
        amountCents: order.totalCents,
        currency: order.currency,
        paymentMethod,
        provider: this.provider.name,
        providerPaymentId: null,
        providerIdempotencyKey: providerIdempotencyKey(tenantId, requestKey, generation, input),
        providerRefundId: null,
      }),
    );

    const intent = await this.provider.createPayment({
      idempotencyKey: payment.providerIdempotencyKey,
      amountCents: payment.amountCents,
      currency: payment.currency,
      paymentMethod,
      metadata: { tenantId, orderId: order.id, paymentId: payment.id },
    });
    if (
      intent.amountCents !== payment.amountCents ||
      intent.currency.toUpperCase() !== payment.currency.toUpperCase()
    ) {
      // Cannot happen while the provider key covers the purchase's content; never fulfil on it.
      this.logger.error(
        `provider payment ${intent.id} is ${intent.amountCents} ${intent.currency}, order ${order.id} is ${payment.amountCents} ${payment.currency}`,
      );
      throw new IdempotencyKeyReusedError();
    }
    payment.providerPaymentId = intent.id;
    await payments.update({ tenantId, id: payment.id }, { providerPaymentId: intent.id });

    // A retry of a purchase whose payment the provider already settled: apply it now, as its
    // webhook may have come and gone while no payment here carried its id.
    if (intent.replayed && (intent.status === 'succeeded' || intent.status === 'failed')) {
      await this.applyOutcome(
        order,
        payment,
        intent.status === 'succeeded' ? 'payment_succeeded' : 'payment_failed',
      );
    }
    return this.getOrder(tenantId, order.id);
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
   * POST /v1/payments/:id/refund: refunds a paid order through the provider (keyed by the payment,
   * so it refunds once), voids its tickets and returns its seats. Anything but a paid order is 409
   * INVALID_STATE.
   */
  async refund(tenantId: string, paymentId: string): Promise<Payment> {
    return this.tx.run(async () => {
      const found = await this.getPayment(tenantId, paymentId);
      const { order, payment } = await this.lock(tenantId, found.orderId, false);
      const action = decide(order!.status, payment.status, 'refund_requested');
      if (action.kind !== 'refund') {
        throw new InvalidStateError(action.kind === 'reject' ? action.reason : 'not refundable');
      }
      await this.refundPaid(order!, payment, 'refunded on request');
      return payment;
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
      // The provider's payment id is global; it names the tenant, as an API key does on requests.
      const found = await this.tx.repository(Payment).findOneBy({
        provider: this.provider.name,
        providerPaymentId: object.id,
      });
      if (found === null) {
        return { status: 'unknown_payment', note: `no payment with ${provider} id ${object.id}` };
      }
      const { order, payment } = await this.lock(found.tenantId, found.orderId, false);
      if (
        Number(object.amount) !== payment.amountCents ||
        String(object.currency).toUpperCase() !== payment.currency.toUpperCase()
      ) {
        const note = `refused: event says ${object.amount} ${object.currency}, payment ${payment.id} is ${payment.amountCents} ${payment.currency}`;
        this.logger.warn(`${event.id}: ${note}`);
        return { status: 'rejected', note };
      }
      return this.applyOutcome(order!, payment, sagaEvent);
    });
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
    if (known?.providerPaymentId) {
      // If the provider cannot be asked, the order waits for the next sweep rather than expiring
      // on a guess; its hold is released meanwhile, and a late success re-acquires or refunds.
      providerStatus = (await this.provider.retrievePayment(known.providerPaymentId)).status;
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
        const decided = await this.refundDecision(payment);
        if (decided !== null) {
          await this.refundPaid(order, payment, decided);
          return { status: 'applied', note: order.note };
        }
        if (await this.takeSeats(order)) {
          await this.issuedTickets.issue(tenantId, order.id, order.ticketTypeId, order.quantity);
          await this.setOrder(order, 'paid', null);
          return { status: 'applied', note: null };
        }
        await this.refundPaid(order, payment, 'paid after its hold ended and its seats were sold');
        return { status: 'applied', note: order.note };
      }
      case 'late_success': {
        await this.setPayment(payment, 'succeeded');
        const decided = await this.refundDecision(payment);
        if (decided !== null) {
          await this.refundPaid(order, payment, decided);
        } else if (await this.reservations.reacquire(tenantId, order.reservationId)) {
          await this.issuedTickets.issue(tenantId, order.id, order.ticketTypeId, order.quantity);
          await this.setOrder(
            order,
            'paid',
            `paid late (order was ${order.status}); seats re-acquired`,
          );
        } else {
          await this.refundPaid(
            order,
            payment,
            `paid late (order was ${order.status}); seats were gone`,
          );
        }
        return { status: 'applied', note: order.note };
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
   * Compensation and refunds: the provider refunds (once per payment), then the order ends
   * refunded; a paid order also voids its tickets and returns its seats.
   */
  private async refundPaid(order: Order, payment: Payment, note: string): Promise<void> {
    const wasPaid = order.status === 'paid';
    // The decision commits before the provider is asked: if this transaction then rolls back, a
    // retry finds it and finishes the refund instead of deciding anew (say, to re-sell seats to a
    // payment that no longer exists). Its own row, so it never waits on our locks.
    await this.tx.runDetached((manager) =>
      manager.query(
        `INSERT INTO refund_decisions (payment_id, tenant_id, reason) VALUES ($1, $2, $3)
         ON CONFLICT (payment_id) DO NOTHING`,
        [payment.id, payment.tenantId, note],
      ),
    );
    const refund = await this.provider.refundPayment(payment.providerPaymentId!);
    payment.providerRefundId = refund.id;
    await this.setPayment(payment, 'refunded');
    if (wasPaid) {
      await this.issuedTickets.voidForOrder(order.tenantId, order.id);
      await this.tickets.returnSold(order.tenantId, order.ticketTypeId, order.quantity);
    }
    await this.setOrder(order, 'refunded', note);
  }

  /** The reason of a refund already decided for this payment, or null. */
  private async refundDecision(payment: Payment): Promise<string | null> {
    const rows: Array<{ reason: string }> = await this.tx.manager.query(
      'SELECT reason FROM refund_decisions WHERE tenant_id = $1 AND payment_id = $2',
      [payment.tenantId, payment.id],
    );
    return rows.length === 0 ? null : rows[0].reason;
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
