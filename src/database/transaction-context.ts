import { Injectable, Logger } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { DataSource, EntityManager, EntityTarget, ObjectLiteral, Repository } from 'typeorm';
import { DetachedConnection } from './detached-connection';

interface Scope {
  manager: EntityManager;
  /** Work to do once this transaction has committed, outside it (never after a rollback). */
  afterCommit: Array<() => Promise<unknown>>;
  /** Statements to run last in this transaction, right before its COMMIT. */
  beforeCommit: Array<() => Promise<unknown>>;
}

/**
 * Hands the current request's transaction to every service without passing a manager by hand.
 * The idempotency interceptor opens the transaction and commits it together with the key's
 * completion; code outside a request (jobs, start-up) gets the plain data source, or opens its own
 * transaction with `run`.
 */
@Injectable()
export class TransactionContext {
  private readonly storage = new AsyncLocalStorage<Scope>();
  private readonly logger = new Logger(TransactionContext.name);

  constructor(
    readonly dataSource: DataSource,
    private readonly detached: DetachedConnection,
  ) {}

  get manager(): EntityManager {
    return this.storage.getStore()?.manager ?? this.dataSource.manager;
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
    if (current !== undefined) return work(current.manager);
    return this.transaction(this.dataSource, work);
  }

  /**
   * Runs `work` in a new transaction that commits on its own, even inside a request's transaction
   * (for writes that must not wait for, or roll back with, the request). It uses the detached pool,
   * so it never waits for a connection that the request pool's open transactions hold. It must
   * not touch rows the surrounding transaction has locked: it would wait for that transaction,
   * which waits for it.
   */
  async runDetached<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.transaction(this.detached.dataSource, work);
  }

  /**
   * Registers work that must follow this transaction's commit but may not run inside it: a call
   * to the outside world decided by what this transaction writes (a refund at the provider). It
   * runs after COMMIT succeeded, never after a rollback nor after a COMMIT whose outcome is
   * unknown; its failures are logged, and whatever it leaves undone is durable in the committed
   * rows for the recovery job to finish.
   */
  afterCommit(work: () => Promise<unknown>): void {
    const scope = this.storage.getStore();
    if (scope === undefined) throw new Error('afterCommit() needs a transaction');
    scope.afterCommit.push(work);
  }

  /**
   * Registers a statement to run in this transaction after all its other work, right before the
   * COMMIT (in the order registered), for an update of a row many transactions want: the row lock
   * it takes is then held for one round trip and the commit, not for the rest of the
   * transaction. The work still commits or rolls back with the transaction; a failure rolls it
   * back as any statement's would. Only for writes whose result nothing else in the transaction
   * reads.
   */
  beforeCommit(work: () => Promise<unknown>): void {
    const scope = this.storage.getStore();
    if (scope === undefined) throw new Error('beforeCommit() needs a transaction');
    scope.beforeCommit.push(work);
  }

  private async transaction<T>(
    dataSource: DataSource,
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    const afterCommit: Scope['afterCommit'] = [];
    const beforeCommit: Scope['beforeCommit'] = [];
    const result = await dataSource.transaction((manager) =>
      this.storage.run({ manager, afterCommit, beforeCommit }, async () => {
        const value = await work(manager);
        for (let next = beforeCommit.shift(); next !== undefined; next = beforeCommit.shift()) {
          await next();
        }
        return value;
      }),
    );
    // Outside the committed transaction's scope: the follow-up opens transactions of its own.
    await this.storage.exit(async () => {
      for (const followUp of afterCommit) {
        await followUp().catch((failure: unknown) =>
          this.logger.error(`work after a commit failed: ${(failure as Error).message}`),
        );
      }
    });
    return result;
  }
}
