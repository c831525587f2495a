import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { WEBHOOK_EVENT_STATUSES, type WebhookEventStatus } from '../webhook-event.entity';

export const DEFAULT_WEBHOOK_PAGE_SIZE = 50;
export const MAX_WEBHOOK_PAGE_SIZE = 200;

export class ListWebhookEventsQuery {
  @ApiPropertyOptional({ enum: WEBHOOK_EVENT_STATUSES })
  @IsOptional()
  @IsIn(WEBHOOK_EVENT_STATUSES)
  status?: WebhookEventStatus;

  @ApiPropertyOptional({ example: 'payment_intent.succeeded', description: 'Exact event type.' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  type?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_WEBHOOK_PAGE_SIZE,
    default: DEFAULT_WEBHOOK_PAGE_SIZE,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_WEBHOOK_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page.' })
  @IsOptional()
  @IsString()
  cursor?: string;
}

/** A replay takes no fields; declaring the empty body makes unknown fields a 400. */
export class ReplayWebhookEventDto {}
