import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type IssuedTicketStatus = 'valid' | 'void' | 'checked_in';
export const ISSUED_TICKET_STATUSES: IssuedTicketStatus[] = ['valid', 'void', 'checked_in'];

/**
 * One admission: issued per seat when an order is paid, checked in once at the door (its check_ins
 * row says when and where), voided when its order is refunded.
 */
@Entity({ name: 'tickets' })
@Index('ix_tickets_tenant_order', ['tenantId', 'orderId'])
export class IssuedTicket {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId!: string;

  @Column({ name: 'ticket_type_id', type: 'uuid' })
  ticketTypeId!: string;

  /** What the door scanner reads: unique and unguessable (80 random bits). */
  @Column({ type: 'text', unique: true })
  code!: string;

  @Column({ type: 'text' })
  status!: IssuedTicketStatus;

  @Column({ name: 'issued_at', type: 'timestamptz' })
  issuedAt!: Date;

  @Column({ name: 'voided_at', type: 'timestamptz', nullable: true })
  voidedAt!: Date | null;
}
