import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { IDEMPOTENT_EXTENSION } from './idempotency/idempotency.decorators';
import { problemType } from './errors/problem';
import { ADMIN_SECURITY, TENANT_SECURITY } from './tenancy/auth.decorators';

const STATE_CHANGING = ['post', 'put', 'patch', 'delete'] as const;

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
  },
};

function problem(code: string, status: number, detail: string) {
  return {
    description: detail,
    content: {
      'application/problem+json': {
        schema: { $ref: '#/components/schemas/Problem' },
        example: { type: problemType(code as never), title: code, status, detail, code },
      },
    },
  };
}

/**
 * Adds what every idempotent operation shares, in one place instead of on each route: the
 * Idempotency-Key header, the replay header and the idempotency problems.
 */
export function addIdempotencyContract(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas ??= {};
  document.components.schemas.Problem = PROBLEM_SCHEMA;
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of STATE_CHANGING) {
      const operation = item[method];
      if (operation === undefined) continue;
      const responses = (operation.responses ??= {});
      responses['400'] ??= problem('VALIDATION_FAILED', 400, 'Invalid body or parameters.');
      if (!path.startsWith('/v1/')) continue;
      if ((operation as unknown as Record<string, unknown>)[IDEMPOTENT_EXTENSION] === false)
        continue;
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
            description: '`true` when this is a stored response replayed for a retried key.',
            schema: { type: 'string', enum: ['true'] },
          },
        };
      }
      responses['409'] ??= problem(
        'IDEMPOTENCY_REQUEST_IN_PROGRESS',
        409,
        'A request with this key is still being processed; retry after Retry-After seconds.',
      );
      responses['422'] ??= problem(
        'IDEMPOTENCY_KEY_REUSED',
        422,
        'This key was used with a different method, path or body.',
      );
    }
    for (const operation of Object.values(item)) {
      if (typeof operation !== 'object' || operation === null || !('responses' in operation))
        continue;
      const security = (operation as { security?: Array<Record<string, string[]>> }).security;
      if (security !== undefined && security.length > 0) {
        (operation as { responses: Record<string, unknown> }).responses['401'] ??= problem(
          'UNAUTHORIZED',
          401,
          'Missing or wrong bearer credentials.',
        );
      }
    }
  }
  return document;
}

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
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
    .build();
  return addIdempotencyContract(SwaggerModule.createDocument(app, config));
}

export function setupSwagger(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true },
  });
}
