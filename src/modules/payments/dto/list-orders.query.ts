import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsEmail, IsIn, IsOptional, IsUUID, MaxLength } from 'class-validator';
import { PageQuery } from '../../../common/page.query';
import type { OrderStatus } from '../order-state';

export const ORDER_STATUSES: OrderStatus[] = [
  'pending_payment',
  'paid',
  'failed',
  'expired',
  'refunded',
];

export class ListOrdersQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Orders for ticket types of this event.' })
  @IsOptional()
  @IsUUID()
  eventId?: string;

  @ApiPropertyOptional({ enum: ORDER_STATUSES })
  @IsOptional()
  @IsIn(ORDER_STATUSES)
  status?: OrderStatus;

  @ApiPropertyOptional({
    example: 'ada@example.com',
    description: "The buyer's e-mail address, matched exactly but for case.",
  })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;
}
