import { Injectable, SetMetadata } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { TransactionContext } from '../database/transaction-context';
import { IdempotencyRequestInProgressError } from '../errors/app-error';
import { HeldKey, IdempotencyStore, StoredResponse } from './idempotency.store';

export const ATOMIC_PHASES = 'ticket-service:atomic-phases';

/**
 * Marks a route whose handler talks to a system outside the database (the payment provider). The
 * interceptor then opens no transaction around it: the handler commits its phases itself through
 * RecoveryPoints.commit, each a short transaction that also records the phase on the key, and
 * holds no transaction while it waits on the outside world. The key's completion (the stored
 * response) commits after the last phase.
 */
export const AtomicPhases = () => SetMetadata(ATOMIC_PHASES, true);

/** Thrown inside a phase's transaction to roll it back when the key's lease was lost. */
export class LeaseLostError extends IdempotencyRequestInProgressError {
  constructor() {
    super(
      1,
      'Another request took over this Idempotency-Key while this one was running; this attempt was rolled back. Retry to get the outcome.',
    );
  }
}

/**
 * Recovery points of multi-phase requests (a purchase, a refund), after Brandur Leach's "atomic
 * phases". The interceptor (or the recovery job, acting as a retry) runs the handler inside
 * `run`; the handler reads where an earlier attempt got to with `current()` and commits each
 * phase with `commit`. Outside such a request (a webhook, a periodic job) `commit` is a plain
 * transaction.
 */
@Injectable()
export class RecoveryPoints {
  private readonly storage = new AsyncLocalStorage<HeldKey>();

  constructor(
    private readonly tx: TransactionContext,
    private readonly store: IdempotencyStore,
  ) {}

  run<T>(key: HeldKey, work: () => Promise<T>): Promise<T> {
    return this.storage.run(key, work);
  }

  /** Where an earlier attempt of this request got to: the last committed phase and its row. */
  current(): { recoveryPoint: string | null; resourceId: string | null } {
    const key = this.storage.getStore();
    return { recoveryPoint: key?.recoveryPoint ?? null, resourceId: key?.resourceId ?? null };
  }

  /**
   * Runs `work` in a transaction of its own that also records `point` (and the resource that
   * `work` returns) on the key, guarded by the lease token: the phase and its recovery point
   * commit together, or neither does. The key's row is locked first, so a takeover waits for
   * the phase and then finds the lease renewed.
   */
  async commit<T>(
    point: string,
    work: () => Promise<T>,
    resourceOf: (result: T) => string | null = () => null,
  ): Promise<T> {
    const key = this.storage.getStore();
    if (key === undefined) return this.tx.run(work);
    const result = await this.tx.run(async (manager) => {
      if (!(await this.store.advance(manager, key, point, key.resourceId))) {
        throw new LeaseLostError();
      }
      const value = await work();
      const resourceId = resourceOf(value);
      if (resourceId !== null && resourceId !== key.resourceId) {
        await this.store.advance(manager, key, point, resourceId);
      }
      return { value, resourceId };
    });
    key.recoveryPoint = point;
    if (result.resourceId !== null) key.resourceId = result.resourceId;
    return result.value;
  }

  /**
   * For the recovery job, which acts as a retry of the request that made `resourceId`: takes the
   * key's lease if it is over. `null`: a live request holds it (leave it alone); `none`: no key
   * in processing names it.
   */
  takeForRecovery(tenantId: string, resourceId: string): Promise<HeldKey | 'none' | null> {
    return this.store.takeForRecovery(tenantId, resourceId);
  }

  /** Ends the recovery job's lease on a key it could not finish, so a client's retry gets in. */
  async unlock(key: HeldKey): Promise<void> {
    await this.store.release(key);
  }

  /** Completes a key the recovery job finished, so the client's retry replays the outcome. */
  completeRecovered(key: HeldKey, response: StoredResponse): Promise<boolean> {
    return this.tx.run((manager) => this.store.complete(manager, key, response));
  }
}
