import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764288000000 implements MigrationInterface {
  name = 'InitialSchema1764288000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);
    await q.query(`
      CREATE TABLE tenants (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        api_key_hash char(64) NOT NULL,
        api_key_prefix text NOT NULL,
        api_key_issued_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX uq_tenants_api_key_hash ON tenants (api_key_hash)`);

    await q.query(`
      CREATE TABLE idempotency_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id uuid NOT NULL,
        key uuid NOT NULL,
        status text NOT NULL CHECK (status IN ('processing', 'completed')),
        fingerprint char(64) NOT NULL,
        fingerprint_version smallint NOT NULL,
        method text NOT NULL,
        path text NOT NULL,
        lock_token uuid,
        locked_until timestamptz,
        response_status integer,
        response_body text,
        response_headers jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz,
        expires_at timestamptz NOT NULL,
        CONSTRAINT uq_idempotency_keys_tenant_key UNIQUE (tenant_id, key),
        CONSTRAINT ck_idempotency_keys_state CHECK (
          (status = 'processing' AND lock_token IS NOT NULL AND locked_until IS NOT NULL AND response_status IS NULL)
          OR (status = 'completed' AND lock_token IS NULL AND response_status IS NOT NULL)
        )
      )`);
    await q.query(`CREATE INDEX ix_idempotency_keys_expires_at ON idempotency_keys (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_keys`);
    await q.query(`DROP TABLE tenants`);
  }
}
