import { HttpException, HttpStatus } from '@nestjs/common';
import { AppError, ErrorCode } from './app-error';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** RFC 9457 problem document, with the stable `code` of SPEC §4. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance?: string;
  [extension: string]: unknown;
}

export interface Problem {
  body: ProblemDocument;
  headers: Record<string, string>;
  /** True for errors the service did not expect: they are logged with their stack. */
  unexpected: boolean;
}

export function problemType(code: ErrorCode): string {
  return `https://ticket-service.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`;
}

const TITLES: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'Validation failed',
  IDEMPOTENCY_KEY_MISSING: 'Idempotency-Key header missing',
  IDEMPOTENCY_KEY_INVALID: 'Idempotency-Key invalid',
  UNAUTHORIZED: 'Unauthorized',
  NOT_FOUND: 'Not found',
  IDEMPOTENCY_REQUEST_IN_PROGRESS: 'Request in progress',
  IDEMPOTENCY_KEY_REUSED: 'Idempotency-Key reused',
  INSUFFICIENT_INVENTORY: 'Insufficient inventory',
  RESERVATION_NOT_ACTIVE: 'Reservation not active',
  TICKET_ALREADY_CHECKED_IN: 'Ticket already checked in',
  TICKET_VOID: 'Ticket void',
  INVALID_STATE: 'Invalid state',
  WEBHOOK_SIGNATURE_INVALID: 'Webhook signature invalid',
  PAYLOAD_TOO_LARGE: 'Payload too large',
  SERVICE_UNAVAILABLE: 'Service unavailable',
  INTERNAL: 'Internal server error',
};

function make(
  code: ErrorCode,
  status: number,
  detail: string,
  headers: Record<string, string> = {},
  extensions: Record<string, unknown> = {},
  unexpected = false,
): Problem {
  return {
    body: { type: problemType(code), title: TITLES[code], status, detail, code, ...extensions },
    headers,
    unexpected,
  };
}

/** Connection-level failures of PostgreSQL or the pool: the request may succeed later. */
const UNAVAILABLE_PG_CODES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08006',
]);
const UNAVAILABLE_NET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
]);

export function isUnavailableError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; message?: unknown; driverError?: unknown };
  if (typeof e.code === 'string') {
    if (UNAVAILABLE_PG_CODES.has(e.code) || UNAVAILABLE_NET_CODES.has(e.code)) return true;
  }
  if (typeof e.message === 'string') {
    if (
      /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|connect ECONNREFUSED|Driver not Connected|Cannot use a pool after calling end/i.test(
        e.message,
      )
    ) {
      return true;
    }
  }
  if (e.driverError !== undefined && e.driverError !== error)
    return isUnavailableError(e.driverError);
  return false;
}

/** Errors raised by Express' body parser before Nest sees the request. */
interface BodyParserError {
  type: string;
  status?: number;
  statusCode?: number;
  expose?: boolean;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { type?: unknown }).type === 'string' &&
    typeof (
      (error as { status?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode
    ) === 'number'
  );
}

function fromHttpException(error: HttpException): Problem {
  const status = error.getStatus();
  const response = error.getResponse();
  const message =
    typeof response === 'string'
      ? response
      : Array.isArray((response as { message?: unknown }).message)
        ? ((response as { message: string[] }).message.join('; ') as string)
        : String((response as { message?: unknown }).message ?? error.message);
  switch (status) {
    case HttpStatus.BAD_REQUEST:
      return make('VALIDATION_FAILED', status, message);
    case HttpStatus.UNAUTHORIZED:
    case HttpStatus.FORBIDDEN:
      return make('UNAUTHORIZED', HttpStatus.UNAUTHORIZED, 'Missing or invalid credentials.', {
        'WWW-Authenticate': 'Bearer',
      });
    case HttpStatus.NOT_FOUND:
      return make('NOT_FOUND', status, message);
    case HttpStatus.PAYLOAD_TOO_LARGE:
      return make('PAYLOAD_TOO_LARGE', status, message);
    case HttpStatus.SERVICE_UNAVAILABLE:
      return make('SERVICE_UNAVAILABLE', status, message, { 'Retry-After': '5' });
    default:
      if (status >= 500)
        return make('INTERNAL', 500, 'An unexpected error occurred.', {}, {}, true);
      return make('VALIDATION_FAILED', status, message);
  }
}

/** One mapping from anything thrown to a problem document; the filter and the body-parser hook share it. */
export function toProblem(error: unknown, bodyLimitBytes: number): Problem {
  if (error instanceof AppError) {
    return make(error.code, error.status, error.detail, error.headers, error.extensions);
  }
  if (error instanceof HttpException) {
    return fromHttpException(error);
  }
  if (isBodyParserError(error)) {
    const status = error.status ?? error.statusCode ?? 400;
    if (error.type === 'entity.too.large' || status === 413) {
      return make('PAYLOAD_TOO_LARGE', 413, `The request body exceeds ${bodyLimitBytes} bytes.`);
    }
    if (status < 500) {
      const detail =
        error.type === 'entity.parse.failed'
          ? 'The request body is not valid JSON.'
          : 'The request body could not be read.';
      return make('VALIDATION_FAILED', 400, detail);
    }
  }
  if (isUnavailableError(error)) {
    return make(
      'SERVICE_UNAVAILABLE',
      503,
      'The database cannot be reached; retry later.',
      { 'Retry-After': '5' },
      {},
      true,
    );
  }
  return make('INTERNAL', 500, 'An unexpected error occurred.', {}, {}, true);
}
