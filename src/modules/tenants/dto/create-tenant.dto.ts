import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsNotBlank } from '../../../common/validators';

export class CreateTenantDto {
  @ApiProperty({ example: 'Harbour Concerts Ltd', maxLength: 200 })
  @IsString()
  @IsNotEmpty()
  @IsNotBlank()
  @MaxLength(200)
  name!: string;
}

/** Issuing a key takes no fields; declaring the empty body makes unknown fields a 400. */
export class RotateApiKeyDto {}
