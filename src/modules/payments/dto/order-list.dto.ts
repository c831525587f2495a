import { ApiProperty } from '@nestjs/swagger';
import { OrderDto } from './order.dto';

export class OrderListDto {
  @ApiProperty({ type: [OrderDto] })
  items!: OrderDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Null on the last page.' })
  nextCursor!: string | null;
}
