import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Event } from './event.entity';
import { EventsController } from './events.controller';
import { TicketType } from './ticket-type.entity';
import { TicketTypesController } from './ticket-types.controller';
import { TicketsService } from './tickets.service';

/** Events, ticket types and the inventory counters; other modules use TicketsService only. */
@Module({
  imports: [TypeOrmModule.forFeature([Event, TicketType])],
  controllers: [EventsController, TicketTypesController],
  providers: [TicketsService],
  exports: [TicketsService],
})
export class TicketsModule {}
