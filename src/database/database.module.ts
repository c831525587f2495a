import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { getConfigToken } from '@nestjs/config';
import { APP_CONFIG_NAMESPACE } from '../config/config.module';
import { dataSourceOptions } from './data-source-options';
import { DetachedConnection } from './detached-connection';
import { ensureDatabase } from './ensure-database';
import { runMigrationsLocked } from './run-migrations';
import { TransactionContext } from './transaction-context';

/**
 * PostgreSQL through TypeORM. On start the database is created if missing and pending migrations
 * run, so `npm start` needs no manual step.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [getConfigToken(APP_CONFIG_NAMESPACE)],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config.databaseUrl, config.databasePoolMax),
        autoLoadEntities: true,
      }),
      dataSourceFactory: async (options) => {
        if (options === undefined) throw new Error('no data source options');
        const url = (options as { url?: string }).url;
        if (url !== undefined) await ensureDatabase(url);
        const dataSource = await new DataSource(options).initialize();
        await runMigrationsLocked(dataSource);
        return dataSource;
      },
    }),
  ],
  providers: [
    {
      provide: DetachedConnection,
      // After the main data source, which creates and migrates the database.
      inject: [DataSource, getConfigToken(APP_CONFIG_NAMESPACE)],
      useFactory: (main: DataSource, config: AppConfig) =>
        DetachedConnection.open(main, config.databaseUrl),
    },
    TransactionContext,
  ],
  exports: [TransactionContext, DetachedConnection],
})
export class DatabaseModule {}
