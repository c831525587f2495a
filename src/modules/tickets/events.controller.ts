import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentTenant, TenantRoute } from '../../tenancy/auth.decorators';
import type { TenantPrincipal } from '../../tenancy/auth.types';
import { CreateEventDto } from './dto/create-event.dto';
import { CreateTicketTypeDto } from './dto/create-ticket-type.dto';
import { EventDto, EventListDto, toEventDto } from './dto/event.dto';
import { DEFAULT_PAGE_SIZE, ListEventsQuery } from './dto/list-events.query';
import { TicketTypeDto, toTicketTypeDto } from './dto/ticket-type.dto';
import {
  ListTicketsQuery,
  IssuedTicketListDto,
  TicketTypeListDto,
  toIssuedTicketDto,
} from './dto/ticket.dto';
import { DEFAULT_LIST_PAGE_SIZE, PageQuery } from '../../common/page.query';
import { IssuedTicketsService } from './issued-tickets.service';
import { TicketsService } from './tickets.service';
import { IdParam } from '../../common/id-param';

@ApiTags('events')
@TenantRoute()
@Controller('v1/events')
export class EventsController {
  constructor(
    private readonly tickets: TicketsService,
    private readonly issued: IssuedTicketsService,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Create an event',
    description:
      'An event of this tenant, with a name, an optional venue and its start time (ISO 8601). Add ticket types to it to sell seats.',
  })
  @ApiCreatedResponse({ type: EventDto })
  async create(
    @CurrentTenant() tenant: TenantPrincipal,
    @Body() body: CreateEventDto,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<EventDto> {
    const event = await this.tickets.createEvent(tenant.tenantId, {
      name: body.name,
      venue: body.venue ?? null,
      startsAt: new Date(body.startsAt),
    });
    res.header('Location', `/v1/events/${event.id}`);
    return toEventDto(event);
  }

  @Get()
  @ApiOperation({
    summary: 'List events',
    description:
      'Events of this tenant by start time, then id. Pages hold `limit` items (default 50, at most 200); pass `nextCursor` as `cursor` for the next page (null on the last). A limit out of range or a cursor this API did not issue is 400 VALIDATION_FAILED.',
  })
  @ApiOkResponse({ type: EventListDto })
  async list(
    @CurrentTenant() tenant: TenantPrincipal,
    @Query() query: ListEventsQuery,
  ): Promise<EventListDto> {
    const page = await this.tickets.listEvents(
      tenant.tenantId,
      query.limit ?? DEFAULT_PAGE_SIZE,
      query.cursor,
    );
    return { items: page.items.map(toEventDto), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Get an event',
    description: "One event of this tenant; another tenant's event is 404.",
  })
  @ApiOkResponse({ type: EventDto })
  @ApiNotFoundResponse({ description: 'No such event for this tenant.' })
  async get(@CurrentTenant() tenant: TenantPrincipal, @IdParam() id: string): Promise<EventDto> {
    return toEventDto(await this.tickets.getEvent(tenant.tenantId, id));
  }

  @Post(':id/ticket-types')
  @ApiOperation({
    summary: 'Add a ticket type to an event',
    description:
      'All `capacity` seats start available. Inventory then moves only between available, reserved and sold, and available + reserved + sold = capacity at every moment.',
  })
  @ApiCreatedResponse({ type: TicketTypeDto })
  @ApiNotFoundResponse({ description: 'No such event for this tenant.' })
  async createTicketType(
    @CurrentTenant() tenant: TenantPrincipal,
    @IdParam() eventId: string,
    @Body() body: CreateTicketTypeDto,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<TicketTypeDto> {
    const ticketType = await this.tickets.createTicketType(tenant.tenantId, eventId, body);
    res.header('Location', `/v1/ticket-types/${ticketType.id}`);
    return toTicketTypeDto(ticketType);
  }

  @Get(':id/ticket-types')
  @ApiOperation({
    summary: "List an event's ticket types with live counters",
    description:
      'In the order they were added. available, reserved and sold are read now (available + reserved + sold = capacity). Pages of `limit` (default 50, at most 200); pass `nextCursor` as `cursor`.',
  })
  @ApiOkResponse({ type: TicketTypeListDto })
  @ApiNotFoundResponse({ description: 'No such event for this tenant.' })
  async listTicketTypes(
    @CurrentTenant() tenant: TenantPrincipal,
    @IdParam() eventId: string,
    @Query() query: PageQuery,
  ): Promise<TicketTypeListDto> {
    const page = await this.tickets.listTicketTypes(
      tenant.tenantId,
      eventId,
      query.limit ?? DEFAULT_LIST_PAGE_SIZE,
      query.cursor,
    );
    return { items: page.items.map(toTicketTypeDto), nextCursor: page.nextCursor };
  }

  @Get(':id/tickets')
  @ApiOperation({
    summary: "List an event's tickets",
    description:
      'Every ticket of every ticket type of the event, in the order issued, optionally of one status (valid, checked_in, void), with checkedInAt and gate. Pages of `limit` (default 50, at most 200); pass `nextCursor` as `cursor`.',
  })
  @ApiOkResponse({ type: IssuedTicketListDto })
  @ApiNotFoundResponse({ description: 'No such event for this tenant.' })
  async listTickets(
    @CurrentTenant() tenant: TenantPrincipal,
    @IdParam() eventId: string,
    @Query() query: ListTicketsQuery,
  ): Promise<IssuedTicketListDto> {
    await this.tickets.getEvent(tenant.tenantId, eventId);
    const page = await this.issued.listForEvent(tenant.tenantId, eventId, {
      status: query.status,
      limit: query.limit ?? DEFAULT_LIST_PAGE_SIZE,
      cursor: query.cursor,
    });
    return { items: page.items.map(toIssuedTicketDto), nextCursor: page.nextCursor };
  }
}
