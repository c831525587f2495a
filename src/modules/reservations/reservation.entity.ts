import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const RESERVATION_STATUSES = ['active', 'expired', 'cancelled', 'converted'] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

/**
 * A hold of `quantity` seats of one ticket type. While `status` is active its seats are counted in
 * the ticket type's `reserved`; every status change away from active moves them exactly once.
 */
@Entity({ name: 'reservations' })
@Index('ix_reservations_tenant_ticket_type', ['tenantId', 'ticketTypeId'])
export class Reservation {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'ticket_type_id', type: 'uuid' })
  ticketTypeId!: string;

  @Column({ type: 'integer' })
  quantity!: number;

  @Column({ type: 'text' })
  status!: ReservationStatus;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** When the hold stopped being active (null while active). */
  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt!: Date | null;
}
