import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { bigintNumber } from '../../database/bigint-number.transformer';
import type { PaymentStatus } from './order-state';
import type { CreatePaymentInput } from './providers/payment-provider';

@Entity({ name: 'payments' })
export class Payment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('ix_payments_tenant')
  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId!: string;

  @Column({ type: 'text' })
  status!: PaymentStatus;

  @Column({
    name: 'amount_cents',
    type: 'bigint',
    transformer: bigintNumber,
  })
  amountCents!: number;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Column({ name: 'payment_method', type: 'text' })
  paymentMethod!: string;

  @Column({ type: 'text' })
  provider!: string;

  @Column({ name: 'provider_payment_id', type: 'text', nullable: true })
  providerPaymentId!: string | null;

  @Column({ name: 'provider_idempotency_key', type: 'text' })
  providerIdempotencyKey!: string;

  /**
   * The exact call the provider gets (key, amount, currency, method, metadata), committed before
   * the call: every retry and the recovery job send it byte for byte. Null on payments made
   * before purchases ran in phases.
   */
  @Column({ name: 'provider_request', type: 'jsonb', nullable: true })
  providerRequest!: CreatePaymentInput | null;

  @Column({ name: 'provider_refund_id', type: 'text', nullable: true })
  providerRefundId!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
