import { Body, Controller, Post, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { RequestIdempotencyKey } from '../../idempotency/idempotency.decorators';
import { AtomicPhases } from '../../idempotency/recovery-points';
import { CurrentTenant, TenantRoute } from '../../tenancy/auth.decorators';
import type { TenantPrincipal } from '../../tenancy/auth.types';
import { CreatePurchaseDto } from './dto/create-purchase.dto';
import { orderLocation, OrderDto, toOrderDto } from './dto/order.dto';
import { PaymentsService } from './payments.service';

@ApiTags('purchases')
@TenantRoute()
@Controller('v1/purchases')
export class PurchasesController {
  constructor(private readonly payments: PaymentsService) {}

  @Post()
  @AtomicPhases()
  @ApiOperation({
    summary: 'Buy tickets',
    description:
      'Turns an active reservation (or a fresh hold of {ticketTypeId, quantity}) into an order in `pending_payment` and asks the payment provider to charge it. The hold is extended to PAYMENT_WINDOW_SECONDS. The outcome arrives by webhook: poll GET /v1/orders/{id} until it is `paid` (tickets listed), `failed` or `expired`. A retry with the same Idempotency-Key replays this answer and never charges twice; the provider call carries a key derived from yours.',
  })
  @ApiCreatedResponse({ type: OrderDto })
  @ApiNotFoundResponse({ description: 'No such reservation or ticket type for this tenant.' })
  @ApiConflictResponse({
    description:
      'RESERVATION_NOT_ACTIVE (expired, cancelled, or already purchased) or INSUFFICIENT_INVENTORY.',
  })
  async create(
    @CurrentTenant() tenant: TenantPrincipal,
    @RequestIdempotencyKey() key: string,
    @Body() body: CreatePurchaseDto,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<OrderDto> {
    const result = await this.payments.purchase(tenant.tenantId, key, body);
    res.header('Location', orderLocation(result.order.id));
    return toOrderDto(result);
  }
}
