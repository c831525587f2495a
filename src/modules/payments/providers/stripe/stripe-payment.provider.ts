import Stripe from 'stripe';
import {
  CreatePaymentInput,
  PaymentProvider,
  ProviderPayment,
  ProviderRefusedError,
  ProviderPaymentStatus,
  ProviderRefund,
} from '../payment-provider';

export interface StripeConnection {
  secretKey: string;
  /** e.g. http://127.0.0.1:12111 for a local stub or stripe-mock; Stripe's API when absent. */
  apiUrl: string | null;
}

function statusOf(intent: Stripe.PaymentIntent): ProviderPaymentStatus {
  switch (intent.status) {
    case 'succeeded':
      return 'succeeded';
    case 'canceled':
    case 'requires_payment_method':
      return 'failed';
    default:
      return 'pending';
  }
}

function toPayment(intent: Stripe.PaymentIntent, replayed: boolean): ProviderPayment {
  return {
    id: intent.id,
    status: statusOf(intent),
    amountCents: intent.amount,
    currency: intent.currency.toUpperCase(),
    replayed,
  };
}

/**
 * A 4xx that says the request was refused as such (invalid, unauthorised) is final: no payment
 * was made. A conflict (409: the same key in flight), a rate limit (429), a 5xx or a network
 * failure leaves the outcome unknown.
 */
function refusalOrUnknown(error: unknown): unknown {
  if (
    error instanceof Stripe.errors.StripeInvalidRequestError ||
    error instanceof Stripe.errors.StripeAuthenticationError ||
    error instanceof Stripe.errors.StripePermissionError ||
    (error instanceof Stripe.errors.StripeCardError && error.payment_intent === undefined)
  ) {
    return new ProviderRefusedError(`stripe refused the payment: ${error.message}`);
  }
  return error;
}

/** Stripe through its official SDK: PaymentIntents and Refunds, each call with an idempotency key. */
export class StripePaymentProvider extends PaymentProvider {
  readonly name = 'stripe';
  private readonly stripe: Stripe;

  constructor(connection: StripeConnection) {
    super();
    const api = connection.apiUrl === null ? null : new URL(connection.apiUrl);
    this.stripe = new Stripe(connection.secretKey, {
      maxNetworkRetries: 2,
      timeout: 20_000,
      ...(api === null
        ? {}
        : {
            host: api.hostname,
            port: api.port === '' ? undefined : Number(api.port),
            protocol: api.protocol.replace(':', '') as 'http' | 'https',
          }),
    });
  }

  async createPayment(input: CreatePaymentInput): Promise<ProviderPayment> {
    try {
      const intent = await this.stripe.paymentIntents.create(
        {
          amount: input.amountCents,
          currency: input.currency.toLowerCase(),
          payment_method: input.paymentMethod,
          confirm: true,
          automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
          metadata: input.metadata,
        },
        { idempotencyKey: input.idempotencyKey },
      );
      return toPayment(intent, intent.lastResponse?.headers?.['idempotent-replayed'] === 'true');
    } catch (error) {
      // A declined card is an outcome, not an error: the intent exists and has failed.
      if (error instanceof Stripe.errors.StripeCardError && error.payment_intent !== undefined) {
        const replayed = error.headers?.['idempotent-replayed'] === 'true';
        return { ...toPayment(error.payment_intent, replayed), status: 'failed' };
      }
      throw refusalOrUnknown(error);
    }
  }

  /**
   * By the payment id our metadata carries (committed before the call). Stripe's search is
   * eventually consistent (usually under a minute), which is why the recovery job asks only
   * about calls older than the lease, and why a success that surfaces later for a payment marked
   * never charged is still applied (late success: seats re-acquired or refunded).
   */
  async findPayment(input: CreatePaymentInput): Promise<ProviderPayment | null> {
    const paymentId = input.metadata.paymentId;
    if (paymentId === undefined || !/^[0-9a-f-]{36}$/.test(paymentId)) return null;
    const found = await this.stripe.paymentIntents.search({
      query: `metadata['paymentId']:'${paymentId}'`,
      limit: 1,
    });
    return found.data.length === 0 ? null : toPayment(found.data[0], true);
  }

  async retrievePayment(providerPaymentId: string): Promise<ProviderPayment> {
    return toPayment(await this.stripe.paymentIntents.retrieve(providerPaymentId), false);
  }

  async refundPayment(providerPaymentId: string): Promise<ProviderRefund> {
    const refund = await this.stripe.refunds.create(
      { payment_intent: providerPaymentId },
      { idempotencyKey: `refund-${providerPaymentId}` },
    );
    return { id: refund.id, paymentId: providerPaymentId };
  }
}
