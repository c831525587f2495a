import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';

export class AdminRefundDto {
  @ApiProperty({
    example: 'Show cancelled after doors opened',
    maxLength: 500,
    description: 'Why the refund overrides the check-in rule; kept as the order note and logged.',
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}
