/**
 * Every error a client can see has a stable machine-readable code (docs/api.md §4). Domain code throws these
 * typed errors; the one exception filter turns them into problem JSON.
 */
import { ERROR_CODES, type ErrorCode } from './error-codes';

export type { ErrorCode } from './error-codes';

export interface FieldError {
  field: string;
  messages: string[];
}

/** At most this many entries of `errors[]` are sent; `errorsTotal` says how many there were. */
export const MAX_FIELD_ERRORS = 20;

export abstract class AppError extends Error {
  abstract readonly code: ErrorCode;
  /** Response headers that belong to the error, e.g. Retry-After. */
  readonly headers: Record<string, string> = {};
  /** Extra members of the problem document. */
  readonly extensions: Record<string, unknown> = {};

  constructor(readonly detail: string) {
    super(detail);
    this.name = new.target.name;
  }

  /** Status and title come from the one registry, keyed by the code. */
  get status(): number {
    return ERROR_CODES[this.code].status;
  }

  get title(): string {
    return ERROR_CODES[this.code].title;
  }
}

export class ValidationFailedError extends AppError {
  readonly code = 'VALIDATION_FAILED';
  /**
   * A hostile body can fail on thousands of fields: the answer names the first MAX_FIELD_ERRORS and
   * how many there were, so its size stays bounded whatever the request.
   */
  constructor(detail: string, errors: FieldError[] = []) {
    super(detail);
    if (errors.length > 0) {
      this.extensions.errors = errors.slice(0, MAX_FIELD_ERRORS);
      if (errors.length > MAX_FIELD_ERRORS) this.extensions.errorsTotal = errors.length;
    }
  }

  /** One error per field, the detail joining the first messages (bounded like `errors[]`). */
  static fromFields(fields: FieldError[]): ValidationFailedError {
    const shown = fields.slice(0, MAX_FIELD_ERRORS).map((f) => f.messages.join('; '));
    const more = fields.length - shown.length;
    const detail =
      shown.join('; ') + (more > 0 ? `; and ${more} more` : '') || 'The request is invalid.';
    return new ValidationFailedError(detail, fields);
  }
}

export class IdempotencyKeyMissingError extends AppError {
  readonly code = 'IDEMPOTENCY_KEY_MISSING';
  constructor() {
    super('This request changes state and needs an Idempotency-Key header (a UUID v4).');
  }
}

export class IdempotencyKeyInvalidError extends AppError {
  readonly code = 'IDEMPOTENCY_KEY_INVALID';
  constructor() {
    super(
      'Idempotency-Key must be a UUID v4 in canonical 8-4-4-4-12 form, bare or as a quoted string.',
    );
  }
}

export class UnauthorizedError extends AppError {
  readonly code = 'UNAUTHORIZED';
  constructor(detail = 'Missing or invalid credentials.') {
    super(detail);
    this.headers['WWW-Authenticate'] = 'Bearer';
  }
}

export class NotFoundError extends AppError {
  readonly code = 'NOT_FOUND';
  constructor(resource = 'resource', id?: string) {
    super(id === undefined ? `No such ${resource}.` : `No ${resource} with id ${id}.`);
  }
}

export class IdempotencyRequestInProgressError extends AppError {
  readonly code = 'IDEMPOTENCY_REQUEST_IN_PROGRESS';
  constructor(retryAfterSeconds: number, detail?: string) {
    super(
      detail ??
        'A request with this Idempotency-Key is being processed; retry after the Retry-After delay.',
    );
    this.headers['Retry-After'] = String(Math.max(1, Math.ceil(retryAfterSeconds)));
  }
}

export class IdempotencyKeyReusedError extends AppError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';
  constructor() {
    super(
      'This Idempotency-Key was used with a different request (method, path or body). Use a new key for a new request.',
    );
  }
}

export class InsufficientInventoryError extends AppError {
  readonly code = 'INSUFFICIENT_INVENTORY';
}

export class ReservationNotActiveError extends AppError {
  readonly code = 'RESERVATION_NOT_ACTIVE';
}

/** What the person at the door is shown about the first check-in of a ticket. */
export interface FirstCheckIn {
  ticketId: string;
  code: string;
  gate: string | null;
  scannedAt: string;
  checkedInAt: string;
}

/** A scan of a ticket that is already checked in; the body names when and at which gate. */
export class TicketAlreadyCheckedInError extends AppError {
  readonly code = 'TICKET_ALREADY_CHECKED_IN';
  constructor(first: FirstCheckIn) {
    super(
      `Ticket ${first.code} was already checked in at ${first.checkedInAt}` +
        (first.gate === null ? '.' : ` at gate ${first.gate}.`),
    );
    this.extensions.checkIn = first;
  }
}

/** A scan of a void ticket (its order was refunded). */
export class TicketVoidError extends AppError {
  readonly code = 'TICKET_VOID';
  constructor(code: string) {
    super(`Ticket ${code} is void (its order was refunded); it does not admit.`);
  }
}

export class InvalidStateError extends AppError {
  readonly code = 'INVALID_STATE';
}

export class WebhookSignatureInvalidError extends AppError {
  readonly code = 'WEBHOOK_SIGNATURE_INVALID';
}

export class PayloadTooLargeError extends AppError {
  readonly code = 'PAYLOAD_TOO_LARGE';
}

export class ServiceUnavailableError extends AppError {
  readonly code = 'SERVICE_UNAVAILABLE';
  constructor(detail = 'A backing service is unavailable; retry later.', retryAfterSeconds = 5) {
    super(detail);
    this.headers['Retry-After'] = String(retryAfterSeconds);
  }
}

export class RateLimitedError extends AppError {
  readonly code = 'RATE_LIMITED';
  constructor(limitPerSecond: number, retryAfterSeconds: number) {
    super(
      `More than ${limitPerSecond} state-changing requests per second; retry after Retry-After seconds. Nothing was stored.`,
    );
    this.headers['Retry-After'] = String(Math.max(1, Math.ceil(retryAfterSeconds)));
  }
}

/** A body the service will not read or parse: malformed, badly encoded, or over a limit. */
export class BodyRejectedError extends AppError {
  readonly code = 'VALIDATION_FAILED';
  constructor(
    detail: string,
    /** The limit or rule the body broke, e.g. `maxDepth`; sent as `limit`. */
    readonly rule?: string,
  ) {
    super(detail);
    if (rule !== undefined) this.extensions.limit = rule;
  }
}
