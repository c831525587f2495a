import { Injectable } from '@nestjs/common';
import { invalidListCursor, ListCursors } from '../../common/list-cursor';
import type { Page } from '../../common/page.query';
import { TransactionContext } from '../../database/transaction-context';
import { IssuedTicketsService } from '../tickets/issued-tickets.service';
import { TicketsService } from '../tickets/tickets.service';
import { Order } from './order.entity';
import type { OrderStatus } from './order-state';
import { Payment } from './payment.entity';
import type { OrderWithTickets } from './payments.service';

export interface OrderFilters {
  eventId?: string;
  status?: OrderStatus;
  /** Compared case-insensitively: buyers type their address in any case. */
  email?: string;
}

/**
 * GET /v1/orders: the organiser's view of what was sold, newest first, keyset-paged by
 * (created_at, id). Read-only, so it lives apart from the saga in PaymentsService. A page costs
 * three queries (orders, their payments, their tickets), whatever its length.
 */
@Injectable()
export class OrderListService {
  constructor(
    private readonly tx: TransactionContext,
    private readonly tickets: TicketsService,
    private readonly issuedTickets: IssuedTicketsService,
    private readonly cursors: ListCursors,
  ) {}

  async list(
    tenantId: string,
    filters: OrderFilters,
    limit: number,
    cursor?: string,
  ): Promise<Page<OrderWithTickets>> {
    const query = this.tx
      .repository(Order)
      .createQueryBuilder('o')
      .where('o.tenant_id = :tenantId', { tenantId })
      .orderBy('o.created_at', 'DESC')
      .addOrderBy('o.id', 'DESC')
      .limit(limit + 1);
    if (filters.eventId !== undefined) {
      const ticketTypeIds = await this.tickets.ticketTypeIdsOfEvent(tenantId, filters.eventId);
      if (ticketTypeIds.length === 0) return { items: [], nextCursor: null };
      query.andWhere('o.ticket_type_id IN (:...ticketTypeIds)', { ticketTypeIds });
    }
    if (filters.status !== undefined) {
      query.andWhere('o.status = :status', { status: filters.status });
    }
    if (filters.email !== undefined) {
      query.andWhere('lower(o.customer_email) = lower(:email)', { email: filters.email });
    }
    if (cursor !== undefined) {
      const after = this.cursors.decode('orders', tenantId, cursor);
      if (!(await this.tx.repository(Order).existsBy({ tenantId, id: after }))) {
        throw invalidListCursor();
      }
      // The position is read in SQL, keeping created_at's microseconds.
      query.andWhere(
        '(o.created_at, o.id) < (SELECT created_at, id FROM orders WHERE tenant_id = :tenantId AND id = :after)',
        { after },
      );
    }
    const rows = await query.getMany();
    const orders = rows.slice(0, limit);
    const ids = orders.map((o) => o.id);
    const payments =
      ids.length === 0
        ? []
        : await this.tx
            .repository(Payment)
            .createQueryBuilder('p')
            .where('p.tenant_id = :tenantId AND p.order_id IN (:...ids)', { tenantId, ids })
            .getMany();
    const paymentOf = new Map(payments.map((p) => [p.orderId, p]));
    const ticketsOf = await this.issuedTickets.listForOrders(tenantId, ids);
    return {
      items: orders.map((order) => {
        const payment = paymentOf.get(order.id);
        if (payment === undefined) throw new Error(`order ${order.id} has no payment`);
        return { order, payment, tickets: ticketsOf.get(order.id) ?? [] };
      }),
      nextCursor:
        rows.length > limit
          ? this.cursors.encode('orders', tenantId, orders[orders.length - 1].id)
          : null,
    };
  }
}
