import { ApiProperty } from '@nestjs/swagger';
import type { TicketType } from '../ticket-type.entity';

export class TicketTypeDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  eventId!: string;

  @ApiProperty({ example: 'Standing' })
  name!: string;

  @ApiProperty({ example: 4500 })
  priceCents!: number;

  @ApiProperty({ example: 'EUR' })
  currency!: string;

  @ApiProperty({ example: 200 })
  capacity!: number;

  @ApiProperty({ example: 180, description: 'Seats that can be reserved now.' })
  available!: number;

  @ApiProperty({ example: 15, description: 'Seats held by active reservations.' })
  reserved!: number;

  @ApiProperty({
    example: 5,
    description: 'Seats sold. available + reserved + sold = capacity, always.',
  })
  sold!: number;
}

export function toTicketTypeDto(t: TicketType): TicketTypeDto {
  return {
    id: t.id,
    eventId: t.eventId,
    name: t.name,
    priceCents: t.priceCents,
    currency: t.currency,
    capacity: t.capacity,
    available: t.available,
    reserved: t.reserved,
    sold: t.sold,
  };
}
