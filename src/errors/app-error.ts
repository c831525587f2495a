/**
 * Every error a client can see has a stable machine-readable code (SPEC §4). Domain code throws these
 * typed errors; the one exception filter turns them into problem JSON.
 */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'IDEMPOTENCY_KEY_MISSING'
  | 'IDEMPOTENCY_KEY_INVALID'
  | 'UNAUTHORIZED'
  | 'NOT_FOUND'
  | 'IDEMPOTENCY_REQUEST_IN_PROGRESS'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'INSUFFICIENT_INVENTORY'
  | 'RESERVATION_NOT_ACTIVE'
  | 'TICKET_ALREADY_CHECKED_IN'
  | 'TICKET_VOID'
  | 'INVALID_STATE'
  | 'WEBHOOK_SIGNATURE_INVALID'
  | 'PAYLOAD_TOO_LARGE'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL';

export interface FieldError {
  field: string;
  messages: string[];
}

export abstract class AppError extends Error {
  abstract readonly code: ErrorCode;
  abstract readonly status: number;
  abstract readonly title: string;
  /** Response headers that belong to the error, e.g. Retry-After. */
  readonly headers: Record<string, string> = {};
  /** Extra members of the problem document. */
  readonly extensions: Record<string, unknown> = {};

  constructor(readonly detail: string) {
    super(detail);
    this.name = new.target.name;
  }
}

export class ValidationFailedError extends AppError {
  readonly code = 'VALIDATION_FAILED';
  readonly status = 400;
  readonly title = 'Validation failed';
  constructor(detail: string, errors: FieldError[] = []) {
    super(detail);
    if (errors.length > 0) this.extensions.errors = errors;
  }
}

export class IdempotencyKeyMissingError extends AppError {
  readonly code = 'IDEMPOTENCY_KEY_MISSING';
  readonly status = 400;
  readonly title = 'Idempotency-Key header missing';
  constructor() {
    super('This request changes state and needs an Idempotency-Key header (a UUID v4).');
  }
}

export class IdempotencyKeyInvalidError extends AppError {
  readonly code = 'IDEMPOTENCY_KEY_INVALID';
  readonly status = 400;
  readonly title = 'Idempotency-Key invalid';
  constructor() {
    super(
      'Idempotency-Key must be a UUID v4 in canonical 8-4-4-4-12 form, bare or as a quoted string.',
    );
  }
}

export class UnauthorizedError extends AppError {
  readonly code = 'UNAUTHORIZED';
  readonly status = 401;
  readonly title = 'Unauthorized';
  constructor(detail = 'Missing or invalid credentials.') {
    super(detail);
    this.headers['WWW-Authenticate'] = 'Bearer';
  }
}

export class NotFoundError extends AppError {
  readonly code = 'NOT_FOUND';
  readonly status = 404;
  readonly title = 'Not found';
  constructor(resource = 'resource', id?: string) {
    super(id === undefined ? `No such ${resource}.` : `No ${resource} with id ${id}.`);
  }
}

export class IdempotencyRequestInProgressError extends AppError {
  readonly code = 'IDEMPOTENCY_REQUEST_IN_PROGRESS';
  readonly status = 409;
  readonly title = 'Request in progress';
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
  readonly status = 422;
  readonly title = 'Idempotency-Key reused';
  constructor() {
    super(
      'This Idempotency-Key was used with a different request (method, path or body). Use a new key for a new request.',
    );
  }
}

export class InsufficientInventoryError extends AppError {
  readonly code = 'INSUFFICIENT_INVENTORY';
  readonly status = 409;
  readonly title = 'Insufficient inventory';
}

export class ReservationNotActiveError extends AppError {
  readonly code = 'RESERVATION_NOT_ACTIVE';
  readonly status = 409;
  readonly title = 'Reservation not active';
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
  readonly status = 409;
  readonly title = 'Ticket already checked in';
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
  readonly status = 409;
  readonly title = 'Ticket void';
  constructor(code: string) {
    super(`Ticket ${code} is void (its order was refunded); it does not admit.`);
  }
}

export class InvalidStateError extends AppError {
  readonly code = 'INVALID_STATE';
  readonly status = 409;
  readonly title = 'Invalid state';
}

export class WebhookSignatureInvalidError extends AppError {
  readonly code = 'WEBHOOK_SIGNATURE_INVALID';
  readonly status = 400;
  readonly title = 'Webhook signature invalid';
}

export class PayloadTooLargeError extends AppError {
  readonly code = 'PAYLOAD_TOO_LARGE';
  readonly status = 413;
  readonly title = 'Payload too large';
}

export class ServiceUnavailableError extends AppError {
  readonly code = 'SERVICE_UNAVAILABLE';
  readonly status = 503;
  readonly title = 'Service unavailable';
  constructor(detail = 'A backing service is unavailable; retry later.', retryAfterSeconds = 5) {
    super(detail);
    this.headers['Retry-After'] = String(retryAfterSeconds);
  }
}
