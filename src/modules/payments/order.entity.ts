import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { bigintNumber } from '../../database/bigint-number.transformer';
import type { OrderStatus } from './order-state';

@Entity({ name: 'orders' })
export class Order {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('ix_orders_tenant')
  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'reservation_id', type: 'uuid' })
  reservationId!: string;

  @Column({ name: 'ticket_type_id', type: 'uuid' })
  ticketTypeId!: string;

  @Column({ type: 'integer' })
  quantity!: number;

  @Column({ type: 'text' })
  status!: OrderStatus;

  @Column({
    name: 'total_cents',
    type: 'bigint',
    transformer: bigintNumber,
  })
  totalCents!: number;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Column({ name: 'customer_email', type: 'text' })
  customerEmail!: string;

  /** The Idempotency-Key of the purchase request that made this order. */
  @Column({ name: 'idempotency_key', type: 'uuid' })
  idempotencyKey!: string;

  /** Which life of the key made this order: a key whose record expired may make another. */
  @Column({ name: 'key_generation', type: 'integer' })
  keyGeneration!: number;

  @Column({ name: 'payment_deadline', type: 'timestamptz' })
  paymentDeadline!: Date;

  /** Why the saga ended where it did, when that is not obvious (e.g. refunded after a late payment). */
  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
