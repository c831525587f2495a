/**
 * The one interface the saga talks to. Both implementations behave like a remote provider: their
 * state does not roll back with ours, and the same idempotency key always answers the same payment.
 */
export type ProviderPaymentStatus = 'pending' | 'succeeded' | 'failed' | 'refunded';

export interface CreatePaymentInput {
  /** Derived from (tenant, request Idempotency-Key): a retried purchase never charges twice. */
  idempotencyKey: string;
  amountCents: number;
  /** ISO 4217, upper case (the provider may use another case on the wire). */
  currency: string;
  paymentMethod: string;
  metadata: Record<string, string>;
}

export interface ProviderPayment {
  id: string;
  status: ProviderPaymentStatus;
  amountCents: number;
  currency: string;
  /** True when the provider answered an earlier call with this idempotency key. */
  replayed: boolean;
}

/**
 * The provider answered that it did not and will not make this payment (Stripe: an invalid
 * request, a refused authentication). Any other failure leaves the outcome unknown: the payment
 * may exist, so it is asked about again (retry or recovery job), never assumed absent.
 */
export class ProviderRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProviderRefusedError';
  }
}

export interface ProviderRefund {
  id: string;
  paymentId: string;
}

export abstract class PaymentProvider {
  /** Stored with each payment and used as the webhook inbox's provider name. */
  abstract readonly name: string;
  abstract createPayment(input: CreatePaymentInput): Promise<ProviderPayment>;
  abstract retrievePayment(providerPaymentId: string): Promise<ProviderPayment>;
  /**
   * The payment made by `input`'s call, if the provider has it, without making one: how the
   * recovery job learns whether a call whose answer was lost reached the provider. Null only
   * when the provider is sure it has none.
   */
  abstract findPayment(input: CreatePaymentInput): Promise<ProviderPayment | null>;
  /** Refunds a payment in full; keyed by the payment, so asking twice refunds once. */
  abstract refundPayment(providerPaymentId: string): Promise<ProviderRefund>;
}

export const DEFAULT_PAYMENT_METHOD = 'pm_card_visa';
