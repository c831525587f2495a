import { ApiProperty } from '@nestjs/swagger';

export class WebhookReceiptDto {
  @ApiProperty({ example: true, description: 'Always true: the event is stored.' })
  received!: true;

  @ApiProperty({
    description: 'True when an event with this id was already stored; it is not processed again.',
  })
  duplicate!: boolean;
}
