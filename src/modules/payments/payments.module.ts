import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { DetachedConnection } from '../../database/detached-connection';
import { IdempotencyModule } from '../../idempotency/idempotency.module';
import { QUEUES } from '../../queues/queue-names';
import { ReservationsModule } from '../reservations/reservations.module';
import { TicketsModule } from '../tickets/tickets.module';
import { ListCursors } from '../../common/list-cursor';
import { AdminRefundsController } from './admin-refunds.controller';
import { OrderListService } from './order-list.service';
import { Order } from './order.entity';
import { OrdersController } from './orders.controller';
import { Payment } from './payment.entity';
import { PaymentsController } from './payments.controller';
import { PaymentRecoveryProcessor, PaymentRecoveryScheduler } from './payment-recovery.processor';
import { PaymentsService } from './payments.service';
import { PaymentProvider } from './providers/payment-provider';
import { SimulatedPaymentProvider } from './providers/simulated/simulated-payment.provider';
import { StripePaymentProvider } from './providers/stripe/stripe-payment.provider';
import { PurchasesController } from './purchases.controller';

/** Purchases, orders, payments and the saga; other modules (webhooks) use PaymentsService. */
@Module({
  imports: [
    TypeOrmModule.forFeature([Order, Payment]),
    BullModule.registerQueue({ name: QUEUES.paymentRecovery }),
    IdempotencyModule,
    ReservationsModule,
    TicketsModule,
  ],
  controllers: [PurchasesController, OrdersController, PaymentsController, AdminRefundsController],
  providers: [
    PaymentsService,
    OrderListService,
    ListCursors,
    PaymentRecoveryProcessor,
    PaymentRecoveryScheduler,
    {
      provide: PaymentProvider,
      inject: [APP_CONFIG, DetachedConnection, HttpAdapterHost],
      useFactory: (config: AppConfig, detached: DetachedConnection, host: HttpAdapterHost) =>
        config.paymentProvider === 'stripe'
          ? new StripePaymentProvider({
              secretKey: config.stripeSecretKey!,
              apiUrl: config.stripeApiUrl,
            })
          : new SimulatedPaymentProvider(detached, host, config),
    },
  ],
  exports: [PaymentsService],
})
export class PaymentsModule {}
