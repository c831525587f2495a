import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentTenant, TenantRoute } from '../../tenancy/auth.decorators';
import type { TenantPrincipal } from '../../tenancy/auth.types';
import { CheckInsService } from './check-ins.service';
import {
  CheckInDto,
  CheckInRequestDto,
  IssuedTicketDto,
  toCheckInDto,
  toIssuedTicketDto,
} from './dto/ticket.dto';
import { IssuedTicketsService } from './issued-tickets.service';

const CODE_PARAM = {
  name: 'code',
  example: 'TKT-7QX3-M2PA-9KDE-4RTB',
  description: 'The code printed on the ticket (any case).',
};

@ApiTags('check-in')
@TenantRoute()
@Controller('v1/tickets')
export class TicketsController {
  constructor(
    private readonly issued: IssuedTicketsService,
    private readonly checkIns: CheckInsService,
  ) {}

  @Get(':code')
  @ApiOperation({
    summary: 'Look a ticket up by its printed code',
    description: 'With its state at the door: checkedInAt and gate once checked in.',
  })
  @ApiParam(CODE_PARAM)
  @ApiOkResponse({ type: IssuedTicketDto })
  @ApiNotFoundResponse({ description: 'No ticket with this code for this tenant.' })
  async get(
    @CurrentTenant() tenant: TenantPrincipal,
    @Param('code') code: string,
  ): Promise<IssuedTicketDto> {
    return toIssuedTicketDto(await this.issued.findByCode(tenant.tenantId, code));
  }

  @Post(':code/check-in')
  @ApiOperation({
    summary: 'Check a ticket in at the door',
    description:
      'The first scan of a valid ticket checks it in: 201 with the check-in. Every later scan is 409 TICKET_ALREADY_CHECKED_IN, whose body carries `checkIn` (when and at which gate the ticket was first scanned). Two gates scanning one ticket at the same moment: exactly one gets the 201, decided by the database. A refunded ticket is 409 TICKET_VOID. The same scan sent again with its Idempotency-Key replays the 201.',
  })
  @ApiParam(CODE_PARAM)
  @ApiCreatedResponse({ type: CheckInDto })
  @ApiNotFoundResponse({ description: 'No ticket with this code for this tenant.' })
  @ApiConflictResponse({
    description:
      'TICKET_ALREADY_CHECKED_IN: checked in before (see `checkIn` in the body). TICKET_VOID: refunded.',
  })
  async checkIn(
    @CurrentTenant() tenant: TenantPrincipal,
    @Param('code') code: string,
    @Body() body: CheckInRequestDto,
  ): Promise<CheckInDto> {
    return toCheckInDto(
      await this.checkIns.checkIn(tenant.tenantId, code, {
        gate: body.gate ?? null,
        scannedAt: body.scannedAt === undefined ? undefined : new Date(body.scannedAt),
      }),
    );
  }
}
