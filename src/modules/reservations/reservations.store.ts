import { Injectable } from '@nestjs/common';
import { TransactionContext } from '../../database/transaction-context';
import { Reservation, ReservationStatus } from './reservation.entity';

interface ReservationRow {
  id: string;
  tenant_id: string;
  ticket_type_id: string;
  quantity: number;
  status: ReservationStatus;
  expires_at: Date;
  created_at: Date;
  ended_at: Date | null;
}

/** What a sweep took from a hold it expired: the seats to give back to its ticket type. */
export interface ExpiredHold {
  tenantId: string;
  ticketTypeId: string;
  quantity: number;
}

// The status a client sees: a hold whose time is up is expired even before the sweeper has
// returned its seats.
const COLUMNS = `id, tenant_id, ticket_type_id, quantity,
  CASE WHEN status = 'active' AND expires_at <= now() THEN 'expired' ELSE status END AS status,
  expires_at, created_at, ended_at`;

function toReservation(row: ReservationRow): Reservation {
  return Object.assign(new Reservation(), {
    id: row.id,
    tenantId: row.tenant_id,
    ticketTypeId: row.ticket_type_id,
    quantity: row.quantity,
    status: row.status,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    endedAt: row.ended_at,
  });
}

/**
 * The SQL of the reservations table, and nothing else: each method is one statement in the
 * current transaction (TransactionContext), and the status changes are the guarded ones
 * (`WHERE status = 'active' …`) that make a hold end exactly once. ReservationsService decides
 * what to call in which order and moves the seats.
 */
@Injectable()
export class ReservationsStore {
  constructor(private readonly tx: TransactionContext) {}

  async insertActive(
    tenantId: string,
    ticketTypeId: string,
    quantity: number,
    ttlSeconds: number,
  ): Promise<Reservation> {
    const rows: ReservationRow[] = await this.tx.manager.query(
      `INSERT INTO reservations (tenant_id, ticket_type_id, quantity, status, expires_at)
       VALUES ($1, $2, $3, 'active', now() + make_interval(secs => $4))
       RETURNING ${COLUMNS}`,
      [tenantId, ticketTypeId, quantity, ttlSeconds],
    );
    return toReservation(rows[0]);
  }

  /** The hold as a client sees it (past expiresAt reads expired); null when unknown. */
  async find(tenantId: string, id: string): Promise<Reservation | null> {
    const rows: ReservationRow[] = await this.tx.manager.query(
      `SELECT ${COLUMNS} FROM reservations WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
    return rows.length === 0 ? null : toReservation(rows[0]);
  }

  /** Whether a purchase has taken the hold over; undefined when unknown. */
  async isPurchasing(tenantId: string, id: string): Promise<boolean | undefined> {
    const rows: Array<{ purchasing: boolean }> = await this.tx.manager.query(
      'SELECT purchasing FROM reservations WHERE tenant_id = $1 AND id = $2',
      [tenantId, id],
    );
    return rows[0]?.purchasing;
  }

  /**
   * An active, unexpired hold no purchase has yet: marks it purchasing and moves its expiry to
   * `until` (never earlier). Null when the hold is not in that state.
   */
  async markPurchasing(tenantId: string, id: string, until: Date): Promise<Reservation | null> {
    const [rows]: [ReservationRow[], number] = await this.tx.manager.query(
      `UPDATE reservations SET expires_at = GREATEST(expires_at, $3), purchasing = true
        WHERE tenant_id = $1 AND id = $2 AND status = 'active' AND expires_at > now()
          AND NOT purchasing
        RETURNING ${COLUMNS}`,
      [tenantId, id, until],
    );
    return rows.length === 0 ? null : toReservation(rows[0]);
  }

  /** The guarded transition out of `active`; null when another transaction got there first. */
  async end(
    tenantId: string,
    id: string,
    to: Exclude<ReservationStatus, 'active'>,
    {
      whileUnexpired,
      unlessPurchasing = false,
    }: { whileUnexpired: boolean; unlessPurchasing?: boolean },
  ): Promise<Reservation | null> {
    const [rows]: [ReservationRow[], number] = await this.tx.manager.query(
      `UPDATE reservations SET status = $3, ended_at = now()
        WHERE tenant_id = $1 AND id = $2 AND status = 'active'
          ${whileUnexpired ? 'AND expires_at > now()' : ''}
          ${unlessPurchasing ? 'AND NOT purchasing' : ''}
        RETURNING ${COLUMNS}`,
      [tenantId, id, to],
    );
    return rows.length === 0 ? null : toReservation(rows[0]);
  }

  /**
   * The hold, row-locked until the transaction ends, as a client sees it and with its stored
   * status (`active` for a hold whose time is up but whose seats were never returned). Null when
   * unknown.
   */
  async lock(
    tenantId: string,
    id: string,
  ): Promise<{ reservation: Reservation; storedStatus: ReservationStatus } | null> {
    const rows: Array<ReservationRow & { raw_status: ReservationStatus }> =
      await this.tx.manager.query(
        `SELECT ${COLUMNS}, status AS raw_status FROM reservations
          WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
        [tenantId, id],
      );
    if (rows.length === 0) return null;
    return { reservation: toReservation(rows[0]), storedStatus: rows[0].raw_status };
  }

  /** Marks a (locked) hold converted, keeping the time it first ended. */
  async markConverted(tenantId: string, id: string): Promise<void> {
    await this.tx.manager.query(
      `UPDATE reservations SET status = 'converted', ended_at = COALESCE(ended_at, now())
        WHERE tenant_id = $1 AND id = $2`,
      [tenantId, id],
    );
  }

  /**
   * Expires up to `batchSize` holds whose time is up, across tenants, oldest first, skipping
   * holds another transaction has locked. Returns what each expired hold held.
   */
  async expireDue(batchSize: number): Promise<ExpiredHold[]> {
    const [rows]: [Array<Pick<ReservationRow, 'tenant_id' | 'ticket_type_id' | 'quantity'>>] =
      await this.tx.manager.query(
        `WITH due AS (
           SELECT id FROM reservations
            WHERE status = 'active' AND expires_at <= now()
            ORDER BY expires_at
            LIMIT $1
            FOR UPDATE SKIP LOCKED)
         UPDATE reservations r SET status = 'expired', ended_at = now()
           FROM due
          WHERE r.id = due.id AND r.status = 'active'
         RETURNING r.tenant_id, r.ticket_type_id, r.quantity`,
        [batchSize],
      );
    return rows.map((row) => ({
      tenantId: row.tenant_id,
      ticketTypeId: row.ticket_type_id,
      quantity: row.quantity,
    }));
  }

  /**
   * Expires one ticket type's holds whose time is up (skipping locked ones). Returns how many
   * seats they held.
   */
  async expireDueOf(tenantId: string, ticketTypeId: string): Promise<number> {
    const [rows]: [Array<{ quantity: number }>, number] = await this.tx.manager.query(
      `WITH due AS (
         SELECT id FROM reservations
          WHERE tenant_id = $1 AND ticket_type_id = $2 AND status = 'active' AND expires_at <= now()
          FOR UPDATE SKIP LOCKED)
       UPDATE reservations r SET status = 'expired', ended_at = now()
         FROM due
        WHERE r.id = due.id AND r.status = 'active'
       RETURNING r.quantity`,
      [tenantId, ticketTypeId],
    );
    return rows.reduce((sum, row) => sum + row.quantity, 0);
  }
}
