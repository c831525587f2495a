/**
 * A payment provider's event in Stripe's shape (docs/api.md §7). The simulated provider sends the same
 * shape, so one code path serves both.
 */
export interface ProviderEvent {
  id: string;
  type: string;
  created: number;
  data: {
    object: {
      id: string;
      object: string;
      amount: number;
      currency: string;
      status?: string;
      metadata?: Record<string, string>;
    };
  };
}

export const PAYMENT_SUCCEEDED = 'payment_intent.succeeded';
export const PAYMENT_FAILED = 'payment_intent.payment_failed';

/**
 * What applying an event did:
 * - applied: the order or payment changed;
 * - ignored: a duplicate, a stale event or a type we do not handle (the note says which);
 * - unknown_payment: no payment has this provider id, nor the payment id its metadata names (the
 *   provider is only called once the payment is committed, so it is not ours);
 * - rejected: the event contradicts the payment (amount or currency) and was not applied.
 */
export interface ApplyOutcome {
  status: 'applied' | 'ignored' | 'unknown_payment' | 'rejected';
  note: string | null;
}

/** Loose structural check of an event body after its signature was verified. */
export function isProviderEvent(value: unknown): value is ProviderEvent {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  const data = e.data as Record<string, unknown> | undefined;
  const object = data?.object as Record<string, unknown> | undefined;
  return (
    typeof e.id === 'string' &&
    e.id.length > 0 &&
    e.id.length <= 255 &&
    typeof e.type === 'string' &&
    typeof object === 'object' &&
    object !== null &&
    typeof object.id === 'string'
  );
}
