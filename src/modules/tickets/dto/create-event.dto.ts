import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsNotBlank } from '../../../common/validators';

// A date-time with an explicit offset: a bare local time would be read in the server's zone.
const DATE_TIME_WITH_OFFSET =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

export class CreateEventDto {
  @ApiProperty({ example: 'Harbour Jazz Night', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @IsNotBlank()
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ example: 'Pier 4, Hamburg', maxLength: 200 })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @IsNotBlank()
  @MaxLength(200)
  venue?: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    example: '2027-06-01T19:30:00+02:00',
    description: 'ISO 8601 date-time with a time zone offset or Z.',
  })
  @IsISO8601({ strict: true })
  @Matches(DATE_TIME_WITH_OFFSET, {
    message: 'startsAt must be an ISO 8601 date-time with a time zone offset or Z',
  })
  startsAt!: string;
}
