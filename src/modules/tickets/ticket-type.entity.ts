import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A kind of ticket for one event, with its inventory. The counters are moved only by the guarded
 * statements of TicketsService; the database's CHECK keeps available + reserved + sold = capacity.
 */
@Entity({ name: 'ticket_types' })
@Index('ix_ticket_types_tenant_event', ['tenantId', 'eventId'])
export class TicketType {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'tenant_id', type: 'uuid' })
  tenantId!: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ name: 'price_cents', type: 'integer' })
  priceCents!: number;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Column({ type: 'integer' })
  capacity!: number;

  @Column({ type: 'integer' })
  available!: number;

  @Column({ type: 'integer' })
  reserved!: number;

  @Column({ type: 'integer' })
  sold!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
