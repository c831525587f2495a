import Stripe from 'stripe';
import {
  CreatePaymentInput,
  PaymentProvider,
  ProviderPayment,
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
      throw error;
    }
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
