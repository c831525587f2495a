/**
 * The one registry of the stable error codes a client can see: status, title, when it happens and
 * an example detail. The exception filter, the AppError subclasses, the OpenAPI examples and the
 * README's error table are all made from this table, so a code cannot drift between them.
 */
export interface ErrorCodeInfo {
  status: number;
  title: string;
  /** When a client meets it (the README's table). */
  when: string;
  /** An example `detail` (the OpenAPI document's examples). */
  example: string;
}

export const ERROR_CODES = {
  VALIDATION_FAILED: {
    status: 400,
    title: 'Validation failed',
    when: 'invalid body, parameters or JSON; unknown fields; a body over a structural limit (keys, depth, string length); a cursor that was not issued',
    example: 'name must be a string',
  },
  IDEMPOTENCY_KEY_MISSING: {
    status: 400,
    title: 'Idempotency-Key header missing',
    when: 'a state-changing route without `Idempotency-Key`; nothing was stored',
    example: 'This request needs an Idempotency-Key header (a UUID v4).',
  },
  IDEMPOTENCY_KEY_INVALID: {
    status: 400,
    title: 'Idempotency-Key invalid',
    when: 'the key is not a UUID v4 in canonical 8-4-4-4-12 form; nothing was stored',
    example: 'Idempotency-Key must be a UUID v4.',
  },
  WEBHOOK_SIGNATURE_INVALID: {
    status: 400,
    title: 'Webhook signature invalid',
    when: 'webhook signature missing, wrong, or its timestamp outside 300 s; nothing was stored',
    example: 'The webhook signature does not match.',
  },
  UNAUTHORIZED: {
    status: 401,
    title: 'Unauthorized',
    when: 'no or wrong credentials, or the other kind of credential',
    example: 'Missing or wrong bearer credentials.',
  },
  NOT_FOUND: {
    status: 404,
    title: 'Not found',
    when: 'unknown route (routes are case-sensitive), or no such resource for this tenant',
    example: 'No such resource for this tenant.',
  },
  IDEMPOTENCY_REQUEST_IN_PROGRESS: {
    status: 409,
    title: 'Request in progress',
    when: 'the same key is being processed now (with `Retry-After`)',
    example:
      'A request with this Idempotency-Key is still being processed; retry after Retry-After seconds.',
  },
  INSUFFICIENT_INVENTORY: {
    status: 409,
    title: 'Insufficient inventory',
    when: 'not enough tickets available',
    example: 'Only 2 tickets are available.',
  },
  RESERVATION_NOT_ACTIVE: {
    status: 409,
    title: 'Reservation not active',
    when: 'the reservation expired, was cancelled or already purchased',
    example: 'The reservation is not active.',
  },
  TICKET_ALREADY_CHECKED_IN: {
    status: 409,
    title: 'Ticket already checked in',
    when: "a scan of a ticket already checked in; the body's `checkIn` names when and at which gate",
    example:
      'Ticket TKT-7QX3-M2PA-9KDE-4RTB was already checked in at 2027-06-01T18:02:11.000Z at gate North.',
  },
  TICKET_VOID: {
    status: 409,
    title: 'Ticket void',
    when: 'a scan of a ticket whose order was refunded',
    example: 'Ticket TKT-7QX3-M2PA-9KDE-4RTB is void (its order was refunded); it does not admit.',
  },
  INVALID_STATE: {
    status: 409,
    title: 'Invalid state',
    when: 'the resource is not in a state that allows this, e.g. a refund of an order that is not paid',
    example: 'The order is not paid.',
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    title: 'Payload too large',
    when: 'body over BODY_LIMIT_BYTES (after decompression)',
    example: 'The request body exceeds 1048576 bytes.',
  },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    title: 'Idempotency-Key reused',
    when: 'the same key with a different request (method, path or body)',
    example: 'This Idempotency-Key was used with a different method, path or body.',
  },
  RATE_LIMITED: {
    status: 429,
    title: 'Too many requests',
    when: 'the tenant (or the admin) sent more than TENANT_RATE_LIMIT state-changing requests per second (with `Retry-After`); nothing was claimed or stored',
    example: 'More than 100 state-changing requests per second; retry after Retry-After seconds.',
  },
  INTERNAL: {
    status: 500,
    title: 'Internal server error',
    when: 'a bug: no message or stack in the body; it is logged',
    example: 'An unexpected error occurred.',
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    title: 'Service unavailable',
    when: 'PostgreSQL (or, where it is needed, Redis) cannot be reached (with `Retry-After`)',
    example: 'The database cannot be reached; retry later.',
  },
} as const satisfies Record<string, ErrorCodeInfo>;

export type ErrorCode = keyof typeof ERROR_CODES;

export const ALL_ERROR_CODES = Object.keys(ERROR_CODES) as ErrorCode[];

export function problemType(code: ErrorCode): string {
  return `https://ticket-service.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`;
}

export const ERROR_TABLE_START =
  '<!-- error-codes:start (generated from src/errors/error-codes.ts) -->';
export const ERROR_TABLE_END = '<!-- error-codes:end -->';

/** The README's error table, made from the registry (`npm run docs:errors` writes it). */
export function renderErrorTable(): string {
  const rows = ALL_ERROR_CODES.map((code) => {
    const { status, when } = ERROR_CODES[code];
    return `| ${status} | ${code} | ${when} |`;
  });
  return ['| status | code | when |', '|---|---|---|', ...rows].join('\n');
}

/** `text` with the generated table between the markers replaced by the current one. */
export function withErrorTable(text: string): string {
  const start = text.indexOf(ERROR_TABLE_START);
  const end = text.indexOf(ERROR_TABLE_END);
  if (start < 0 || end < start) {
    throw new Error(`the markers ${ERROR_TABLE_START} … ${ERROR_TABLE_END} are missing`);
  }
  return (
    text.slice(0, start + ERROR_TABLE_START.length) +
    '\n' +
    renderErrorTable() +
    '\n' +
    text.slice(end)
  );
}
