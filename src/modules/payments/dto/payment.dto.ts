import { ApiProperty } from '@nestjs/swagger';
import type { Payment } from '../payment.entity';

export class PaymentDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  orderId!: string;

  @ApiProperty({ enum: ['pending', 'succeeded', 'failed', 'refunded'] })
  status!: string;

  @ApiProperty({ example: 5000 })
  amountCents!: number;

  @ApiProperty({ example: 'EUR' })
  currency!: string;

  @ApiProperty({ example: 'simulated', description: 'simulated or stripe' })
  provider!: string;

  @ApiProperty({ type: String, nullable: true, example: 'pi_3Q…' })
  providerPaymentId!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt!: string;
}

/** The refund takes no fields; declaring the empty body makes unknown fields a 400. */
export class RefundPaymentDto {}

export function toPaymentDto(payment: Payment): PaymentDto {
  return {
    id: payment.id,
    orderId: payment.orderId,
    status: payment.status,
    amountCents: payment.amountCents,
    currency: payment.currency,
    provider: payment.provider,
    providerPaymentId: payment.providerPaymentId,
    createdAt: payment.createdAt.toISOString(),
    updatedAt: payment.updatedAt.toISOString(),
  };
}
