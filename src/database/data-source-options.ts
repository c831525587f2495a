import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';

/**
 * Options shared by the application and the TypeORM CLI (ormconfig.ts). Schema changes go through
 * migrations only; `synchronize` stays off everywhere.
 */
export function dataSourceOptions(databaseUrl: string, poolMax = 20): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    uuidExtension: 'pgcrypto',
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    extra: {
      max: poolMax,
      // A request waits at most this long for a pooled connection, then fails as unavailable.
      connectionTimeoutMillis: 5000,
      application_name: 'ticket-service',
    },
  };
}
