import { Injectable } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral, Repository } from 'typeorm';
import { DetachedConnection } from './detached-connection';

/**
 * Hands the current request's transaction to every service without passing a manager by hand.
 * The idempotency interceptor opens the transaction and commits it together with the key's
 * completion; code outside a request (jobs, start-up) gets the plain data source, or opens its own
 * transaction with `run`.
 */
@Injectable()
export class TransactionContext {
  private readonly storage = new AsyncLocalStorage<EntityManager>();

  constructor(
    readonly dataSource: DataSource,
    private readonly detached: DetachedConnection,
  ) {}

  get manager(): EntityManager {
    return this.storage.getStore() ?? this.dataSource.manager;
  }

  get active(): boolean {
    return this.storage.getStore() !== undefined;
  }

  repository<Entity extends ObjectLiteral>(target: EntityTarget<Entity>): Repository<Entity> {
    return this.manager.getRepository(target);
  }

  /** Runs `work` in the current transaction, or in a new one that commits when `work` resolves. */
  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const current = this.storage.getStore();
    if (current !== undefined) return work(current);
    return this.dataSource.transaction((manager) => this.storage.run(manager, () => work(manager)));
  }

  /**
   * Runs `work` in a new transaction that commits on its own, even inside a request's transaction
   * (for writes that must not wait for, or roll back with, the request). It uses the detached pool,
   * so it never waits for a connection that the request pool's open transactions hold.
   */
  async runDetached<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.detached.dataSource.transaction((manager) =>
      this.storage.run(manager, () => work(manager)),
    );
  }

  /** Runs `work` with no transaction: statements autocommit one by one. */
  outside<T>(work: () => Promise<T>): Promise<T> {
    return this.storage.exit(work);
  }
}
