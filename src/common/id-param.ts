import { Param, ParseUUIDPipe } from '@nestjs/common';

/** The `:id` of a resource route: a UUID, else 400 VALIDATION_FAILED before any lookup. */
export const IdParam = (): ParameterDecorator => Param('id', new ParseUUIDPipe());
