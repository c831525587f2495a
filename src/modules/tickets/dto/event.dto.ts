import { ApiProperty } from '@nestjs/swagger';
import type { Event } from '../event.entity';

export class EventDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Harbour Jazz Night' })
  name!: string;

  @ApiProperty({ type: String, nullable: true, example: 'Pier 4, Hamburg' })
  venue!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  startsAt!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;
}

export class EventListDto {
  @ApiProperty({ type: [EventDto] })
  items!: EventDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as `cursor` to get the next page; null on the last page.',
  })
  nextCursor!: string | null;
}

export function toEventDto(e: Event): EventDto {
  return {
    id: e.id,
    name: e.name,
    venue: e.venue,
    startsAt: e.startsAt.toISOString(),
    createdAt: e.createdAt.toISOString(),
  };
}
