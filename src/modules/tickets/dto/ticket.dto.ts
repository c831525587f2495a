import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';
import { PageQuery } from '../../../common/page.query';
import type { CheckIn, CheckInOutcome, TicketView } from '../check-in';
import { ISSUED_TICKET_STATUSES, type IssuedTicketStatus } from '../issued-ticket.entity';
import { TicketTypeDto } from './ticket-type.dto';

// A date-time with an explicit offset: a bare local time would be read in the server's zone.
const DATE_TIME_WITH_OFFSET =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;
const DATE_TIME_MESSAGE = 'scannedAt must be an ISO 8601 date-time with a time zone offset or Z';
export const MAX_BATCH_SCANS = 200;

export class IssuedTicketDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({
    example: 'TKT-7QX3-M2PA-9KDE-4RTB',
    description: 'The code printed on the ticket.',
  })
  code!: string;

  @ApiProperty({ format: 'uuid' })
  orderId!: string;

  @ApiProperty({ format: 'uuid' })
  ticketTypeId!: string;

  @ApiProperty({
    enum: ISSUED_TICKET_STATUSES,
    description:
      'valid: admits once; checked_in: was scanned in (checkedInAt, gate); void: its order was refunded.',
  })
  status!: IssuedTicketStatus;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When the service accepted its check-in; null if never checked in.',
  })
  checkedInAt!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'North', description: 'Where it was.' })
  gate!: string | null;
}

export class IssuedTicketListDto {
  @ApiProperty({ type: [IssuedTicketDto] })
  items!: IssuedTicketDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Null on the last page.' })
  nextCursor!: string | null;
}

export class TicketTypeListDto {
  @ApiProperty({ type: [TicketTypeDto] })
  items!: TicketTypeDto[];

  @ApiProperty({ type: String, nullable: true, description: 'Null on the last page.' })
  nextCursor!: string | null;
}

export class ListTicketsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ISSUED_TICKET_STATUSES })
  @IsOptional()
  @IsIn(ISSUED_TICKET_STATUSES)
  status?: IssuedTicketStatus;
}

export class CheckInDto {
  @ApiProperty({ format: 'uuid' })
  ticketId!: string;

  @ApiProperty({ example: 'TKT-7QX3-M2PA-9KDE-4RTB' })
  code!: string;

  @ApiProperty({ type: String, nullable: true, example: 'North' })
  gate!: string | null;

  @ApiProperty({
    type: String,
    format: 'date-time',
    description:
      "When the scanner read the code, by the scanner's clock (the service's if not sent).",
  })
  scannedAt!: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    description: 'When the service accepted the check-in: the first to arrive stands.',
  })
  checkedInAt!: string;
}

export class CheckInRequestDto {
  @ApiPropertyOptional({ example: 'North', maxLength: 100, description: 'Gate or scanner name.' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  gate?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    example: '2027-06-01T19:02:11+02:00',
    description: "When the code was read, by the scanner's clock; recorded, not used for ordering.",
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(DATE_TIME_WITH_OFFSET, { message: DATE_TIME_MESSAGE })
  scannedAt?: string;
}

export class OfflineScanDto {
  @ApiProperty({
    format: 'uuid',
    description:
      'Made by the scanner once per scan (a UUID v4) and kept with it until uploaded: a scan id is applied once, whatever the number of uploads.',
  })
  @IsUUID('4')
  scanId!: string;

  @ApiProperty({ example: 'TKT-7QX3-M2PA-9KDE-4RTB', maxLength: 64 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  code!: string;

  @ApiPropertyOptional({ example: 'North', maxLength: 100 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  gate?: string;

  @ApiProperty({ type: String, format: 'date-time', example: '2027-06-01T19:02:11+02:00' })
  @IsISO8601({ strict: true })
  @Matches(DATE_TIME_WITH_OFFSET, { message: DATE_TIME_MESSAGE })
  scannedAt!: string;
}

export class CheckInBatchRequestDto {
  @ApiProperty({ type: [OfflineScanDto], minItems: 1, maxItems: MAX_BATCH_SCANS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_SCANS)
  @ValidateNested({ each: true })
  @Type(() => OfflineScanDto)
  scans!: OfflineScanDto[];
}

const OUTCOMES: CheckInOutcome[] = [
  'checked_in',
  'duplicate',
  'already_checked_in',
  'void',
  'unknown',
];

export class ScanResultDto {
  @ApiProperty({ format: 'uuid' })
  scanId!: string;

  @ApiProperty({
    enum: OUTCOMES,
    description:
      'checked_in: this scan checked the ticket in. duplicate: this scan id was applied by an earlier upload (or earlier in this one); nothing changed. already_checked_in: another scan checked the ticket in first (checkIn says when and where). void: the ticket was refunded. unknown: no ticket with this code.',
  })
  outcome!: CheckInOutcome;

  @ApiPropertyOptional({
    type: CheckInDto,
    description:
      "The ticket's check-in: the one this scan made, or the earlier one that stands. Absent for void and unknown.",
  })
  checkIn?: CheckInDto;
}

export class CheckInBatchResultDto {
  @ApiProperty({ type: [ScanResultDto], description: 'One per scan, in the order sent.' })
  results!: ScanResultDto[];
}

export function toIssuedTicketDto(t: TicketView): IssuedTicketDto {
  return {
    id: t.id,
    code: t.code,
    orderId: t.orderId,
    ticketTypeId: t.ticketTypeId,
    status: t.status,
    checkedInAt: t.checkedInAt?.toISOString() ?? null,
    gate: t.gate,
  };
}

export function toCheckInDto(c: CheckIn): CheckInDto {
  return { ...c };
}
