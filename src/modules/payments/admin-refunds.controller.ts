import { Body, Controller, HttpCode, Logger, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AtomicPhases } from '../../idempotency/recovery-points';
import { AdminRoute } from '../../tenancy/auth.decorators';
import { AdminRefundDto } from './dto/admin-refund.dto';
import { PaymentDto, toPaymentDto } from './dto/payment.dto';
import { PaymentsService } from './payments.service';

/**
 * The one way to refund an order whose tickets were used at the door: only the operator's admin
 * token may, with a reason. A tenant's API key (which sits in shops and box-office tools) cannot.
 */
@ApiTags('admin: refunds')
@AdminRoute()
@Controller('v1/admin/tenants/:tenantId/payments')
export class AdminRefundsController {
  private readonly logger = new Logger(AdminRefundsController.name);

  constructor(private readonly payments: PaymentsService) {}

  @Post(':id/refund')
  @HttpCode(200)
  // The refund calls the provider between its phases, like the tenant's refund route.
  @AtomicPhases()
  @ApiOperation({
    summary: "Refund a tenant's paid order even after check-in (forced)",
    description:
      'Like the tenant refund, but a ticket already checked in does not stop it: every ticket of the order is voided (its check-in stays on record) and the seats return. For exceptions such as an event cancelled after doors opened. A payment whose order is not paid is 409 INVALID_STATE.',
  })
  @ApiOkResponse({ type: PaymentDto })
  @ApiNotFoundResponse({ description: 'No such payment for this tenant.' })
  @ApiConflictResponse({ description: 'INVALID_STATE: the order is not paid.' })
  async refund(
    @Param('tenantId', new ParseUUIDPipe()) tenantId: string,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() body: AdminRefundDto,
  ): Promise<PaymentDto> {
    const payment = await this.payments.refund(tenantId, id, { forced: body.reason });
    this.logger.warn(`forced refund of payment ${id} (tenant ${tenantId}): ${body.reason}`);
    return toPaymentDto(payment);
  }
}
