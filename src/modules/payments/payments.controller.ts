import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentTenant, TenantRoute } from '../../tenancy/auth.decorators';
import type { TenantPrincipal } from '../../tenancy/auth.types';
import { PaymentDto, RefundPaymentDto, toPaymentDto } from './dto/payment.dto';
import { PaymentsService } from './payments.service';
import { IdParam } from '../../common/id-param';
import { AtomicPhases } from '../../idempotency/recovery-points';

@ApiTags('purchases')
@TenantRoute()
@Controller('v1/payments')
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @Get(':id')
  @ApiOperation({
    summary: 'Get a payment',
    description:
      "The payment of an order: `pending` until the provider reports, then `succeeded` or `failed`; `refunded` after a refund. `providerPaymentId` is the provider's id (Stripe: `pi_…`).",
  })
  @ApiOkResponse({ type: PaymentDto })
  @ApiNotFoundResponse({ description: 'No such payment for this tenant.' })
  async get(@CurrentTenant() tenant: TenantPrincipal, @IdParam() id: string): Promise<PaymentDto> {
    return toPaymentDto(await this.payments.getPayment(tenant.tenantId, id));
  }

  @Post(':id/refund')
  @AtomicPhases()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Refund a paid order',
    description:
      'Refunds the payment through the provider (once per payment, whoever asks), ends the order `refunded`, voids its tickets and returns its seats to available. A payment whose order is not paid is 409 INVALID_STATE, and so is a second refund under a new Idempotency-Key.',
  })
  @ApiOkResponse({ type: PaymentDto })
  @ApiNotFoundResponse({ description: 'No such payment for this tenant.' })
  @ApiConflictResponse({ description: 'INVALID_STATE: the order is not paid.' })
  async refund(
    @CurrentTenant() tenant: TenantPrincipal,
    @IdParam() id: string,
    @Body() _body: RefundPaymentDto,
  ): Promise<PaymentDto> {
    return toPaymentDto(await this.payments.refund(tenant.tenantId, id));
  }
}
