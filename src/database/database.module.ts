import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { dataSourceOptions } from './data-source-options';
import { DetachedConnection } from './detached-connection';
import { migrateDatabase } from './run-migrations';
import { TransactionContext } from './transaction-context';

/**
 * PostgreSQL through TypeORM. On start the database is created if missing and pending migrations
 * run, so `npm start` needs no manual step; both go over MIGRATIONS_DATABASE_URL (a direct
 * connection), and only then does the request pool open on DATABASE_URL, which may be a
 * transaction-mode PgBouncer: nothing on that pool keeps session state between transactions
 * (advisory locks are transaction-scoped, no SET without LOCAL, no LISTEN, no named prepared
 * statements).
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig) => {
        await migrateDatabase(config.migrationsDatabaseUrl);
        return {
          ...dataSourceOptions(config.databaseUrl, config.databasePoolMax),
          autoLoadEntities: true,
        };
      },
    }),
  ],
  providers: [
    {
      provide: DetachedConnection,
      // After the main data source, which creates and migrates the database.
      inject: [DataSource, APP_CONFIG],
      useFactory: (main: DataSource, config: AppConfig) =>
        DetachedConnection.open(main, config.databaseUrl),
    },
    TransactionContext,
  ],
  exports: [TransactionContext, DetachedConnection],
})
export class DatabaseModule {}
