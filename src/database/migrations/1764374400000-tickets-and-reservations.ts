import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Events, ticket types with their inventory counters, and reservations (holds).
 *
 * The inventory invariant lives here, not only in the code: every counter move is checked by
 * ck_ticket_types_inventory, so a bug or a hand-written UPDATE that would oversell fails instead.
 * Foreign keys include tenant_id, so a row can never point at another tenant's parent.
 */
export class TicketsAndReservations1764374400000 implements MigrationInterface {
  name = 'TicketsAndReservations1764374400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        venue text CHECK (venue IS NULL OR length(venue) BETWEEN 1 AND 200),
        starts_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_events_tenant_id UNIQUE (tenant_id, id)
      )`);
    // Serves the keyset pagination of GET /v1/events (ordered by starts_at, id) per tenant.
    await q.query(`CREATE INDEX ix_events_tenant_starts_at ON events (tenant_id, starts_at, id)`);

    await q.query(`
      CREATE TABLE ticket_types (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        event_id uuid NOT NULL,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        price_cents integer NOT NULL CHECK (price_cents >= 0),
        currency char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
        capacity integer NOT NULL CHECK (capacity >= 1),
        available integer NOT NULL,
        reserved integer NOT NULL DEFAULT 0,
        sold integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_ticket_types_tenant_id UNIQUE (tenant_id, id),
        CONSTRAINT fk_ticket_types_event FOREIGN KEY (tenant_id, event_id)
          REFERENCES events (tenant_id, id),
        CONSTRAINT ck_ticket_types_inventory CHECK (
          available >= 0 AND reserved >= 0 AND sold >= 0
          AND available + reserved + sold = capacity
        )
      )`);
    await q.query(
      `CREATE INDEX ix_ticket_types_tenant_event ON ticket_types (tenant_id, event_id)`,
    );

    await q.query(`
      CREATE TABLE reservations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        ticket_type_id uuid NOT NULL,
        quantity integer NOT NULL CHECK (quantity >= 1),
        status text NOT NULL CHECK (status IN ('active', 'expired', 'cancelled', 'converted')),
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        ended_at timestamptz,
        CONSTRAINT fk_reservations_ticket_type FOREIGN KEY (tenant_id, ticket_type_id)
          REFERENCES ticket_types (tenant_id, id),
        CONSTRAINT ck_reservations_ended CHECK ((status = 'active') = (ended_at IS NULL))
      )`);
    await q.query(
      `CREATE INDEX ix_reservations_tenant_ticket_type ON reservations (tenant_id, ticket_type_id)`,
    );
    // The sweeper's scan: only live holds, oldest deadline first.
    await q.query(
      `CREATE INDEX ix_reservations_active_expires_at ON reservations (expires_at) WHERE status = 'active'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reservations`);
    await q.query(`DROP TABLE ticket_types`);
    await q.query(`DROP TABLE events`);
  }
}
