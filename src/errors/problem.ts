import { HttpException, HttpStatus } from '@nestjs/common';
import { AppError } from './app-error';
import { ERROR_CODES, problemType, type ErrorCode } from './error-codes';

export { problemType } from './error-codes';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** RFC 9457 problem document, with the stable `code` of docs/api.md §4. */
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

function make(
  code: ErrorCode,
  status: number,
  detail: string,
  headers: Record<string, string> = {},
  extensions: Record<string, unknown> = {},
  unexpected = false,
): Problem {
  return {
    body: {
      type: problemType(code),
      title: ERROR_CODES[code].title,
      status,
      detail,
      code,
      ...extensions,
    },
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
  // PgBouncer reports every failure of its own (no server connection yet, query_wait_timeout,
  // a server connection lost) as a protocol violation: during a failover behind it these are
  // the database being unavailable, not a fault of ours.
  '08P01',
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

/**
 * Errors the HTTP framework (Fastify) raises about a client's request before a route runs: a path
 * that is not valid percent-encoding, a body it will not take. Only these codes are taken for the
 * client's fault: any other error that happens to carry a `code` and a status is a fault of ours,
 * a logged 500.
 */
const FRAMEWORK_CLIENT_ERRORS = new Map<string, [ErrorCode, number, string]>([
  ['FST_ERR_BAD_URL', ['VALIDATION_FAILED', 400, 'The request path is not valid.']],
  [
    'FST_ERR_MAX_PARAM_LENGTH',
    ['VALIDATION_FAILED', 400, 'A path parameter is longer than any identifier (100 characters).'],
  ],
  ['FST_ERR_CTP_BODY_TOO_LARGE', ['PAYLOAD_TOO_LARGE', 413, '']],
  [
    'FST_ERR_CTP_INVALID_CONTENT_LENGTH',
    ['VALIDATION_FAILED', 400, 'The Content-Length does not match the body.'],
  ],
  [
    'FST_ERR_CTP_INVALID_MEDIA_TYPE',
    ['VALIDATION_FAILED', 400, 'The request body is of a type no route takes (only JSON).'],
  ],
  ['FST_ERR_CTP_EMPTY_JSON_BODY', ['VALIDATION_FAILED', 400, 'The request body is empty.']],
  ['FST_ERR_CTP_INVALID_TYPE', ['VALIDATION_FAILED', 400, 'The Content-Type is not valid.']],
]);

function frameworkClientError(error: unknown): [ErrorCode, number, string] | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? FRAMEWORK_CLIENT_ERRORS.get(code) : undefined;
}

/**
 * PostgreSQL refusing a value no valid request should carry (22021: a byte sequence invalid in the
 * encoding, NUL included; 22P05: a character jsonb cannot hold, \u0000). The body checks refuse
 * these before any query; this is the last line of defence, a 400 rather than a 500.
 */
const INVALID_TEXT_PG_CODES = new Set(['22021', '22P05']);

function isInvalidTextError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; driverError?: unknown };
  if (typeof e.code === 'string' && INVALID_TEXT_PG_CODES.has(e.code)) return true;
  return (
    e.driverError !== undefined && e.driverError !== error && isInvalidTextError(e.driverError)
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
    case HttpStatus.TOO_MANY_REQUESTS:
      return make('RATE_LIMITED', status, message, { 'Retry-After': '1' });
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
  const framework = frameworkClientError(error);
  if (framework !== undefined) {
    const [code, status, detail] = framework;
    return make(
      code,
      status,
      status === 413 ? `The request body exceeds ${bodyLimitBytes} bytes.` : detail,
    );
  }
  if (isInvalidTextError(error)) {
    return make(
      'VALIDATION_FAILED',
      400,
      'The request holds a character that cannot be stored (e.g. NUL, \\u0000).',
    );
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
