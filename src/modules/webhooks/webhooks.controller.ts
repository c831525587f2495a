import { Controller, Headers, HttpCode, Post, Req } from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { NotIdempotent } from '../../idempotency/idempotency.decorators';
import { SignedRoute } from '../../tenancy/auth.decorators';
import { ProviderEventDto } from './dto/provider-event.dto';
import { WebhookReceiptDto } from './dto/webhook-receipt.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('webhooks')
@SignedRoute()
@Controller('v1/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  // No @Body(): the signature covers the exact bytes, so the handler reads the raw body and parses
  // it itself only after the signature holds.
  @Post('payments')
  @NotIdempotent()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Receive a payment provider event',
    description:
      "The payment provider's webhook endpoint. No bearer token: the `Stripe-Signature` header authenticates the request (HMAC-SHA256 of `<t>.<raw body>` with PAYMENT_WEBHOOK_SECRET, timestamp within 300 s either way). A verified event is stored once per event id and answered at once; processing happens in the background. 200 means stored (or already stored: `duplicate: true`). 503 means it was NOT stored: deliver it again. No Idempotency-Key: the event id is the dedupe key.",
  })
  @ApiHeader({
    name: 'Stripe-Signature',
    required: true,
    description: 't=<unix seconds>,v1=<hex HMAC-SHA256>[,v1=<hex>...]',
  })
  @ApiBody({ type: ProviderEventDto })
  @ApiOkResponse({ type: WebhookReceiptDto })
  @ApiBadRequestResponse({
    description:
      'WEBHOOK_SIGNATURE_INVALID (signature missing, malformed, wrong, or timestamp out of tolerance) or VALIDATION_FAILED (not a provider event). Nothing is stored.',
  })
  @ApiServiceUnavailableResponse({
    description: 'SERVICE_UNAVAILABLE: the database cannot be reached; the event was not stored.',
  })
  receive(
    @Req() request: RawBodyRequest<FastifyRequest>,
    @Headers('stripe-signature') signature: string | undefined,
  ): Promise<WebhookReceiptDto> {
    return this.webhooks.receive(request.rawBody, signature);
  }
}
