import { ApiProperty } from '@nestjs/swagger';
import { WEBHOOK_EVENT_STATUSES, type WebhookEventStatus } from '../webhook-event.entity';

export class WebhookEventDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'simulated', description: 'The payment provider that sent the event.' })
  provider!: string;

  @ApiProperty({ example: 'evt_1Nx...', description: "The provider's event id." })
  eventId!: string;

  @ApiProperty({ example: 'payment_intent.succeeded' })
  type!: string;

  @ApiProperty({
    enum: WEBHOOK_EVENT_STATUSES,
    description:
      'pending: stored, waiting for the worker; processing: a worker holds it; processed: applied (or ignored, see note); failed: every attempt failed, see lastError, replayable.',
  })
  status!: WebhookEventStatus;

  @ApiProperty({ description: 'How many times a worker took the event, replays included.' })
  attempts!: number;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The error of the last failed attempt.',
  })
  lastError!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'What processing did when it was not a plain application, e.g. "ignored: duplicate".',
  })
  note!: string | null;

  @ApiProperty({ format: 'date-time' })
  receivedAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  processedAt!: string | null;
}

export class WebhookEventListDto {
  @ApiProperty({ type: [WebhookEventDto] })
  items!: WebhookEventDto[];

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Pass as ?cursor= for the next page; null on the last page.',
  })
  nextCursor!: string | null;
}
