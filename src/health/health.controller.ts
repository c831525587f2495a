import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { PublicRoute } from '../tenancy/auth.decorators';
import { HealthDto } from './dto/health.dto';
import { HealthService } from './health.service';

@ApiTags('operations')
@PublicRoute()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @ApiOperation({
    summary: 'Liveness of the service and its backing stores',
    description: '200 when PostgreSQL and Redis both answer within a second, 503 otherwise.',
  })
  @ApiResponse({ status: 200, description: 'Both answer.', type: HealthDto })
  @ApiResponse({
    status: 503,
    description: 'PostgreSQL or Redis does not answer (with Retry-After).',
    type: HealthDto,
  })
  async check(@Res({ passthrough: true }) res: Response): Promise<HealthDto> {
    const report = await this.health.check();
    res.status(report.status === 'ok' ? 200 : 503);
    res.setHeader('Cache-Control', 'no-store');
    if (report.status !== 'ok') res.setHeader('Retry-After', '5');
    return report;
  }
}
