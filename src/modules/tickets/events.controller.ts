import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentTenant, TenantRoute } from '../../tenancy/auth.decorators';
import type { TenantPrincipal } from '../../tenancy/auth.types';
import { CreateEventDto } from './dto/create-event.dto';
import { CreateTicketTypeDto } from './dto/create-ticket-type.dto';
import { EventDto, EventListDto, toEventDto } from './dto/event.dto';
import { DEFAULT_PAGE_SIZE, ListEventsQuery } from './dto/list-events.query';
import { TicketTypeDto, toTicketTypeDto } from './dto/ticket-type.dto';
import { TicketsService } from './tickets.service';
import { IdParam } from '../../common/id-param';

@ApiTags('events')
@TenantRoute()
@Controller('v1/events')
export class EventsController {
  constructor(private readonly tickets: TicketsService) {}

  @Post()
  @ApiOperation({ summary: 'Create an event' })
  @ApiCreatedResponse({ type: EventDto })
  async create(
    @CurrentTenant() tenant: TenantPrincipal,
    @Body() body: CreateEventDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<EventDto> {
    const event = await this.tickets.createEvent(tenant.tenantId, {
      name: body.name,
      venue: body.venue ?? null,
      startsAt: new Date(body.startsAt),
    });
    res.location(`/v1/events/${event.id}`);
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
  @ApiOperation({ summary: 'Get an event' })
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
    @Res({ passthrough: true }) res: Response,
  ): Promise<TicketTypeDto> {
    const ticketType = await this.tickets.createTicketType(tenant.tenantId, eventId, body);
    res.location(`/v1/ticket-types/${ticketType.id}`);
    return toTicketTypeDto(ticketType);
  }
}
