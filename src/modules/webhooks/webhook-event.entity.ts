import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

export const WEBHOOK_EVENT_STATUSES = ['pending', 'processing', 'processed', 'failed'] as const;
export type WebhookEventStatus = (typeof WEBHOOK_EVENT_STATUSES)[number];

/**
 * The inbox: one row per provider event, stored before the provider gets its 200. The schema is the
 * migration's (1764547200000); this mapping is for reads, the writes are guarded SQL statements in
 * WebhooksService.
 */
@Entity({ name: 'webhook_events' })
@Unique('uq_webhook_events_provider_event', ['provider', 'eventId'])
@Index('ix_webhook_events_status_received', ['status', 'receivedAt', 'id'])
export class WebhookEvent {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  provider!: string;

  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'jsonb' })
  payload!: unknown;

  @Column({ type: 'text', default: 'pending' })
  status!: WebhookEventStatus;

  /** Claims so far: each worker attempt, redelivery or replay that took the row counts once. */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  /** What applying the event did, e.g. why it was ignored; null when it simply applied. */
  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;

  @Column({ name: 'processed_at', type: 'timestamptz', nullable: true })
  processedAt!: Date | null;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
