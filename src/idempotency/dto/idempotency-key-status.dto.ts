import { ApiProperty } from '@nestjs/swagger';

export class IdempotencyKeyStatusDto {
  @ApiProperty({ format: 'uuid', description: 'The key, lower case.' })
  key!: string;

  @ApiProperty({
    enum: ['processing', 'completed'],
    description: 'processing: a request holds the key now; completed: its response is replayed.',
  })
  status!: 'processing' | 'completed';

  @ApiProperty({ example: 'POST' })
  method!: string;

  @ApiProperty({ example: '/v1/reservations' })
  path!: string;

  @ApiProperty({ type: Number, nullable: true, description: 'null while processing.' })
  responseStatus!: number | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    description: 'After this the key is forgotten and counts as new.',
  })
  expiresAt!: string;
}
