import { decide, OrderStatus, PaymentStatus } from './order-state';

describe('saga state machine', () => {
  it('success while pending fulfils; a duplicate success changes nothing', () => {
    expect(decide('pending_payment', 'pending', 'payment_succeeded')).toEqual({ kind: 'fulfil' });
    expect(decide('paid', 'succeeded', 'payment_succeeded').kind).toBe('none');
  });

  it('failure while pending fails the order; a failure after a success is stale', () => {
    expect(decide('pending_payment', 'pending', 'payment_failed')).toEqual({ kind: 'fail' });
    expect(decide('paid', 'succeeded', 'payment_failed').kind).toBe('none');
    expect(decide('refunded', 'refunded', 'payment_failed').kind).toBe('none');
    expect(decide('failed', 'failed', 'payment_failed').kind).toBe('none');
  });

  it('success after expiry or failure is a late success (re-acquire or refund)', () => {
    expect(decide('expired', 'pending', 'payment_succeeded')).toEqual({ kind: 'late_success' });
    expect(decide('failed', 'failed', 'payment_succeeded')).toEqual({ kind: 'late_success' });
    expect(decide('refunded', 'refunded', 'payment_succeeded').kind).toBe('none');
  });

  it('a failure reported after the order expired is recorded only', () => {
    expect(decide('expired', 'pending', 'payment_failed')).toEqual({ kind: 'record_failure' });
  });

  it('the window closes only pending orders', () => {
    expect(decide('pending_payment', 'pending', 'window_closed')).toEqual({ kind: 'expire' });
    const settled: OrderStatus[] = ['paid', 'failed', 'expired', 'refunded'];
    for (const order of settled)
      expect(decide(order, 'pending', 'window_closed').kind).toBe('none');
  });

  it('only a paid order with a succeeded payment is refunded', () => {
    expect(decide('paid', 'succeeded', 'refund_requested')).toEqual({ kind: 'refund' });
    const others: Array<[OrderStatus, PaymentStatus]> = [
      ['pending_payment', 'pending'],
      ['failed', 'failed'],
      ['expired', 'pending'],
      ['refunded', 'refunded'],
    ];
    for (const [order, payment] of others) {
      expect(decide(order, payment, 'refund_requested').kind).toBe('reject');
    }
  });

  it('every event applied twice changes nothing the second time', () => {
    // After fulfil: (paid, succeeded); after fail: (failed, failed); after expire: (expired, pending)
    expect(decide('paid', 'succeeded', 'payment_succeeded').kind).toBe('none');
    expect(decide('failed', 'failed', 'payment_failed').kind).toBe('none');
    expect(decide('expired', 'pending', 'window_closed').kind).toBe('none');
    expect(decide('refunded', 'refunded', 'refund_requested').kind).toBe('reject');
  });
});
