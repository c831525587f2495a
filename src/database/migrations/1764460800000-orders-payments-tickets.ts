import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Orders, payments and issued tickets (the saga's tables), and the simulated provider's own
 * records. The simulated provider plays a remote system: its tables are its account's state, not
 * tenant-owned rows of ours, and they are written outside our request transactions.
 */
export class OrdersPaymentsTickets1764460800000 implements MigrationInterface {
  name = 'OrdersPaymentsTickets1764460800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE orders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL REFERENCES tenants (id),
        reservation_id uuid NOT NULL REFERENCES reservations (id),
        ticket_type_id uuid NOT NULL,
        quantity integer NOT NULL CHECK (quantity >= 1),
        status text NOT NULL
          CHECK (status IN ('pending_payment', 'paid', 'failed', 'expired', 'refunded')),
        total_cents bigint NOT NULL CHECK (total_cents >= 0),
        currency char(3) NOT NULL,
        customer_email text NOT NULL,
        idempotency_key uuid NOT NULL,
        payment_deadline timestamptz NOT NULL,
        note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_orders_tenant_id UNIQUE (tenant_id, id),
        -- one order per reservation, and the key that made it: a second purchase of a hold, or a
        -- second order from one request, is refused by the database.
        CONSTRAINT uq_orders_reservation UNIQUE (reservation_id),
        CONSTRAINT uq_orders_tenant_key UNIQUE (tenant_id, idempotency_key),
        CONSTRAINT fk_orders_ticket_type FOREIGN KEY (tenant_id, ticket_type_id)
          REFERENCES ticket_types (tenant_id, id)
      )`);
    await q.query(`CREATE INDEX ix_orders_tenant ON orders (tenant_id, created_at)`);
    await q.query(
      `CREATE INDEX ix_orders_pending_deadline ON orders (payment_deadline) WHERE status = 'pending_payment'`,
    );

    await q.query(`
      CREATE TABLE payments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        order_id uuid NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'refunded')),
        amount_cents bigint NOT NULL CHECK (amount_cents >= 0),
        currency char(3) NOT NULL,
        payment_method text NOT NULL,
        provider text NOT NULL,
        provider_payment_id text,
        provider_idempotency_key text NOT NULL,
        provider_refund_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_payments_order UNIQUE (order_id),
        CONSTRAINT fk_payments_order FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id)
      )`);
    await q.query(`CREATE INDEX ix_payments_tenant ON payments (tenant_id)`);
    await q.query(
      `CREATE UNIQUE INDEX uq_payments_provider_payment ON payments (provider, provider_payment_id)
         WHERE provider_payment_id IS NOT NULL`,
    );

    await q.query(`
      CREATE TABLE tickets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        order_id uuid NOT NULL,
        ticket_type_id uuid NOT NULL,
        code text NOT NULL,
        status text NOT NULL CHECK (status IN ('valid', 'void')),
        issued_at timestamptz NOT NULL DEFAULT now(),
        voided_at timestamptz,
        CONSTRAINT uq_tickets_code UNIQUE (code),
        CONSTRAINT fk_tickets_order FOREIGN KEY (tenant_id, order_id) REFERENCES orders (tenant_id, id),
        CONSTRAINT fk_tickets_ticket_type FOREIGN KEY (tenant_id, ticket_type_id)
          REFERENCES ticket_types (tenant_id, id),
        CONSTRAINT ck_tickets_voided CHECK ((status = 'void') = (voided_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX ix_tickets_tenant_order ON tickets (tenant_id, order_id)`);

    await q.query(`
      CREATE TABLE simulated_provider_payments (
        id text PRIMARY KEY,
        idempotency_key text NOT NULL UNIQUE,
        amount_cents bigint NOT NULL,
        currency char(3) NOT NULL,
        payment_method text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed', 'refunded')),
        metadata jsonb NOT NULL,
        refund_id text UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE simulated_provider_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        payment_id text NOT NULL REFERENCES simulated_provider_payments (id),
        event_id text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('succeeded', 'failed')),
        copies integer NOT NULL CHECK (copies BETWEEN 1 AND 3),
        status text NOT NULL CHECK (status IN ('pending', 'delivered')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        last_error text,
        delivered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX ix_simulated_deliveries_due ON simulated_provider_deliveries (next_attempt_at)
         WHERE status = 'pending'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE simulated_provider_deliveries`);
    await q.query(`DROP TABLE simulated_provider_payments`);
    await q.query(`DROP TABLE tickets`);
    await q.query(`DROP TABLE payments`);
    await q.query(`DROP TABLE orders`);
  }
}
