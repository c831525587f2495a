import { Injectable } from '@nestjs/common';
import { TransactionContext } from '../../database/transaction-context';
import { invalidListCursor, ListCursors } from '../../common/list-cursor';
import type { Page } from '../../common/page.query';
import { InsufficientInventoryError, NotFoundError } from '../../errors/app-error';
import { Event } from './event.entity';
import { TicketType } from './ticket-type.entity';
import { MetricsService } from '../../metrics/metrics.service';

export interface NewEvent {
  name: string;
  venue: string | null;
  startsAt: Date;
}

export interface NewTicketType {
  name: string;
  priceCents: number;
  currency: string;
  capacity: number;
}

export interface EventPage {
  items: Event[];
  nextCursor: string | null;
}

type Counter = 'available' | 'reserved' | 'sold';

/**
 * A counter move whose precondition the caller's own state guarantees (e.g. an active hold owns the
 * seats it returns). If it fails the data is inconsistent: the caller's transaction must roll back.
 */
export class InventoryInconsistentError extends Error {
  constructor(ticketTypeId: string, from: Counter, to: Counter, quantity: number) {
    super(
      `ticket type ${ticketTypeId}: cannot move ${quantity} seats from ${from} to ${to}; inventory and holds disagree`,
    );
    this.name = 'InventoryInconsistentError';
  }
}

/**
 * Events, ticket types and their inventory counters. Knows nothing of holds or money: callers ask
 * it to move seats between available, reserved and sold. Every move is ONE conditional UPDATE on the
 * ticket type's row, so concurrent moves serialise on that row lock and none can take seats that
 * are not there; the CHECK constraint of the table is the last line behind it.
 *
 * Callers that move seats of several ticket types in one transaction must do so in ascending id
 * order, so that two such transactions cannot deadlock.
 */
@Injectable()
export class TicketsService {
  constructor(
    private readonly tx: TransactionContext,
    private readonly metrics: MetricsService,
    private readonly cursors: ListCursors,
  ) {}

  async createEvent(tenantId: string, input: NewEvent): Promise<Event> {
    const repo = this.tx.repository(Event);
    return repo.save(repo.create({ tenantId, ...input }));
  }

  async getEvent(tenantId: string, id: string): Promise<Event> {
    const event = await this.tx.repository(Event).findOneBy({ tenantId, id });
    if (event === null) throw new NotFoundError('event', id);
    return event;
  }

  /** Keyset pagination by (startsAt, id): stable while events are added between pages. */
  async listEvents(tenantId: string, limit: number, cursor?: string): Promise<EventPage> {
    const query = this.tx
      .repository(Event)
      .createQueryBuilder('e')
      .where('e.tenant_id = :tenantId', { tenantId })
      .orderBy('e.starts_at', 'ASC')
      .addOrderBy('e.id', 'ASC')
      .limit(limit + 1);
    if (cursor !== undefined) {
      // The cursor names the last event of the page before; its sort key is read here, in SQL.
      const after = this.cursors.decode('events', tenantId, cursor);
      const known = await this.tx.repository(Event).existsBy({ tenantId, id: after });
      if (!known) throw invalidListCursor();
      query.andWhere(
        '(e.starts_at, e.id) > (SELECT p.starts_at, p.id FROM events p WHERE p.id = :after AND p.tenant_id = :tenantId)',
        { after },
      );
    }
    const rows = await query.getMany();
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items,
      nextCursor: rows.length > limit ? this.cursors.encode('events', tenantId, last.id) : null,
    };
  }

  async createTicketType(
    tenantId: string,
    eventId: string,
    input: NewTicketType,
  ): Promise<TicketType> {
    await this.getEvent(tenantId, eventId);
    const repo = this.tx.repository(TicketType);
    return repo.save(
      repo.create({
        tenantId,
        eventId,
        ...input,
        available: input.capacity,
        reserved: 0,
        sold: 0,
      }),
    );
  }

  /**
   * The ticket types of an event with their counters as they are now, in the order they were
   * added; keyset-paged by (created_at, id). 404 for an unknown event.
   */
  async listTicketTypes(
    tenantId: string,
    eventId: string,
    limit: number,
    cursor?: string,
  ): Promise<Page<TicketType>> {
    await this.getEvent(tenantId, eventId);
    const query = this.tx
      .repository(TicketType)
      .createQueryBuilder('tt')
      .where('tt.tenant_id = :tenantId AND tt.event_id = :eventId', { tenantId, eventId })
      .orderBy('tt.created_at', 'ASC')
      .addOrderBy('tt.id', 'ASC')
      .limit(limit + 1);
    if (cursor !== undefined) {
      const after = this.cursors.decode('ticket-types', tenantId, cursor);
      if (!(await this.tx.repository(TicketType).existsBy({ tenantId, eventId, id: after }))) {
        throw invalidListCursor();
      }
      // The position is read in SQL, keeping created_at's microseconds.
      query.andWhere(
        '(tt.created_at, tt.id) > (SELECT created_at, id FROM ticket_types WHERE tenant_id = :tenantId AND id = :after)',
        { after },
      );
    }
    const rows = await query.getMany();
    const items = rows.slice(0, limit);
    return {
      items,
      nextCursor:
        rows.length > limit
          ? this.cursors.encode('ticket-types', tenantId, items[items.length - 1].id)
          : null,
    };
  }

  /** The ids of an event's ticket types (none for an unknown or another tenant's event). */
  async ticketTypeIdsOfEvent(tenantId: string, eventId: string): Promise<string[]> {
    const rows = await this.tx
      .repository(TicketType)
      .find({ select: { id: true }, where: { tenantId, eventId } });
    return rows.map((r) => r.id);
  }

  async getTicketType(tenantId: string, id: string): Promise<TicketType> {
    const ticketType = await this.tx.repository(TicketType).findOneBy({ tenantId, id });
    if (ticketType === null) throw new NotFoundError('ticket type', id);
    return ticketType;
  }

  /**
   * available → reserved, all or nothing. Throws NotFoundError for an unknown (or another tenant's)
   * ticket type and InsufficientInventoryError when fewer than `quantity` seats are available;
   * then nothing moved.
   */
  async reserve(tenantId: string, ticketTypeId: string, quantity: number): Promise<void> {
    if (await this.move(tenantId, ticketTypeId, 'available', 'reserved', quantity)) return;
    await this.getTicketType(tenantId, ticketTypeId);
    throw new InsufficientInventoryError(
      `Fewer than ${quantity} tickets of ticket type ${ticketTypeId} are available.`,
    );
  }

  /**
   * reserved → available, for a hold that ends without a sale. The caller's hold owns the seats, so
   * a failure means inconsistent data and throws InventoryInconsistentError.
   */
  async unreserve(tenantId: string, ticketTypeId: string, quantity: number): Promise<void> {
    await this.mustMove(tenantId, ticketTypeId, 'reserved', 'available', quantity);
  }

  /** reserved → sold, for a hold that is paid for. Throws InventoryInconsistentError like unreserve. */
  async sellFromReserved(tenantId: string, ticketTypeId: string, quantity: number): Promise<void> {
    await this.mustMove(tenantId, ticketTypeId, 'reserved', 'sold', quantity);
  }

  /**
   * available → sold, all or nothing, for a payment that arrives after its hold was released.
   * False when the seats are no longer there (nothing moved): the caller compensates.
   */
  async sellFromAvailable(
    tenantId: string,
    ticketTypeId: string,
    quantity: number,
  ): Promise<boolean> {
    return this.move(tenantId, ticketTypeId, 'available', 'sold', quantity);
  }

  /** sold → available, for a refund. Throws InventoryInconsistentError when fewer were sold. */
  async returnSold(tenantId: string, ticketTypeId: string, quantity: number): Promise<void> {
    await this.mustMove(tenantId, ticketTypeId, 'sold', 'available', quantity);
  }

  private async mustMove(
    tenantId: string,
    ticketTypeId: string,
    from: Counter,
    to: Counter,
    quantity: number,
  ): Promise<void> {
    if (!(await this.move(tenantId, ticketTypeId, from, to, quantity))) {
      throw new InventoryInconsistentError(ticketTypeId, from, to, quantity);
    }
  }

  /** The one statement that moves seats: it checks and moves under the row lock it takes. */
  private async move(
    tenantId: string,
    ticketTypeId: string,
    from: Counter,
    to: Counter,
    quantity: number,
  ): Promise<boolean> {
    if (!Number.isInteger(quantity) || quantity < 1) {
      throw new Error(`a seat move needs a positive integer quantity, got ${quantity}`);
    }
    const [, affected]: [unknown, number] = await this.tx.manager.query(
      `UPDATE ticket_types
          SET ${from} = ${from} - $3, ${to} = ${to} + $3
        WHERE tenant_id = $1 AND id = $2 AND ${from} >= $3`,
      [tenantId, ticketTypeId, quantity],
    );
    this.metrics.inventoryMove(from, to, quantity, affected === 1);
    return affected === 1;
  }
}
