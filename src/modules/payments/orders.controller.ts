import { Controller, Get, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentTenant, TenantRoute } from '../../tenancy/auth.decorators';
import type { TenantPrincipal } from '../../tenancy/auth.types';
import { DEFAULT_LIST_PAGE_SIZE } from '../../common/page.query';
import { ListOrdersQuery } from './dto/list-orders.query';
import { OrderListDto } from './dto/order-list.dto';
import { OrderDto, toOrderDto } from './dto/order.dto';
import { OrderListService } from './order-list.service';
import { PaymentsService } from './payments.service';
import { IdParam } from '../../common/id-param';

@ApiTags('purchases')
@TenantRoute()
@Controller('v1/orders')
export class OrdersController {
  constructor(
    private readonly payments: PaymentsService,
    private readonly orderList: OrderListService,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List orders, newest first',
    description:
      'Optionally only those for one event (`eventId`), in one status, or of one buyer (`email`, any case). Pages of `limit` (default 50, at most 200); pass `nextCursor` as `cursor` for the next page (null on the last). An unknown event lists nothing.',
  })
  @ApiOkResponse({ type: OrderListDto })
  async list(
    @CurrentTenant() tenant: TenantPrincipal,
    @Query() query: ListOrdersQuery,
  ): Promise<OrderListDto> {
    const page = await this.orderList.list(
      tenant.tenantId,
      { eventId: query.eventId, status: query.status, email: query.email },
      query.limit ?? DEFAULT_LIST_PAGE_SIZE,
      query.cursor,
    );
    return { items: page.items.map(toOrderDto), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Get an order, with its tickets once paid',
    description:
      'Poll this after a purchase. `pending_payment` until the provider reports: then `paid` (one ticket per seat, each with a unique code), `failed` (seats released), `expired` (not paid within the payment window) or `refunded` (tickets listed `void`).',
  })
  @ApiOkResponse({ type: OrderDto })
  @ApiNotFoundResponse({ description: 'No such order for this tenant.' })
  async get(@CurrentTenant() tenant: TenantPrincipal, @IdParam() id: string): Promise<OrderDto> {
    return toOrderDto(await this.payments.getOrder(tenant.tenantId, id));
  }
}
