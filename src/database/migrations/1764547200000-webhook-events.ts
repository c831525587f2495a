import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The webhook inbox (docs/api.md §8). A provider event is stored here before it is acknowledged, so the
 * database, not Redis, is the record of what arrived; the unique (provider, event_id) is what makes
 * a redelivered event a duplicate.
 */
export class WebhookEvents1764547200000 implements MigrationInterface {
  name = 'WebhookEvents1764547200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhook_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        provider text NOT NULL CHECK (length(provider) BETWEEN 1 AND 50),
        event_id text NOT NULL CHECK (length(event_id) BETWEEN 1 AND 255),
        type text NOT NULL,
        payload jsonb NOT NULL,
        status text NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending', 'processing', 'processed', 'failed')),
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        last_error text,
        note text,
        received_at timestamptz NOT NULL DEFAULT now(),
        processed_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_webhook_events_provider_event UNIQUE (provider, event_id),
        CONSTRAINT ck_webhook_events_processed_at CHECK ((status = 'processed') = (processed_at IS NOT NULL))
      )`);
    // The admin list: newest first, with or without a status filter.
    await q.query(
      `CREATE INDEX ix_webhook_events_received ON webhook_events (received_at DESC, id DESC)`,
    );
    await q.query(
      `CREATE INDEX ix_webhook_events_status_received ON webhook_events (status, received_at DESC, id DESC)`,
    );
    // The re-drive's scan touches only rows that may still need the queue.
    await q.query(
      `CREATE INDEX ix_webhook_events_redrive ON webhook_events (updated_at)
         WHERE status IN ('pending', 'processing')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_events`);
  }
}
