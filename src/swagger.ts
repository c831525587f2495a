import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ALL_ERROR_CODES, ERROR_CODES, problemType, type ErrorCode } from './errors/error-codes';
import { PROBLEM_CONTENT_TYPE } from './errors/problem';
import { IDEMPOTENT_EXTENSION } from './idempotency/idempotency.decorators';
import { idempotencyKeyPlugin } from './swagger-ui-idempotency';
import { ADMIN_SECURITY, TENANT_SECURITY } from './tenancy/auth.decorators';

type OperationObject = NonNullable<OpenAPIObject['paths'][string]['get']>;
type ResponseObject = Exclude<OperationObject['responses'][string], { $ref: string }>;

const STATE_CHANGING = ['post', 'put', 'patch', 'delete'] as const;
const METHODS = ['get', 'head', 'options', ...STATE_CHANGING] as const;

const PROBLEM_SCHEMA = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', format: 'uri' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', description: 'Stable machine-readable code (see the README).' },
    instance: { type: 'string' },
    limit: {
      type: 'string',
      description:
        'VALIDATION_FAILED of a body over a structural limit: which one (maxDepth, maxKeysPerObject, maxTotalKeys, maxStringLength).',
    },
    errorsTotal: {
      type: 'integer',
      description: 'VALIDATION_FAILED only, when `errors` was cut short: how many fields failed.',
    },
    errors: {
      type: 'array',
      maxItems: 20,
      description: 'VALIDATION_FAILED only: the fields that failed and why (at most 20).',
      items: {
        type: 'object',
        required: ['field', 'messages'],
        properties: {
          field: { type: 'string' },
          messages: { type: 'array', items: { type: 'string' } },
        },
      },
    },
  },
};

const ALL_CODES = ALL_ERROR_CODES;

/** The code a problem response of this status has when its route names none. */
const DEFAULT_CODE: Record<string, ErrorCode> = {
  '400': 'VALIDATION_FAILED',
  '401': 'UNAUTHORIZED',
  '404': 'NOT_FOUND',
  '409': 'INVALID_STATE',
  '413': 'PAYLOAD_TOO_LARGE',
  '422': 'IDEMPOTENCY_KEY_REUSED',
  '429': 'RATE_LIMITED',
  '500': 'INTERNAL',
  '503': 'SERVICE_UNAVAILABLE',
};

function problemExample(code: ErrorCode) {
  const { status, title, example } = ERROR_CODES[code];
  return { type: problemType(code), title, status, detail: example, code };
}

/** The codes a route's own description names (e.g. "INSUFFICIENT_INVENTORY: not enough seats"). */
function codesNamedIn(description: string | undefined): ErrorCode[] {
  return ALL_CODES.filter((code) => new RegExp(`\\b${code}\\b`).test(description ?? ''));
}

/**
 * A problem JSON response naming each of `codes` with an example. Several codes on one status
 * (e.g. a domain 409 and IDEMPOTENCY_REQUEST_IN_PROGRESS) share the response as named examples.
 */
function problemResponse(status: string, codes: ErrorCode[], description?: string) {
  const missing = codes.filter((code) => !codesNamedIn(description).includes(code));
  const text = [
    description ?? '',
    ...missing.map((code) => `${code}: ${ERROR_CODES[code].example}`),
  ]
    .filter((part) => part !== '')
    .join(' ');
  const media =
    codes.length === 1
      ? { example: problemExample(codes[0]) }
      : {
          examples: Object.fromEntries(
            codes.map((code) => [code, { summary: code, value: problemExample(code) }]),
          ),
        };
  const response: ResponseObject = {
    description: text,
    content: {
      [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' }, ...media },
    },
  };
  if (codes.includes('IDEMPOTENCY_REQUEST_IN_PROGRESS') || status === '503' || status === '429') {
    response.headers = {
      'Retry-After': {
        description: 'Whole seconds to wait before sending the same request again.',
        schema: { type: 'integer', minimum: 1 },
      },
    };
  }
  return response;
}

/** Adds `codes` to the problem response of `status`, keeping what the route declared. */
function addProblem(operation: OperationObject, status: string, ...codes: ErrorCode[]): void {
  const responses = (operation.responses ??= {});
  const existing = responses[status];
  const declared = existing !== undefined && !('$ref' in existing) ? existing : undefined;
  const named = codesNamedIn(declared?.description);
  const all = [...new Set([...named, ...codes])];
  const base = declared?.description?.trim() || undefined;
  responses[status] = problemResponse(
    status,
    all.length > 0 ? all : [DEFAULT_CODE[status] ?? 'INTERNAL'],
    base,
  );
}

function isIdempotent(path: string, method: string, operation: OperationObject): boolean {
  return (
    (STATE_CHANGING as readonly string[]).includes(method) &&
    path.startsWith('/v1/') &&
    (operation as unknown as Record<string, unknown>)[IDEMPOTENT_EXTENSION] !== false
  );
}

/**
 * Adds what every idempotent operation shares, in one place instead of on each route: the
 * Idempotency-Key header, the replay header and the idempotency problems (merged with a route's
 * own 409 when it has one). Then makes every error response problem JSON with examples: 401 on
 * secured routes, 400 on routes that take input, and the codes each route's description names.
 */
export function addIdempotencyContract(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas.Problem = PROBLEM_SCHEMA;
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation === undefined) continue;
      const responses = (operation.responses ??= {});

      if (isIdempotent(path, method, operation)) {
        operation.parameters ??= [];
        operation.parameters.unshift({
          name: 'Idempotency-Key',
          in: 'header',
          required: true,
          description:
            'A UUID v4 you generate per logical request and send again on every retry of it. Bare or quoted, any case.',
          schema: { type: 'string', format: 'uuid' },
        });
        for (const [status, response] of Object.entries(responses)) {
          if (!status.startsWith('2') || response === undefined || '$ref' in response) continue;
          response.headers = {
            ...(response.headers ?? {}),
            'X-Idempotent-Replayed': {
              description:
                '`true` when this is a stored response replayed for a retried key; absent on a first response.',
              schema: { type: 'string', enum: ['true'] },
            },
          };
        }
        addProblem(operation, '400', 'IDEMPOTENCY_KEY_MISSING', 'IDEMPOTENCY_KEY_INVALID');
        addProblem(operation, '409', 'IDEMPOTENCY_REQUEST_IN_PROGRESS');
        addProblem(operation, '422', 'IDEMPOTENCY_KEY_REUSED');
      }

      const takesInput =
        (operation.parameters ?? []).length > 0 ||
        operation.requestBody !== undefined ||
        (STATE_CHANGING as readonly string[]).includes(method);
      if (takesInput) addProblem(operation, '400', 'VALIDATION_FAILED');
      if ((operation.security ?? []).length > 0) addProblem(operation, '401', 'UNAUTHORIZED');
      // The per-tenant rate limit counts authenticated state-changing requests.
      if (
        (operation.security ?? []).length > 0 &&
        (STATE_CHANGING as readonly string[]).includes(method)
      ) {
        addProblem(operation, '429', 'RATE_LIMITED');
      }

      // Error responses a route declared with a description only become problem JSON.
      for (const [status, response] of Object.entries(responses)) {
        if (!/^[45]\d\d$/.test(status) || response === undefined || '$ref' in response) continue;
        if (response.content?.[PROBLEM_CONTENT_TYPE] === undefined) addProblem(operation, status);
      }
    }
  }
  return document;
}

/**
 * The document's tags, in the order Swagger UI shows them. An operation's @ApiTags must name one
 * of these: Spectral (`npm run openapi:lint`, in CI) fails on an undeclared tag, as it does on an
 * operation without a description.
 */
const TAGS: Array<[name: string, description: string]> = [
  [
    'events',
    'Events and their ticket types, with live inventory (available + reserved + sold = capacity).',
  ],
  ['reservations', 'Holds on seats for RESERVATION_TTL_SECONDS, cancelled or bought once.'],
  [
    'check-in',
    'Tickets by the code printed on them, check-in at the door (one scan wins) and offline scanner batches.',
  ],
  ['purchases', 'Purchases, orders, payments and refunds: one charge per Idempotency-Key.'],
  ['idempotency', 'What the service remembers about an Idempotency-Key of this tenant.'],
  [
    'webhooks',
    "The payment provider's signed event receiver (no Idempotency-Key: it dedupes by event id).",
  ],
  ['admin: tenants', 'Tenants and their API keys (admin token).'],
  ['admin: webhook events', 'The inbox of provider events: list, inspect, replay (admin token).'],
  [
    'admin: refunds',
    "Refunds an organiser may not make: a paid order's refund forced after check-in (admin token).",
  ],
  ['operations', 'Probes for orchestrators and load balancers.'],
];

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('ticket-service')
    .setDescription(
      'A multi-tenant ticketing API in which every state-changing request is safe to retry. Send an `Idempotency-Key` (UUID v4) with every POST; a retry with the same key and body changes nothing and replays the first response with `X-Idempotent-Replayed: true`. Errors are RFC 9457 problem JSON with a stable `code`.',
    )
    .setVersion('1')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'Tenant API key (tsk_…)' },
      TENANT_SECURITY,
    )
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN' }, ADMIN_SECURITY)
    // Relative: the document describes whichever host served it (Swagger UI calls the same one).
    .addServer('/', 'This instance');
  for (const [name, description] of TAGS) builder.addTag(name, description);
  return addIdempotencyContract(SwaggerModule.createDocument(app, builder.build()));
}

export function setupSwagger(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true, plugins: [idempotencyKeyPlugin] },
  });
}
