import { Injectable } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral, Repository } from 'typeorm';

/**
 * Hands the current request's transaction to every service without passing a manager by hand.
 * The idempotency interceptor opens the transaction and commits it together with the key's
 * completion; code outside a request (jobs, start-up) gets the plain data source, or opens its own
 * transaction with `run`.
 */
@Injectable()
export class TransactionContext {
  private readonly storage = new AsyncLocalStorage<EntityManager>();

  constructor(readonly dataSource: DataSource) {}

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

  /** Runs `work` in a new transaction even inside another one (for writes that must not roll back with it). */
  async runDetached<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => this.storage.run(manager, () => work(manager)));
  }

  /** Runs `work` with no transaction: statements autocommit one by one. */
  outside<T>(work: () => Promise<T>): Promise<T> {
    return this.storage.exit(work);
  }
}
