import { DataSource, MigrationExecutor } from 'typeorm';
import { dataSourceOptions } from './data-source-options';
import { ensureDatabase } from './ensure-database';

// Any fixed number works; it only has to be the same in every instance of this service.
const MIGRATION_LOCK_ID = 724_011_001;

/**
 * Creates the database if it is missing and runs pending migrations under a session advisory
 * lock, so instances starting together migrate once. Everything here needs one session from
 * start to end (the lock belongs to the session that took it), so it runs over its own single
 * connection to `migrationsUrl` (MIGRATIONS_DATABASE_URL): a direct connection to the primary,
 * never a transaction-mode PgBouncer, which would hand the lock's session to another client
 * after the first statement and run the unlock on a different server connection.
 */
export async function migrateDatabase(migrationsUrl: string): Promise<void> {
  await ensureDatabase(migrationsUrl);
  const base = dataSourceOptions(migrationsUrl, 1);
  const dataSource = new DataSource({
    ...base,
    entities: [],
    extra: { ...base.extra, application_name: 'ticket-service:migrations' },
  });
  await dataSource.initialize();
  try {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
      try {
        const executor = new MigrationExecutor(dataSource, runner);
        executor.transaction = 'each';
        await executor.executePendingMigrations();
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]);
      }
    } finally {
      await runner.release();
    }
  } finally {
    await dataSource.destroy();
  }
}
