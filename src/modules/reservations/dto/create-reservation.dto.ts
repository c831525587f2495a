import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsUUID, Max, Min } from 'class-validator';
import { MAX_RESERVATION_QUANTITY } from '../reservations.service';

export class CreateReservationDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  ticketTypeId!: string;

  @ApiProperty({
    example: 2,
    minimum: 1,
    maximum: MAX_RESERVATION_QUANTITY,
    description: `Seats to hold, 1 to ${MAX_RESERVATION_QUANTITY}: one request cannot lock away more of an event than one order may buy.`,
  })
  @IsInt()
  @Min(1)
  @Max(MAX_RESERVATION_QUANTITY)
  quantity!: number;
}

/** The cancel takes no fields; declaring the empty body makes unknown fields a 400. */
export class CancelReservationDto {}
