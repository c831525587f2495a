import { Body, Controller, Get, HttpCode, Post, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentTenant, TenantRoute } from '../../tenancy/auth.decorators';
import type { TenantPrincipal } from '../../tenancy/auth.types';
import { CancelReservationDto, CreateReservationDto } from './dto/create-reservation.dto';
import { ReservationDto, toReservationDto } from './dto/reservation.dto';
import { ReservationsService } from './reservations.service';
import { IdParam } from '../../common/id-param';

@ApiTags('reservations')
@TenantRoute()
@Controller('v1/reservations')
export class ReservationsController {
  constructor(private readonly reservations: ReservationsService) {}

  @Post()
  @ApiOperation({
    summary: 'Hold seats',
    description:
      'Takes `quantity` seats (1 to 50) from available to reserved for RESERVATION_TTL_SECONDS (default 600). All or nothing: when fewer seats are available the answer is 409 INSUFFICIENT_INVENTORY and nothing is held. A retry with the same Idempotency-Key returns the same reservation and takes no further seats. Unless purchased or cancelled, the hold expires at `expiresAt` and its seats return to available.',
  })
  @ApiCreatedResponse({ type: ReservationDto })
  @ApiNotFoundResponse({ description: 'No such ticket type for this tenant.' })
  @ApiConflictResponse({
    description:
      'INSUFFICIENT_INVENTORY: not enough seats available. IDEMPOTENCY_REQUEST_IN_PROGRESS: a request with this key is still being processed.',
  })
  async create(
    @CurrentTenant() tenant: TenantPrincipal,
    @Body() body: CreateReservationDto,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<ReservationDto> {
    const reservation = await this.reservations.reserve(
      tenant.tenantId,
      body.ticketTypeId,
      body.quantity,
    );
    res.header('Location', `/v1/reservations/${reservation.id}`);
    return toReservationDto(reservation);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Get a reservation',
    description:
      "The hold and its status: `active` until `expiresAt`, then `expired` (even before its seats are swept back); `cancelled` after a cancel or a failed payment; `converted` once its purchase is paid. Another tenant's reservation is 404.",
  })
  @ApiOkResponse({ type: ReservationDto })
  @ApiNotFoundResponse({ description: 'No such reservation for this tenant.' })
  async get(
    @CurrentTenant() tenant: TenantPrincipal,
    @IdParam() id: string,
  ): Promise<ReservationDto> {
    return toReservationDto(await this.reservations.get(tenant.tenantId, id));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel a reservation',
    description:
      'Ends an active hold and returns its seats to available, once. A retry with the same Idempotency-Key replays the 200. Any other cancel of a reservation that is no longer active (already cancelled, expired or purchased), including one with a new key after a successful cancel, is 409 RESERVATION_NOT_ACTIVE.',
  })
  @ApiOkResponse({ type: ReservationDto })
  @ApiNotFoundResponse({ description: 'No such reservation for this tenant.' })
  @ApiConflictResponse({
    description:
      'RESERVATION_NOT_ACTIVE: cancelled, expired or purchased. IDEMPOTENCY_REQUEST_IN_PROGRESS: a request with this key is still being processed.',
  })
  async cancel(
    @CurrentTenant() tenant: TenantPrincipal,
    @IdParam() id: string,
    @Body() _body: CancelReservationDto,
  ): Promise<ReservationDto> {
    return toReservationDto(await this.reservations.cancel(tenant.tenantId, id));
  }
}
