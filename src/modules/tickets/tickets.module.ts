import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ListCursors } from '../../common/list-cursor';
import { CheckInsController } from './check-ins.controller';
import { CheckInsService } from './check-ins.service';
import { Event } from './event.entity';
import { IssuedTicket } from './issued-ticket.entity';
import { IssuedTicketsService } from './issued-tickets.service';
import { EventsController } from './events.controller';
import { TicketType } from './ticket-type.entity';
import { TicketTypesController } from './ticket-types.controller';
import { TicketsController } from './tickets.controller';
import { TicketsService } from './tickets.service';

/**
 * Events, ticket types, the inventory counters, issued tickets and their check-in at the door;
 * other modules use TicketsService and IssuedTicketsService only (a refund asks the latter whether
 * a ticket was checked in; this module never imports payments).
 */
@Module({
  imports: [TypeOrmModule.forFeature([Event, TicketType, IssuedTicket])],
  controllers: [EventsController, TicketTypesController, TicketsController, CheckInsController],
  providers: [TicketsService, IssuedTicketsService, CheckInsService, ListCursors],
  exports: [TicketsService, IssuedTicketsService],
})
export class TicketsModule {}
