import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NotFoundError } from '../errors/app-error';
import { CurrentTenant, TenantRoute } from '../tenancy/auth.decorators';
import type { TenantPrincipal } from '../tenancy/auth.types';
import { IdempotencyKeyStatusDto } from './dto/idempotency-key-status.dto';
import { isIdempotencyKey, parseIdempotencyKey } from './idempotency-key.parser';
import { IdempotencyStore } from './idempotency.store';

@ApiTags('idempotency')
@TenantRoute()
@Controller('v1/idempotency-keys')
export class IdempotencyController {
  constructor(private readonly store: IdempotencyStore) {}

  @Get(':key')
  @ApiOperation({
    summary: 'Look up an Idempotency-Key',
    description:
      "Whether a key of this tenant is being processed or completed, and with which request. Unknown, expired, malformed and other tenants' keys are all 404.",
  })
  @ApiOkResponse({ type: IdempotencyKeyStatusDto })
  @ApiNotFoundResponse({ description: 'No such key for this tenant (or it expired).' })
  async find(
    @CurrentTenant() tenant: TenantPrincipal,
    @Param('key') rawKey: string,
  ): Promise<IdempotencyKeyStatusDto> {
    if (!isIdempotencyKey(rawKey)) throw new NotFoundError('idempotency key', rawKey);
    const key = parseIdempotencyKey(rawKey);
    const found = await this.store.find(tenant.tenantId, key);
    if (found === null) throw new NotFoundError('idempotency key', key);
    return {
      ...found,
      createdAt: found.createdAt.toISOString(),
      expiresAt: found.expiresAt.toISOString(),
    };
  }
}
