import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QUEUES } from '../../queues/queue-names';
import { TicketsModule } from '../tickets/tickets.module';
import { ExpirySweep, ExpirySweepProcessor, ExpirySweepScheduler } from './expiry-sweep.processor';
import { Reservation } from './reservation.entity';
import { ReservationsController } from './reservations.controller';
import { ReservationsService } from './reservations.service';
import { ReservationsStore } from './reservations.store';

/** Holds on inventory and their expiry; other modules use ReservationsService and ExpirySweep. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Reservation]),
    BullModule.registerQueue({ name: QUEUES.reservationExpiry }),
    TicketsModule,
  ],
  controllers: [ReservationsController],
  providers: [
    ReservationsStore,
    ReservationsService,
    ExpirySweep,
    ExpirySweepProcessor,
    ExpirySweepScheduler,
  ],
  exports: [ReservationsService, ExpirySweep],
})
export class ReservationsModule {}
