import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Exactly once across the payment provider: a purchase and a refund run in atomic phases, and each
 * committed phase is a recovery point that a retry of the same key, or the recovery job, resumes.
 * - idempotency_keys.recovery_point / resource_id: the last phase the request committed and the row
 *   it made (an order for a purchase, a payment for a refund). NULL for one-transaction routes.
 * - payments.provider_request: the exact parameters the provider is (or will be) called with,
 *   committed before the call, so every retry sends them byte for byte under the same provider key.
 * - refund_decisions: the provider key and amount of a decided refund, and when its local side
 *   (payment and order refunded, tickets void, seats back) committed.
 */
export class ProviderPhases1795990000000 implements MigrationInterface {
  name = 'ProviderPhases1795990000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE idempotency_keys ADD COLUMN recovery_point text`);
    await q.query(`ALTER TABLE idempotency_keys ADD COLUMN resource_id uuid`);
    await q.query(
      `CREATE INDEX ix_idempotency_keys_resource ON idempotency_keys (tenant_id, resource_id)
         WHERE resource_id IS NOT NULL`,
    );
    await q.query(`ALTER TABLE payments ADD COLUMN provider_request jsonb`);
    // What the recovery job looks for: payments committed in phase 1 whose provider call has no
    // recorded answer yet.
    await q.query(
      `CREATE INDEX ix_payments_unanswered ON payments (created_at)
         WHERE status = 'pending' AND provider_payment_id IS NULL`,
    );
    await q.query(`ALTER TABLE refund_decisions ADD COLUMN provider_key text`);
    await q.query(`ALTER TABLE refund_decisions ADD COLUMN amount_cents bigint`);
    await q.query(`ALTER TABLE refund_decisions ADD COLUMN completed_at timestamptz`);
    await q.query(
      `UPDATE refund_decisions d SET completed_at = d.decided_at
         FROM payments p WHERE p.id = d.payment_id AND p.status = 'refunded'`,
    );
    await q.query(
      `CREATE INDEX ix_refund_decisions_open ON refund_decisions (decided_at)
         WHERE completed_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_refund_decisions_open`);
    await q.query(`ALTER TABLE refund_decisions DROP COLUMN completed_at`);
    await q.query(`ALTER TABLE refund_decisions DROP COLUMN amount_cents`);
    await q.query(`ALTER TABLE refund_decisions DROP COLUMN provider_key`);
    await q.query(`DROP INDEX ix_payments_unanswered`);
    await q.query(`ALTER TABLE payments DROP COLUMN provider_request`);
    await q.query(`DROP INDEX ix_idempotency_keys_resource`);
    await q.query(`ALTER TABLE idempotency_keys DROP COLUMN resource_id`);
    await q.query(`ALTER TABLE idempotency_keys DROP COLUMN recovery_point`);
  }
}
