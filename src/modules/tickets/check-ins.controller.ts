import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentTenant, TenantRoute } from '../../tenancy/auth.decorators';
import type { TenantPrincipal } from '../../tenancy/auth.types';
import { CheckInsService } from './check-ins.service';
import { CheckInBatchRequestDto, CheckInBatchResultDto } from './dto/ticket.dto';

@ApiTags('check-in')
@TenantRoute()
@Controller('v1/check-ins')
export class CheckInsController {
  constructor(private readonly checkIns: CheckInsService) {}

  @Post('batch')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Upload scans made offline',
    description:
      "1 to 200 scans, each with a `scanId` the scanner made when it read the code. Each scan id is applied at most once per tenant, however many times (or how concurrently) it is uploaded: a scan seen before answers `duplicate` and changes nothing. Otherwise the outcome is `checked_in`, `already_checked_in` (another scan came first: `checkIn` says when and where), `void` or `unknown`. The first check-in to reach the service stands, whatever the scanners' clocks say; within one upload, scans count in the order sent.",
  })
  @ApiOkResponse({ type: CheckInBatchResultDto })
  async upload(
    @CurrentTenant() tenant: TenantPrincipal,
    @Body() body: CheckInBatchRequestDto,
  ): Promise<CheckInBatchResultDto> {
    const results = await this.checkIns.uploadBatch(
      tenant.tenantId,
      body.scans.map((s) => ({
        scanId: s.scanId.toLowerCase(),
        code: s.code,
        gate: s.gate ?? null,
        scannedAt: new Date(s.scannedAt),
      })),
    );
    return { results };
  }
}
