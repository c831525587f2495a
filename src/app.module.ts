import { DynamicModule, Module, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { missingAsRequired } from './common/required-fields';
import type { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { ValidationFailedError } from './errors/app-error';
import { validationErrorsToFields } from './errors/validation-errors';
import { ProblemJsonFilter } from './errors/problem-json.filter';
import { HealthModule } from './health/health.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { LoggingModule } from './logging/logging.module';
import { FaultsModule } from './faults/fault-injector';
import { MetricsModule } from './metrics/metrics.module';
import { PaymentsModule } from './modules/payments/payments.module';
import { ReservationsModule } from './modules/reservations/reservations.module';
import { TenantsModule } from './modules/tenants/tenants.module';
import { TicketsModule } from './modules/tickets/tickets.module';
import { WebhooksModule } from './modules/webhooks/webhooks.module';
import { QueuesModule } from './queues/queues.module';
import { TenancyModule } from './tenancy/tenancy.module';
import { RateLimitGuard } from './rate-limit/rate-limit.guard';
import { TenantGuard } from './tenancy/tenant.guard';

/**
 * The service, built from an already validated configuration so that tests can run several
 * differently configured instances in one process.
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggingModule.forRoot(config),
        DatabaseModule,
        FaultsModule,
        QueuesModule,
        MetricsModule,
        HealthModule,
        TenancyModule,
        TenantsModule,
        IdempotencyModule,
        TicketsModule,
        ReservationsModule,
        PaymentsModule,
        WebhooksModule,
      ],
      providers: [
        // In this order: the rate limit needs the principal the TenantGuard resolves, and both run
        // before the idempotency interceptor's claim.
        { provide: APP_GUARD, useClass: TenantGuard },
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_FILTER, useClass: ProblemJsonFilter },
        {
          provide: APP_PIPE,
          useFactory: () =>
            new ValidationPipe({
              whitelist: true,
              forbidNonWhitelisted: true,
              transform: true,
              exceptionFactory: (errors) =>
                ValidationFailedError.fromFields(
                  validationErrorsToFields(missingAsRequired(errors)),
                ),
            }),
        },
      ],
    };
  }
}
