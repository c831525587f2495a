import { ListCursors } from '../../common/list-cursor';
import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QUEUES } from '../../queues/queue-names';
import { PaymentsModule } from '../payments/payments.module';
import { WebhookEvent } from './webhook-event.entity';
import { WebhookEventsController } from './webhook-events.controller';
import { WebhookEventsStore } from './webhook-events.store';
import { WebhookProcessingPolicy } from './webhook-processing.policy';
import { WebhookProcessor, WebhookRedriveScheduler } from './webhook.processor';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

/**
 * Payment provider webhooks: the receiver, the inbox, the Bull worker that hands each event to
 * PaymentsService, the re-drive, and the admin routes. Knows the event's shape, not the saga.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([WebhookEvent]),
    BullModule.registerQueue({ name: QUEUES.webhookEvents }),
    PaymentsModule,
  ],
  controllers: [WebhooksController, WebhookEventsController],
  providers: [
    WebhookProcessingPolicy,
    WebhookEventsStore,
    WebhooksService,
    WebhookProcessor,
    WebhookRedriveScheduler,
    ListCursors,
  ],
})
export class WebhooksModule {}
