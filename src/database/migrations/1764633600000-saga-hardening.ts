import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Saga hardening after review:
 * - orders.key_generation: a request key whose idempotency record expired may make a new order
 *   (docs/api.md §5); each life of the key is a generation, and the provider key includes it.
 * - refund_decisions: a refund is decided (committed) before the provider is asked, so a
 *   transaction that rolls back after the provider refunded cannot later re-sell the seats to a
 *   payment that no longer exists. Deliberately without a foreign key: inserting it must not wait
 *   on the payment row the deciding transaction holds locked.
 * - reservations.purchasing: a hold with an order in flight cannot be cancelled by the client.
 * - orders.reconcile_attempted_at: overdue orders the provider cannot answer for go to the back of
 *   the queue instead of blocking every other expiry.
 */
export class SagaHardening1764633600000 implements MigrationInterface {
  name = 'SagaHardening1764633600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE orders ADD COLUMN key_generation integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE orders DROP CONSTRAINT uq_orders_tenant_key`);
    await q.query(
      `ALTER TABLE orders ADD CONSTRAINT uq_orders_tenant_key_generation
         UNIQUE (tenant_id, idempotency_key, key_generation)`,
    );
    await q.query(`ALTER TABLE orders ADD COLUMN reconcile_attempted_at timestamptz`);
    await q.query(`
      CREATE TABLE refund_decisions (
        payment_id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        reason text NOT NULL,
        decided_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ix_refund_decisions_tenant ON refund_decisions (tenant_id)`);
    await q.query(`ALTER TABLE reservations ADD COLUMN purchasing boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reservations DROP COLUMN purchasing`);
    await q.query(`DROP TABLE refund_decisions`);
    await q.query(`ALTER TABLE orders DROP COLUMN reconcile_attempted_at`);
    await q.query(`ALTER TABLE orders DROP CONSTRAINT uq_orders_tenant_key_generation`);
    await q.query(
      `ALTER TABLE orders ADD CONSTRAINT uq_orders_tenant_key UNIQUE (tenant_id, idempotency_key)`,
    );
    await q.query(`ALTER TABLE orders DROP COLUMN key_generation`);
  }
}
