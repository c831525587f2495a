import {
  applyDecorators,
  createParamDecorator,
  ExecutionContext,
  SetMetadata,
} from '@nestjs/common';
import type { AuthenticatedRequest } from '../tenancy/auth.types';
import { ApiExtension } from '@nestjs/swagger';

export const NOT_IDEMPOTENT = 'ticket-service:not-idempotent';
export const REPLAY_OMITS = 'ticket-service:replay-omits';

/** OpenAPI extension read when the Idempotency-Key header is added to the document. */
export const IDEMPOTENT_EXTENSION = 'x-idempotent';

/**
 * Opts a state-changing route out of the Idempotency-Key contract. Only for routes that dedupe by
 * other means (the webhook receiver dedupes by event id).
 */
export const NotIdempotent = () =>
  applyDecorators(SetMetadata(NOT_IDEMPOTENT, true), ApiExtension(IDEMPOTENT_EXTENSION, false));

/**
 * Top-level response fields that are shown once and never stored for replay (docs/api.md §5),
 * e.g. a freshly issued API key.
 */
export const ReplayOmits = (...fields: string[]) => SetMetadata(REPLAY_OMITS, fields);

/** The request's Idempotency-Key (lower case), for handlers that record it or derive keys from it. */
export const RequestIdempotencyKey = createParamDecorator(
  (_: unknown, context: ExecutionContext): string => {
    const key = context.switchToHttp().getRequest<AuthenticatedRequest>().idempotencyKey;
    if (key === undefined) {
      throw new Error('@RequestIdempotencyKey() used on a route the idempotency interceptor skips');
    }
    return key;
  },
);
