import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { invalidListCursor, ListCursors } from '../../common/list-cursor';
import type { Page } from '../../common/page.query';
import { TransactionContext } from '../../database/transaction-context';
import { InvalidStateError, NotFoundError } from '../../errors/app-error';
import {
  normalizeTicketCode,
  TICKET_VIEW_COLUMNS,
  TICKET_VIEW_FROM,
  TicketView,
  TicketViewRow,
  toTicketView,
} from './check-in';
import { IssuedTicket, IssuedTicketStatus } from './issued-ticket.entity';

// Crockford's base32: no I, L, O or U, so a code read aloud or typed is hard to get wrong.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ticket code: 80 random bits in 16 base32 characters, grouped for reading, e.g. TKT-7QX3-…. */
export function newTicketCode(): string {
  const bytes = randomBytes(10);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return `TKT-${out.match(/.{4}/g)!.join('-')}`;
}

/** Issued tickets. Methods join the caller's transaction, so tickets appear with the paid order. */
@Injectable()
export class IssuedTicketsService {
  constructor(
    private readonly tx: TransactionContext,
    private readonly cursors: ListCursors,
  ) {}

  /** One valid ticket per seat of an order. The saga calls it once per order, when it is paid. */
  async issue(
    tenantId: string,
    orderId: string,
    ticketTypeId: string,
    quantity: number,
  ): Promise<IssuedTicket[]> {
    const codes = Array.from({ length: quantity }, newTicketCode);
    const rows: Array<{ id: string; code: string; status: 'valid'; issued_at: Date }> =
      await this.tx.manager.query(
        `INSERT INTO tickets (tenant_id, order_id, ticket_type_id, code, status)
         SELECT $1, $2, $3, code, 'valid' FROM unnest($4::text[]) AS code
         RETURNING id, code, status, issued_at`,
        [tenantId, orderId, ticketTypeId, codes],
      );
    return rows.map((row) =>
      Object.assign(new IssuedTicket(), {
        id: row.id,
        tenantId,
        orderId,
        ticketTypeId,
        code: row.code,
        status: row.status,
        issuedAt: row.issued_at,
        voidedAt: null,
      }),
    );
  }

  /**
   * Voids an order's tickets (a refund); returns how many were voided. A checked-in ticket is voided
   * too (only a forced refund gets past withdrawForRefund with one); its check-in stays on record.
   */
  async voidForOrder(tenantId: string, orderId: string): Promise<number> {
    const [, affected]: [unknown, number] = await this.tx.manager.query(
      // Locks in id order, as check-in uploads do, so the two cannot deadlock.
      `UPDATE tickets SET status = 'void', voided_at = now()
        WHERE tenant_id = $1 AND id IN (
          SELECT id FROM tickets WHERE tenant_id = $1 AND order_id = $2
             AND status IN ('valid', 'checked_in')
           ORDER BY id FOR UPDATE)`,
      [tenantId, orderId],
    );
    return affected;
  }

  /**
   * A refund's decision asks this, in the transaction that commits the decision: a ticket used at
   * the door is not refunded on the tenant's say-so (409 INVALID_STATE, nothing changes); unless
   * `evenIfCheckedIn` (the admin's forced refund), every ticket of the order is voided at once.
   * Voiding with the decision, not when the provider has answered, keeps the door from admitting
   * a ticket whose money is on its way back. The tickets are locked in id order (as check-in
   * uploads lock them): a check-in racing the refund either commits first and stops it, or waits
   * and finds the ticket void. Returns how many tickets were voided.
   */
  async withdrawForRefund(
    tenantId: string,
    orderId: string,
    options: { evenIfCheckedIn: boolean },
  ): Promise<number> {
    const rows: Array<{ code: string; status: IssuedTicketStatus }> = await this.tx.manager.query(
      `SELECT code, status FROM tickets WHERE tenant_id = $1 AND order_id = $2
        ORDER BY id FOR UPDATE`,
      [tenantId, orderId],
    );
    const used = rows.filter((r) => r.status === 'checked_in').map((r) => r.code);
    if (used.length > 0 && !options.evenIfCheckedIn) {
      throw new InvalidStateError(
        `${used.length} ticket(s) of this order were checked in (${used.join(', ')}); a refund after check-in needs the admin's forced refund.`,
      );
    }
    return this.voidForOrder(tenantId, orderId);
  }

  /** The ticket with this printed code, with its check-in; 404 for an unknown or another tenant's. */
  async findByCode(tenantId: string, rawCode: string): Promise<TicketView> {
    const code = normalizeTicketCode(rawCode);
    const rows: TicketViewRow[] = await this.tx.manager.query(
      `SELECT ${TICKET_VIEW_COLUMNS} FROM ${TICKET_VIEW_FROM} WHERE t.tenant_id = $1 AND t.code = $2`,
      [tenantId, code],
    );
    if (rows.length === 0) throw new NotFoundError(`ticket with code ${code}`);
    return toTicketView(rows[0]);
  }

  /**
   * The tickets of an event (all its ticket types) in the order they were issued, optionally of
   * one status; keyset-paged by (issued_at, id). The caller has checked that the event exists.
   */
  async listForEvent(
    tenantId: string,
    eventId: string,
    options: { status?: IssuedTicketStatus; limit: number; cursor?: string },
  ): Promise<Page<TicketView>> {
    const params: unknown[] = [tenantId, eventId];
    const where = [
      't.tenant_id = $1',
      't.ticket_type_id IN (SELECT id FROM ticket_types WHERE tenant_id = $1 AND event_id = $2)',
    ];
    if (options.status !== undefined) {
      params.push(options.status);
      where.push(`t.status = $${params.length}`);
    }
    if (options.cursor !== undefined) {
      const after = this.cursors.decode('tickets', tenantId, options.cursor);
      const known: unknown[] = await this.tx.manager.query(
        `SELECT 1 FROM tickets t JOIN ticket_types tt
            ON tt.tenant_id = t.tenant_id AND tt.id = t.ticket_type_id
          WHERE t.tenant_id = $1 AND t.id = $2 AND tt.event_id = $3`,
        [tenantId, after, eventId],
      );
      if (known.length === 0) throw invalidListCursor();
      params.push(after);
      where.push(
        `(t.issued_at, t.id) > (SELECT issued_at, id FROM tickets WHERE tenant_id = $1 AND id = $${params.length})`,
      );
    }
    params.push(options.limit + 1);
    const rows: TicketViewRow[] = await this.tx.manager.query(
      `SELECT ${TICKET_VIEW_COLUMNS} FROM ${TICKET_VIEW_FROM}
        WHERE ${where.join(' AND ')}
        ORDER BY t.issued_at, t.id LIMIT $${params.length}`,
      params,
    );
    const items = rows.slice(0, options.limit).map(toTicketView);
    return {
      items,
      nextCursor:
        rows.length > options.limit
          ? this.cursors.encode('tickets', tenantId, items[items.length - 1].id)
          : null,
    };
  }

  /** The tickets of several orders (a page of the orders list), in one query. */
  async listForOrders(tenantId: string, orderIds: string[]): Promise<Map<string, IssuedTicket[]>> {
    const byOrder = new Map<string, IssuedTicket[]>(orderIds.map((id) => [id, []]));
    if (orderIds.length === 0) return byOrder;
    const tickets = await this.tx
      .repository(IssuedTicket)
      .createQueryBuilder('t')
      .where('t.tenant_id = :tenantId AND t.order_id IN (:...orderIds)', { tenantId, orderIds })
      .orderBy('t.issued_at', 'ASC')
      .addOrderBy('t.code', 'ASC')
      .getMany();
    for (const ticket of tickets) byOrder.get(ticket.orderId)?.push(ticket);
    return byOrder;
  }

  listForOrder(tenantId: string, orderId: string): Promise<IssuedTicket[]> {
    return this.tx.repository(IssuedTicket).find({
      where: { tenantId, orderId },
      order: { issuedAt: 'ASC', code: 'ASC' },
    });
  }
}
