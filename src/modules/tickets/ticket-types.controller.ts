import { Controller, Get } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentTenant, TenantRoute } from '../../tenancy/auth.decorators';
import type { TenantPrincipal } from '../../tenancy/auth.types';
import { TicketTypeDto, toTicketTypeDto } from './dto/ticket-type.dto';
import { TicketsService } from './tickets.service';
import { IdParam } from '../../common/id-param';

@ApiTags('events')
@TenantRoute()
@Controller('v1/ticket-types')
export class TicketTypesController {
  constructor(private readonly tickets: TicketsService) {}

  @Get(':id')
  @ApiOperation({
    summary: 'Get a ticket type with its inventory',
    description:
      'available: can be reserved now; reserved: held by active reservations; sold: paid for. The three always add up to capacity.',
  })
  @ApiOkResponse({ type: TicketTypeDto })
  @ApiNotFoundResponse({ description: 'No such ticket type for this tenant.' })
  async get(
    @CurrentTenant() tenant: TenantPrincipal,
    @IdParam() id: string,
  ): Promise<TicketTypeDto> {
    return toTicketTypeDto(await this.tickets.getTicketType(tenant.tenantId, id));
  }
}
