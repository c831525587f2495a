import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Event } from './event.entity';
import { IssuedTicket } from './issued-ticket.entity';
import { IssuedTicketsService } from './issued-tickets.service';
import { EventsController } from './events.controller';
import { TicketType } from './ticket-type.entity';
import { TicketTypesController } from './ticket-types.controller';
import { TicketsService } from './tickets.service';

/**
 * Events, ticket types, the inventory counters and issued tickets; other modules use
 * TicketsService and IssuedTicketsService only.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Event, TicketType, IssuedTicket])],
  controllers: [EventsController, TicketTypesController],
  providers: [TicketsService, IssuedTicketsService],
  exports: [TicketsService, IssuedTicketsService],
})
export class TicketsModule {}
