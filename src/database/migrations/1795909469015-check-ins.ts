import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Check-in at the door, and the indexes the organiser's lists read by.
 *
 * - tickets.status gains `checked_in`. The check-in itself is a row of check_ins, unique per
 *   ticket: however many gates scan a ticket at once, the database keeps one check-in, and the
 *   guarded `UPDATE tickets … WHERE status = 'valid'` in front of it makes the losers wait for the
 *   winner's row lock and then see it.
 * - check_in_scans: one row per scan uploaded by an offline scanner, keyed by (tenant, the
 *   scanner's own scan id), so a scan uploaded twice is applied once (pretix's nonce). `outcome`
 *   is NULL only inside the upload that claims the row.
 * - Keyset indexes for GET /v1/orders (newest first, optionally by e-mail), the tickets of an
 *   event and its ticket types.
 */
export class CheckIns1795909469015 implements MigrationInterface {
  name = 'CheckIns1795909469015';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tickets DROP CONSTRAINT tickets_status_check`);
    await q.query(
      `ALTER TABLE tickets ADD CONSTRAINT ck_tickets_status
         CHECK (status IN ('valid', 'void', 'checked_in'))`,
    );
    await q.query(`ALTER TABLE tickets ADD CONSTRAINT uq_tickets_tenant_id UNIQUE (tenant_id, id)`);
    await q.query(
      `CREATE INDEX ix_tickets_tenant_type_issued ON tickets (tenant_id, ticket_type_id, issued_at, id)`,
    );

    await q.query(`
      CREATE TABLE check_ins (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        ticket_id uuid NOT NULL,
        gate text,
        scanned_at timestamptz NOT NULL,
        checked_in_at timestamptz NOT NULL DEFAULT now(),
        scan_id uuid,
        -- A ticket is checked in once: the last line behind the guarded UPDATE on tickets.
        CONSTRAINT uq_check_ins_ticket UNIQUE (ticket_id),
        CONSTRAINT fk_check_ins_ticket FOREIGN KEY (tenant_id, ticket_id)
          REFERENCES tickets (tenant_id, id)
      )`);
    await q.query(`CREATE INDEX ix_check_ins_tenant ON check_ins (tenant_id, ticket_id)`);

    await q.query(`
      CREATE TABLE check_in_scans (
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        scan_id uuid NOT NULL,
        code text NOT NULL,
        gate text,
        scanned_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        outcome text
          CHECK (outcome IN ('checked_in', 'already_checked_in', 'void', 'unknown')),
        ticket_id uuid,
        PRIMARY KEY (tenant_id, scan_id)
      )`);

    await q.query(`CREATE INDEX ix_orders_tenant_created ON orders (tenant_id, created_at, id)`);
    await q.query(
      `CREATE INDEX ix_orders_tenant_email ON orders (tenant_id, lower(customer_email), created_at, id)`,
    );
    await q.query(
      `CREATE INDEX ix_ticket_types_tenant_event_created ON ticket_types (tenant_id, event_id, created_at, id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_ticket_types_tenant_event_created`);
    await q.query(`DROP INDEX ix_orders_tenant_email`);
    await q.query(`DROP INDEX ix_orders_tenant_created`);
    await q.query(`DROP TABLE check_in_scans`);
    await q.query(`DROP TABLE check_ins`);
    await q.query(`DROP INDEX ix_tickets_tenant_type_issued`);
    await q.query(`ALTER TABLE tickets DROP CONSTRAINT uq_tickets_tenant_id`);
    await q.query(`UPDATE tickets SET status = 'valid' WHERE status = 'checked_in'`);
    await q.query(`ALTER TABLE tickets DROP CONSTRAINT ck_tickets_status`);
    await q.query(
      `ALTER TABLE tickets ADD CONSTRAINT tickets_status_check CHECK (status IN ('valid', 'void'))`,
    );
  }
}
