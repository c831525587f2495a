/** The service's stable error codes (its README's table); a newer service may send others. */
export type ServiceErrorCode =
  | 'VALIDATION_FAILED'
  | 'IDEMPOTENCY_KEY_MISSING'
  | 'IDEMPOTENCY_KEY_INVALID'
  | 'UNAUTHORIZED'
  | 'NOT_FOUND'
  | 'IDEMPOTENCY_REQUEST_IN_PROGRESS'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'INSUFFICIENT_INVENTORY'
  | 'RESERVATION_NOT_ACTIVE'
  | 'INVALID_STATE'
  | 'TICKET_ALREADY_CHECKED_IN'
  | 'TICKET_VOID'
  | 'WEBHOOK_SIGNATURE_INVALID'
  | 'PAYLOAD_TOO_LARGE'
  | 'RATE_LIMITED'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL';

/**
 * Codes of failures that never reached an answer from the service: the connection failed
 * (`NETWORK_ERROR`), an attempt ran past its timeout (`TIMEOUT`), or a response that is not problem
 * JSON came back (`HTTP_ERROR`, e.g. a proxy's HTML error page).
 */
export type ClientErrorCode = 'NETWORK_ERROR' | 'TIMEOUT' | 'HTTP_ERROR';

// `string & {}` keeps editor completion for the known codes while accepting new ones.
export type ErrorCode = ServiceErrorCode | ClientErrorCode | (string & {});

export interface FieldError {
  field: string;
  messages: string[];
}

/** RFC 9457 problem JSON as the service sends it. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export interface ErrorContext {
  method: string;
  path: string;
  attempts: number;
  idempotencyKey?: string;
  requestId?: string;
  retryAfterSeconds?: number;
  cause?: unknown;
}

/**
 * Every failure of a call: a problem answered by the service (`status` ≥ 400, `code` from its
 * table) or a failure without an answer (`status` 0, `NETWORK_ERROR` / `TIMEOUT`). Thrown after the
 * retry policy has done what it may, so a retryable code here means the attempts or the deadline ran
 * out. An abort through the caller's AbortSignal is not wrapped: the signal's reason is thrown.
 */
export class TicketServiceError extends Error {
  /** HTTP status, or 0 when no response came back. */
  readonly status: number;
  readonly code: ErrorCode;
  readonly detail: string;
  /** VALIDATION_FAILED: which fields failed and why; empty otherwise. */
  readonly errors: FieldError[];
  /** The problem JSON as received (absent when no problem JSON came back). */
  readonly problem?: Problem;
  readonly method: string;
  readonly path: string;
  /** HTTP attempts made for this call, the first included. */
  readonly attempts: number;
  /** The key the call was sent with (POST); retry the operation with it to get its outcome. */
  readonly idempotencyKey?: string;
  /** The service's `X-Request-Id` of the last attempt, for support. */
  readonly requestId?: string;
  /** `Retry-After` of the last answer, in seconds, when it had one. */
  readonly retryAfterSeconds?: number;

  constructor(
    status: number,
    problem: Problem | undefined,
    fallback: { code: ErrorCode; detail: string },
    context: ErrorContext,
  ) {
    const code = problem?.code ?? fallback.code;
    const detail = problem?.detail ?? fallback.detail;
    super(
      `${context.method} ${context.path}: ${status === 0 ? '' : `${status} `}${code}: ${detail}`,
      {
        cause: context.cause,
      },
    );
    this.name = 'TicketServiceError';
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.errors = problem?.errors ?? [];
    this.problem = problem;
    this.method = context.method;
    this.path = context.path;
    this.attempts = context.attempts;
    this.idempotencyKey = context.idempotencyKey;
    this.requestId = context.requestId;
    this.retryAfterSeconds = context.retryAfterSeconds;
  }
}

/**
 * 422 IDEMPOTENCY_KEY_REUSED: the key was already used for a different request (method, path or
 * body). This is a bug in the calling code, never a condition to retry or show a buyer: a new
 * operation needs a new key, and a retry must send exactly the same request.
 */
export class IdempotencyKeyReusedError extends TicketServiceError {
  constructor(problem: Problem, context: ErrorContext) {
    super(422, problem, { code: 'IDEMPOTENCY_KEY_REUSED', detail: '' }, context);
    this.name = 'IdempotencyKeyReusedError';
    this.message =
      `Programming error: Idempotency-Key ${context.idempotencyKey ?? ''} was already used for a ` +
      `different request than ${context.method} ${context.path} with this body. Make a new key ` +
      `for a new operation, and send exactly the same request when retrying one. (${problem.detail ?? ''})`;
  }
}
