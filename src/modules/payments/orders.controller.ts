import { Controller, Get } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentTenant, TenantRoute } from '../../tenancy/auth.decorators';
import type { TenantPrincipal } from '../../tenancy/auth.types';
import { OrderDto, toOrderDto } from './dto/order.dto';
import { PaymentsService } from './payments.service';
import { IdParam } from '../../common/id-param';

@ApiTags('purchases')
@TenantRoute()
@Controller('v1/orders')
export class OrdersController {
  constructor(private readonly payments: PaymentsService) {}

  @Get(':id')
  @ApiOperation({ summary: 'Get an order, with its tickets once paid' })
  @ApiOkResponse({ type: OrderDto })
  @ApiNotFoundResponse({ description: 'No such order for this tenant.' })
  async get(@CurrentTenant() tenant: TenantPrincipal, @IdParam() id: string): Promise<OrderDto> {
    return toOrderDto(await this.payments.getOrder(tenant.tenantId, id));
  }
}
