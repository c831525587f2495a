import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { MAX_RESERVATION_QUANTITY } from '../../reservations/reservations.service';

export class CreatePurchaseDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'An active reservation to buy. Give this, or ticketTypeId with quantity.',
  })
  @IsOptional()
  @IsUUID()
  reservationId?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Buy without a reservation: the ticket type…',
  })
  @IsOptional()
  @IsUUID()
  ticketTypeId?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_RESERVATION_QUANTITY,
    description: '…and how many seats (with ticketTypeId only).',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_RESERVATION_QUANTITY)
  quantity?: number;

  @ApiProperty({ example: 'ada@example.com', maxLength: 254 })
  @IsEmail()
  @MaxLength(254)
  customerEmail!: string;

  @ApiPropertyOptional({
    example: 'pm_card_visa',
    description:
      "The payment method. With the simulated provider, Stripe's test cards: pm_card_visa (default, succeeds), pm_card_chargeDeclined (fails), pm_card_authenticationRequired (stays pending; no webhook is sent).",
  })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  paymentMethod?: string;
}
