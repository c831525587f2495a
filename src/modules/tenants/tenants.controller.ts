import { Body, Controller, Get, Header, Post, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ReplayOmits } from '../../idempotency/idempotency.decorators';
import { AdminRoute } from '../../tenancy/auth.decorators';
import { CreateTenantDto, RotateApiKeyDto } from './dto/create-tenant.dto';
import { CreatedTenantDto, IssuedApiKeyDto, TenantDto } from './dto/tenant.dto';
import { Tenant } from './tenant.entity';
import { TenantsService } from './tenants.service';
import { IdParam } from '../../common/id-param';

function toDto(tenant: Tenant): TenantDto {
  return {
    id: tenant.id,
    name: tenant.name,
    apiKeyPrefix: tenant.apiKeyPrefix,
    createdAt: tenant.createdAt.toISOString(),
  };
}

@ApiTags('admin: tenants')
@AdminRoute()
@Controller('v1/admin/tenants')
export class TenantsController {
  constructor(private readonly tenants: TenantsService) {}

  // A response that carries a secret must not be kept by a browser or a proxy.
  @Post()
  @Header('Cache-Control', 'no-store')
  @ReplayOmits('apiKey')
  // A response that may carry a secret is never kept by a cache or a browser.
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Create a tenant',
    description:
      'Creates a tenant and returns its API key once. Only a SHA-256 hash of the key is stored; a replay of this request (same Idempotency-Key) returns the tenant without `apiKey`.',
  })
  @ApiCreatedResponse({ type: CreatedTenantDto })
  async create(
    @Body() body: CreateTenantDto,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<CreatedTenantDto> {
    const { tenant, apiKey } = await this.tenants.create(body.name);
    res.header('Location', `/v1/admin/tenants/${tenant.id}`);
    return { ...toDto(tenant), apiKey };
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Get a tenant',
    description:
      "The tenant's id, name and creation time. Its API key is never shown again after creation (issue a new one instead).",
  })
  @ApiOkResponse({ type: TenantDto })
  @ApiNotFoundResponse({ description: 'No such tenant.' })
  async get(@IdParam() id: string): Promise<TenantDto> {
    return toDto(await this.tenants.get(id));
  }

  @Post(':id/api-keys')
  @Header('Cache-Control', 'no-store')
  @ReplayOmits('apiKey')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Issue a new API key',
    description:
      "Replaces the tenant's API key: the previous key stops working at once. Use it when a key is lost or leaked; keys are never recovered.",
  })
  @ApiCreatedResponse({ type: IssuedApiKeyDto })
  @ApiNotFoundResponse({ description: 'No such tenant.' })
  async rotate(@IdParam() id: string, @Body() _body: RotateApiKeyDto): Promise<IssuedApiKeyDto> {
    const { tenant, apiKey } = await this.tenants.rotateApiKey(id);
    return {
      tenantId: tenant.id,
      apiKey,
      apiKeyPrefix: tenant.apiKeyPrefix,
      issuedAt: tenant.apiKeyIssuedAt.toISOString(),
    };
  }
}
