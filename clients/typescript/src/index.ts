export { createClient, NOT_IN_CLIENT, OPERATIONS, type TicketServiceClient } from './client.js';
export {
  IdempotencyKeyReusedError,
  TicketServiceError,
  type ClientErrorCode,
  type ErrorCode,
  type FieldError,
  type Problem,
  type ServiceErrorCode,
} from './errors.js';
export { isIdempotencyKey, newIdempotencyKey } from './keys.js';
export {
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  retryDelay,
  retryReason,
  type AttemptOutcome,
  type RetryPolicy,
  type RetryReason,
} from './retry.js';
export { systemClock, type Clock } from './clock.js';
export type { ApiKey, ApiResponse, CallOptions, ClientOptions, RetryInfo } from './transport.js';
export type * from './types.js';
