import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { TransactionContext } from '../../database/transaction-context';
import { IssuedTicket } from './issued-ticket.entity';

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
  constructor(private readonly tx: TransactionContext) {}

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

  /** Voids an order's valid tickets (a refund); returns how many were voided. */
  async voidForOrder(tenantId: string, orderId: string): Promise<number> {
    const [, affected]: [unknown, number] = await this.tx.manager.query(
      `UPDATE tickets SET status = 'void', voided_at = now()
        WHERE tenant_id = $1 AND order_id = $2 AND status = 'valid'`,
      [tenantId, orderId],
    );
    return affected;
  }

  listForOrder(tenantId: string, orderId: string): Promise<IssuedTicket[]> {
    return this.tx.repository(IssuedTicket).find({
      where: { tenantId, orderId },
      order: { issuedAt: 'ASC', code: 'ASC' },
    });
  }
}
