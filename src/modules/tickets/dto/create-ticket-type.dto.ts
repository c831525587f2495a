import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsCurrency, IsNotBlank } from '../../../common/validators';

/** Upper bounds refuse a typo of extra zeros; both fit the integer columns they are stored in. */
export const MAX_CAPACITY = 1_000_000;
export const MAX_PRICE_CENTS = 100_000_000;

export class CreateTicketTypeDto {
  @ApiProperty({ example: 'Standing', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @IsNotBlank()
  @MaxLength(200)
  name!: string;

  @ApiProperty({
    example: 4500,
    minimum: 0,
    maximum: MAX_PRICE_CENTS,
    description: "Price of one ticket in the currency's minor unit.",
  })
  @IsInt()
  @Min(0)
  @Max(MAX_PRICE_CENTS)
  priceCents!: number;

  @ApiProperty({
    example: 'EUR',
    description:
      'ISO 4217 code, upper case; not a code that names no money (XXX, XTS, metals such as XAU, units such as XDR).',
  })
  @IsString()
  @IsCurrency()
  currency!: string;

  @ApiProperty({ example: 200, minimum: 1, maximum: MAX_CAPACITY })
  @IsInt()
  @Min(1)
  @Max(MAX_CAPACITY)
  capacity!: number;
}
