import { Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config';
import { InjectAppConfig } from '../../config/config.module';
import { TransactionContext } from '../../database/transaction-context';
import {
  InsufficientInventoryError,
  InvalidStateError,
  NotFoundError,
  ReservationNotActiveError,
} from '../../errors/app-error';
import { TicketsService } from '../tickets/tickets.service';
import { Reservation } from './reservation.entity';
import { ReservationsStore } from './reservations.store';

/**
 * The most seats one reservation may hold. It bounds how much of an event one request (or one
 * misbehaving client) can lock away for a TTL, and how many tickets one order issues in one
 * transaction.
 */
export const MAX_RESERVATION_QUANTITY = 50;

export type ReleaseReason = 'cancelled' | 'expired';

/**
 * Holds on inventory. A hold is active while its status is `active` and its expires_at has not
 * passed (by the database's clock). It leaves `active` exactly once, by a guarded
 * `UPDATE … WHERE status = 'active' … RETURNING`, and only the transaction whose UPDATE returned
 * the row moves its seats; so a cancel, a purchase and any number of sweepers racing one hold
 * move its seats once.
 *
 * Lock order, to rule out deadlocks: the reservation row first, then its ticket type row; a
 * transaction touching several ticket types takes them in ascending id order.
 *
 * Every method joins the current transaction (the request's, opened by the idempotency
 * interceptor) or, outside a request, runs in one of its own.
 */
@Injectable()
export class ReservationsService {
  private readonly logger = new Logger(ReservationsService.name);

  constructor(
    private readonly tx: TransactionContext,
    private readonly store: ReservationsStore,
    private readonly tickets: TicketsService,
    @InjectAppConfig() private readonly config: AppConfig,
  ) {}

  /** POST /v1/reservations: a hold for RESERVATION_TTL_SECONDS. */
  reserve(tenantId: string, ticketTypeId: string, quantity: number): Promise<Reservation> {
    return this.hold(tenantId, ticketTypeId, quantity, this.config.reservationTtlSeconds);
  }

  /**
   * Takes `quantity` seats from available to reserved and records an active hold that expires
   * `ttlSeconds` from now, atomically. Throws NotFoundError (unknown or another tenant's ticket
   * type) or InsufficientInventoryError; then nothing changed.
   */
  async hold(
    tenantId: string,
    ticketTypeId: string,
    quantity: number,
    ttlSeconds: number,
  ): Promise<Reservation> {
    if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) {
      throw new Error(`a hold needs a positive whole number of seconds, got ${ttlSeconds}`);
    }
    return this.tx.run(async () => {
      try {
        await this.tickets.reserve(tenantId, ticketTypeId, quantity);
      } catch (error) {
        // Holds whose time is up still count as reserved until the sweeper's next tick; release
        // this ticket type's now, so a buyer is not turned away from seats that are free.
        if (!(error instanceof InsufficientInventoryError)) throw error;
        if ((await this.releaseExpiredOf(tenantId, ticketTypeId)) === 0) throw error;
        await this.tickets.reserve(tenantId, ticketTypeId, quantity);
      }
      return this.store.insertActive(tenantId, ticketTypeId, quantity, ttlSeconds);
    });
  }

  /** The hold as a client sees it (a hold past expiresAt reads expired). NotFoundError if unknown. */
  async get(tenantId: string, id: string): Promise<Reservation> {
    const reservation = await this.store.find(tenantId, id);
    if (reservation === null) throw new NotFoundError('reservation', id);
    return reservation;
  }

  /**
   * A client's cancel: active → cancelled and its seats back to available, once. Throws
   * ReservationNotActiveError when the hold is cancelled, converted or expired (time up counts,
   * even before the sweeper has returned its seats), NotFoundError when unknown.
   */
  async cancel(tenantId: string, id: string): Promise<Reservation> {
    return this.tx.run(async () => {
      const ended = await this.store.end(tenantId, id, 'cancelled', {
        whileUnexpired: true,
        unlessPurchasing: true,
      });
      if (ended === null) throw await this.notActive(tenantId, id);
      await this.tickets.unreserve(tenantId, ended.ticketTypeId, ended.quantity);
      return ended;
    });
  }

  /**
   * Ends a hold without a sale (a failed payment: 'cancelled'; an order that ran out of time:
   * 'expired') and returns its seats, once. Unlike a client's cancel it also ends a hold whose
   * time is up but which the sweeper has not reached yet. Returns null when the hold had already
   * ended (nothing moved); NotFoundError when unknown.
   */
  async release(tenantId: string, id: string, reason: ReleaseReason): Promise<Reservation | null> {
    return this.tx.run(async () => {
      const ended = await this.store.end(tenantId, id, reason, { whileUnexpired: false });
      if (ended === null) {
        await this.get(tenantId, id);
        return null;
      }
      await this.tickets.unreserve(tenantId, ended.ticketTypeId, ended.quantity);
      return ended;
    });
  }

  /**
   * A purchase takes over an active hold: its expiry moves to `until` (the payment window; never
   * shortened) and the client can no longer cancel it — from now on only the purchase ends it
   * (convert, or release when the payment fails or the window closes). Throws
   * ReservationNotActiveError when the hold is no longer active (time up included) or another
   * purchase has it, NotFoundError when unknown.
   */
  async startPurchase(tenantId: string, id: string, until: Date): Promise<Reservation> {
    const taken = await this.store.markPurchasing(tenantId, id, until);
    if (taken === null) throw await this.notActive(tenantId, id);
    return taken;
  }

  /**
   * A paid hold: active → converted and its seats reserved → sold, once. Throws
   * ReservationNotActiveError when the hold is no longer active (time up included; see
   * reacquire), NotFoundError when unknown.
   */
  async convert(tenantId: string, id: string): Promise<Reservation> {
    return this.tx.run(async () => {
      const converted = await this.store.end(tenantId, id, 'converted', { whileUnexpired: true });
      if (converted === null) throw await this.notActive(tenantId, id);
      // The ticket-type row is an on-sale's hot spot (every hold of the sale waits for its lock):
      // its update goes last, right before the COMMIT, so the lock is held for one round trip
      // instead of for the tickets, the order and the webhook's completion that follow.
      this.tx.beforeCommit(() =>
        this.tickets.sellFromReserved(tenantId, converted.ticketTypeId, converted.quantity),
      );
      return converted;
    });
  }

  /**
   * A payment that succeeded after its hold ended (expired, cancelled, or time up and not yet
   * swept): takes the same number of seats as sold, if they are there, and marks the hold
   * converted. True when the seats are now sold for it; false when they are gone (nothing
   * changed; the caller compensates). Throws InvalidStateError for a hold that is still active
   * (use convert) or already converted, NotFoundError when unknown.
   */
  async reacquire(tenantId: string, id: string): Promise<boolean> {
    return this.tx.run(async () => {
      // The row lock makes the check and the change below one step for every other writer.
      const locked = await this.store.lock(tenantId, id);
      if (locked === null) throw new NotFoundError('reservation', id);
      const { reservation, storedStatus } = locked;
      if (reservation.status === 'active' || reservation.status === 'converted') {
        throw new InvalidStateError(
          `Reservation ${id} is ${reservation.status}; it cannot be re-acquired.`,
        );
      }
      const { ticketTypeId, quantity } = reservation;
      if (storedStatus === 'active') {
        // Time is up but its seats were never returned: they are still ours to sell.
        await this.tickets.sellFromReserved(tenantId, ticketTypeId, quantity);
      } else if (!(await this.tickets.sellFromAvailable(tenantId, ticketTypeId, quantity))) {
        return false;
      }
      await this.store.markConverted(tenantId, id);
      return true;
    });
  }

  /**
   * Releases holds whose time is up, in batches of `batchSize`, each its own short transaction.
   * SKIP LOCKED lets several sweepers (and cancels) work side by side: a hold another transaction
   * holds is left to it, and the guarded status change releases each hold once. Returns how many
   * holds this call released; a backlog beyond `maxBatches` is left to the next run.
   */
  async releaseExpired(batchSize: number, maxBatches: number): Promise<number> {
    let released = 0;
    for (let batch = 0; batch < maxBatches; batch++) {
      const count = await this.tx.run(async () => {
        const rows = await this.store.expireDue(batchSize);
        const seats = new Map<string, { tenantId: string; quantity: number }>();
        for (const row of rows) {
          const entry = seats.get(row.ticketTypeId) ?? { tenantId: row.tenantId, quantity: 0 };
          entry.quantity += row.quantity;
          seats.set(row.ticketTypeId, entry);
        }
        for (const ticketTypeId of [...seats.keys()].sort()) {
          const { tenantId, quantity } = seats.get(ticketTypeId)!;
          await this.tickets.unreserve(tenantId, ticketTypeId, quantity);
        }
        return rows.length;
      });
      released += count;
      if (count < batchSize) break;
    }
    if (released > 0) this.logger.log(`released ${released} expired holds`);
    return released;
  }

  /**
   * Releases one ticket type's holds whose time is up, in the current transaction (skipping holds
   * another transaction has locked). Returns how many seats came back.
   */
  private async releaseExpiredOf(tenantId: string, ticketTypeId: string): Promise<number> {
    const seats = await this.store.expireDueOf(tenantId, ticketTypeId);
    if (seats > 0) await this.tickets.unreserve(tenantId, ticketTypeId, seats);
    return seats;
  }

  private async notActive(tenantId: string, id: string): Promise<ReservationNotActiveError> {
    const current = await this.get(tenantId, id);
    if (current.status === 'active' && (await this.store.isPurchasing(tenantId, id)) === true) {
      return new ReservationNotActiveError(`Reservation ${id} is being purchased.`);
    }
    return new ReservationNotActiveError(`Reservation ${id} is ${current.status}.`);
  }
}
