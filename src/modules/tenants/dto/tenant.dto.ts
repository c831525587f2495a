import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class TenantDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'Harbour Concerts Ltd' })
  name!: string;

  @ApiProperty({
    example: 'tsk_AbCdEf',
    description: 'The first characters of the current API key.',
  })
  apiKeyPrefix!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt!: string;
}

export class CreatedTenantDto extends TenantDto {
  @ApiPropertyOptional({
    example: 'tsk_3q2-7wEJd0m5f0h1J4k1a6x9Q3vUeYkqLrT8nC2bQm0',
    description:
      'The tenant API key. Shown once: only a hash is stored, and a replay of this request returns the tenant without it. A lost key is replaced with POST /v1/admin/tenants/{id}/api-keys.',
  })
  apiKey?: string;
}

export class IssuedApiKeyDto {
  @ApiProperty({ format: 'uuid' })
  tenantId!: string;

  @ApiPropertyOptional({
    description:
      'The new API key, shown once (absent from a replay). The previous key stopped working when this one was issued.',
  })
  apiKey?: string;

  @ApiProperty({ example: 'tsk_AbCdEf' })
  apiKeyPrefix!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  issuedAt!: string;
}
