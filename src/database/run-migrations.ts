import type { DataSource } from 'typeorm';

// Any fixed number works; it only has to be the same in every instance of this service.
const MIGRATION_LOCK_ID = 724_011_001;

/** Runs pending migrations under an advisory lock, so instances starting together migrate once. */
export async function runMigrationsLocked(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    try {
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]);
    }
  } finally {
    await runner.release();
  }
}
