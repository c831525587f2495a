import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { PublicRoute } from '../tenancy/auth.decorators';
import { HealthDto, LivenessDto } from './dto/health.dto';
import { HealthService } from './health.service';

@ApiTags('operations')
@PublicRoute()
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @ApiOperation({
    summary: 'Readiness: the service and its backing stores',
    description:
      'For readiness probes and load balancers: 200 when PostgreSQL and Redis both answer within a second, 503 (with Retry-After) otherwise. Not a liveness probe: a database outage makes it fail while the process itself is fine (use GET /health/live for that).',
  })
  @ApiResponse({ status: 200, description: 'Both answer.', type: HealthDto })
  @ApiResponse({
    status: 503,
    description: 'PostgreSQL or Redis does not answer (with Retry-After).',
    type: HealthDto,
  })
  async check(@Res({ passthrough: true }) res: FastifyReply): Promise<HealthDto> {
    const report = await this.health.check();
    res.code(report.status === 'ok' ? 200 : 503);
    res.header('Cache-Control', 'no-store');
    if (report.status !== 'ok') res.header('Retry-After', '5');
    return report;
  }

  // Deliberately touches nothing but the event loop: an orchestrator that restarts the process
  // when this fails must not restart healthy instances because PostgreSQL or Redis is down.
  @Get('live')
  @ApiOperation({
    summary: 'Liveness: the process answers',
    description:
      'For container liveness probes: 200 {"status":"ok"} as long as the process serves HTTP. It touches neither PostgreSQL nor Redis, so an outage of either does not make it fail (GET /health reports those).',
  })
  @ApiResponse({ status: 200, description: 'The process is alive.', type: LivenessDto })
  live(@Res({ passthrough: true }) res: FastifyReply): LivenessDto {
    res.header('Cache-Control', 'no-store');
    return { status: 'ok' };
  }
}
