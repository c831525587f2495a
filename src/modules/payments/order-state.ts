/**
 * The saga's state machines (docs/api.md §7), as pure functions: given the current states and an event,
 * what happens. Duplicates and out-of-order events map to `none`, so applying an event twice, or a
 * failure after a success, changes nothing.
 */
export type OrderStatus = 'pending_payment' | 'paid' | 'failed' | 'expired' | 'refunded';
export type PaymentStatus = 'pending' | 'succeeded' | 'failed' | 'refunded';

export type SagaEvent =
  'payment_succeeded' | 'payment_failed' | 'window_closed' | 'refund_requested';

export type SagaAction =
  /** Payment succeeded while the order waited: convert the hold, issue tickets, order paid. */
  | { kind: 'fulfil' }
  /** Payment succeeded after the order expired or failed: take the seats again if free, else refund. */
  | { kind: 'late_success' }
  /** Payment failed while the order waited: order failed, seats released. */
  | { kind: 'fail' }
  /** A payment that failed after its order already expired: record it, nothing else moves. */
  | { kind: 'record_failure' }
  /** The window closed with the payment still pending: order expired, seats released. */
  | { kind: 'expire' }
  /** Refund a paid order: provider refund, tickets void, seats back. */
  | { kind: 'refund' }
  | { kind: 'none'; reason: string }
  | { kind: 'reject'; reason: string };

export function decide(order: OrderStatus, payment: PaymentStatus, event: SagaEvent): SagaAction {
  switch (event) {
    case 'payment_succeeded':
      if (payment === 'succeeded' || payment === 'refunded') {
        return { kind: 'none', reason: `duplicate: payment already ${payment}` };
      }
      if (order === 'pending_payment') return { kind: 'fulfil' };
      if (order === 'expired' || order === 'failed') return { kind: 'late_success' };
      return { kind: 'none', reason: `order is ${order}` };
    case 'payment_failed':
      if (payment === 'succeeded' || payment === 'refunded') {
        return { kind: 'none', reason: `stale: payment already ${payment}` };
      }
      if (payment === 'failed')
        return { kind: 'none', reason: 'duplicate: payment already failed' };
      if (order === 'pending_payment') return { kind: 'fail' };
      return { kind: 'record_failure' };
    case 'window_closed':
      if (order !== 'pending_payment') return { kind: 'none', reason: `order is ${order}` };
      return { kind: 'expire' };
    case 'refund_requested':
      if (order === 'paid' && payment === 'succeeded') return { kind: 'refund' };
      return { kind: 'reject', reason: `only a paid order can be refunded; this one is ${order}` };
  }
}
