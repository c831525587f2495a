import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tells every instance's tenant-key cache when a key stops being valid: a trigger sends
 * NOTIFY tenant_api_keys '<tenant id>' from the transaction that changes a tenant's key hash or
 * deletes the tenant. PostgreSQL delivers it at commit (never for a rollback), so a rotation done
 * by the API, by another instance or by hand in psql reaches every listener.
 */
export class TenantKeyNotify1795910102431 implements MigrationInterface {
  name = 'TenantKeyNotify1795910102431';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION notify_tenant_api_key_change() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('tenant_api_keys', OLD.id::text);
        RETURN NULL;
      END
      $$`);
    await q.query(`
      CREATE TRIGGER tr_tenants_api_key_changed
        AFTER UPDATE OF api_key_hash ON tenants
        FOR EACH ROW WHEN (OLD.api_key_hash IS DISTINCT FROM NEW.api_key_hash)
        EXECUTE FUNCTION notify_tenant_api_key_change()`);
    await q.query(`
      CREATE TRIGGER tr_tenants_deleted
        AFTER DELETE ON tenants
        FOR EACH ROW EXECUTE FUNCTION notify_tenant_api_key_change()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER tr_tenants_deleted ON tenants`);
    await q.query(`DROP TRIGGER tr_tenants_api_key_changed ON tenants`);
    await q.query(`DROP FUNCTION notify_tenant_api_key_change()`);
  }
}
