import { ApiProperty } from '@nestjs/swagger';
import {
  RESERVATION_STATUSES,
  type Reservation,
  type ReservationStatus,
} from '../reservation.entity';

export class ReservationDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  ticketTypeId!: string;

  @ApiProperty({ example: 2 })
  quantity!: number;

  @ApiProperty({
    enum: RESERVATION_STATUSES,
    description:
      'active: the seats are held until expiresAt. expired: time ran out (seats return to available within RESERVATION_SWEEP_INTERVAL_SECONDS). cancelled: cancelled by the client, or its payment failed. converted: purchased.',
  })
  status!: ReservationStatus;

  @ApiProperty({ type: String, format: 'date-time' })
  expiresAt!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;
}

export function toReservationDto(r: Reservation): ReservationDto {
  return {
    id: r.id,
    ticketTypeId: r.ticketTypeId,
    quantity: r.quantity,
    status: r.status,
    expiresAt: r.expiresAt.toISOString(),
    createdAt: r.createdAt.toISOString(),
  };
}
