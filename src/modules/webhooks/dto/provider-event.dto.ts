import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Documentation only: the receiver reads the raw body, never a validated DTO (see the controller). */
export class ProviderEventObjectDto {
  @ApiProperty({ example: 'pi_3Nx...', description: "The payment's providerPaymentId." })
  id!: string;

  @ApiProperty({ example: 'payment_intent' })
  object!: string;

  @ApiProperty({ example: 5000, description: 'Minor units.' })
  amount!: number;

  @ApiProperty({ example: 'eur', description: 'ISO 4217, any case.' })
  currency!: string;

  @ApiPropertyOptional({ example: 'succeeded' })
  status?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  metadata?: Record<string, string>;
}

export class ProviderEventDataDto {
  @ApiProperty({ type: ProviderEventObjectDto })
  object!: ProviderEventObjectDto;
}

export class ProviderEventDto {
  @ApiProperty({ example: 'evt_1Nx...', description: 'Unique per provider; the dedupe key.' })
  id!: string;

  @ApiProperty({ example: 'payment_intent.succeeded' })
  type!: string;

  @ApiProperty({ example: 1764547200, description: 'Unix seconds.' })
  created!: number;

  @ApiProperty({ type: ProviderEventDataDto })
  data!: ProviderEventDataDto;
}
