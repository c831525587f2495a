import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { OrderWithTickets } from '../payments.service';

export class TicketDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'TKT-7QX3-M2PA-9KDE-4RTB', description: 'Unique and unguessable.' })
  code!: string;

  @ApiProperty({ enum: ['valid', 'checked_in', 'void'] })
  status!: 'valid' | 'checked_in' | 'void';
}

export class OrderDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({
    enum: ['pending_payment', 'paid', 'failed', 'expired', 'refunded'],
    description:
      'pending_payment until the provider reports; paid (tickets issued); failed (payment failed, seats released); expired (no outcome within PAYMENT_WINDOW_SECONDS, seats released); refunded.',
  })
  status!: string;

  @ApiProperty({ format: 'uuid' })
  reservationId!: string;

  @ApiProperty({ format: 'uuid' })
  ticketTypeId!: string;

  @ApiProperty()
  quantity!: number;

  @ApiProperty({ example: 5000 })
  totalCents!: number;

  @ApiProperty({ example: 'EUR' })
  currency!: string;

  @ApiProperty({ format: 'uuid' })
  paymentId!: string;

  @ApiProperty()
  customerEmail!: string;

  @ApiProperty({ type: String, format: 'date-time', description: 'When an unpaid order expires.' })
  paymentDeadline!: string;

  @ApiProperty({ type: [TicketDto], description: 'One per seat once paid; void after a refund.' })
  tickets!: TicketDto[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Why the order ended as it did.',
  })
  note!: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;
}

/** Where a created order lives (the purchase's Location header). */
export const orderLocation = (orderId: string): string => `/v1/orders/${orderId}`;

export function toOrderDto({ order, payment, tickets }: OrderWithTickets): OrderDto {
  return {
    id: order.id,
    status: order.status,
    reservationId: order.reservationId,
    ticketTypeId: order.ticketTypeId,
    quantity: order.quantity,
    totalCents: order.totalCents,
    currency: order.currency,
    paymentId: payment.id,
    customerEmail: order.customerEmail,
    paymentDeadline: order.paymentDeadline.toISOString(),
    tickets: tickets.map((t) => ({ id: t.id, code: t.code, status: t.status })),
    note: order.note,
    createdAt: order.createdAt.toISOString(),
  };
}
