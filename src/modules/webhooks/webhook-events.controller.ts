import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { isUUID } from 'class-validator';
import { NotFoundError } from '../../errors/app-error';
import { AdminRoute } from '../../tenancy/auth.decorators';
import { ListWebhookEventsQuery, ReplayWebhookEventDto } from './dto/list-webhook-events.query';
import { WebhookEventDto, WebhookEventListDto } from './dto/webhook-event.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('admin: webhook events')
@AdminRoute()
@Controller('v1/admin/webhook-events')
export class WebhookEventsController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Get()
  @ApiOperation({
    summary: 'List received webhook events',
    description:
      'The inbox, newest first, optionally filtered by status and type. `failed` lists the events whose every attempt failed, with the last error; they can be replayed.',
  })
  @ApiOkResponse({ type: WebhookEventListDto })
  @ApiBadRequestResponse({
    description: 'VALIDATION_FAILED: unknown status, limit out of range, or a cursor not issued.',
  })
  list(@Query() query: ListWebhookEventsQuery): Promise<WebhookEventListDto> {
    return this.webhooks.list(query);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Get one webhook event',
    description:
      'One stored provider event: its status (`pending`, `processing`, `processed` or `failed`), attempts, last error and the note processing left (e.g. an event for an unknown payment).',
  })
  @ApiOkResponse({ type: WebhookEventDto })
  @ApiNotFoundResponse({ description: 'No such event.' })
  get(@Param('id') id: string): Promise<WebhookEventDto> {
    if (!isUUID(id)) throw new NotFoundError('webhook event', id);
    return this.webhooks.get(id);
  }

  @Post(':id/replay')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Process a webhook event again',
    description:
      'Sets the event back to pending, whatever its status, and queues it. Applying an event twice changes nothing (the payment state machine ignores duplicates), so replaying a processed event is safe. Answers 202 at once; follow the event with GET. If Redis is down the event is queued by the re-drive once it is back.',
  })
  @ApiAcceptedResponse({ type: WebhookEventDto, description: 'The event, now pending.' })
  @ApiNotFoundResponse({ description: 'No such event.' })
  replay(@Param('id') id: string, @Body() _body: ReplayWebhookEventDto): Promise<WebhookEventDto> {
    if (!isUUID(id)) throw new NotFoundError('webhook event', id);
    return this.webhooks.replay(id);
  }
}
