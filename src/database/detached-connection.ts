import { OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

/** Connections of the second pool (see DetachedConnection). */
export const DETACHED_POOL_MAX = 10;

/**
 * A second, small connection pool for work that must commit on its own while a request
 * transaction is open (a purchase's seat hold, the simulated provider's records). Taking that
 * connection from the request pool could deadlock it: with every pooled connection held by an
 * open request transaction, each waiting for a second one, none would ever come free.
 */
export class DetachedConnection implements OnApplicationShutdown {
  private constructor(readonly dataSource: DataSource) {}

  /** Opens the pool with the same entities as `main`, whose migrations have already run. */
  static async open(main: DataSource, databaseUrl: string): Promise<DetachedConnection> {
    const dataSource = new DataSource({
      ...dataSourceOptions(databaseUrl, DETACHED_POOL_MAX),
      entities: main.options.entities,
      migrations: [],
    });
    return new DetachedConnection(await dataSource.initialize());
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
