import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp, TestApp } from '../support/app';
import { createTenant, newKey, TestTenant } from '../support/factories';
import type { components, paths } from '@ticket-service/client';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Validates with @seriousme/openapi-schema-validator, an ES module: run in a child Node process,
 * since Jest here loads CommonJS.
 */
function validateOpenApi(document: Json): { valid: boolean; errors?: unknown } {
  const script = `import { Validator } from '@seriousme/openapi-schema-validator';
let text = ''; for await (const chunk of process.stdin) text += chunk;
process.stdout.write(JSON.stringify(await new Validator().validate(JSON.parse(text))));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    input: JSON.stringify(document),
    cwd: join(__dirname, '../..'),
  });
  return JSON.parse(out.toString('utf8'));
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

function operations(document: Json): Array<{ path: string; method: string; op: Json }> {
  return Object.entries(document.paths as Json).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m] !== undefined).map((method) => ({
      path,
      method,
      op: item[method],
    })),
  );
}

describe('OpenAPI document (/docs-json)', () => {
  let t: TestApp;
  let doc: Json;

  beforeAll(async () => {
    t = await createTestApp();
    doc = (await t.http().get('/docs-json').expect(200)).body;
  });
  afterAll(async () => {
    await t.close();
  });

  it('is a valid OpenAPI 3.0 document', () => {
    expect(doc.openapi).toMatch(/^3\.0\./);
    expect(validateOpenApi(doc)).toEqual({ valid: true });
    // The validator does reject a broken document (a response without its description).
    const broken = JSON.parse(JSON.stringify(doc));
    delete broken.paths['/v1/events'].post.responses['201'].description;
    expect(validateOpenApi(broken).valid).toBe(false);
  });

  it('declares both bearer schemes and uses one on every /v1 route but the webhook receiver', () => {
    expect(doc.components.securitySchemes).toMatchObject({
      'tenant-api-key': { type: 'http', scheme: 'bearer' },
      'admin-token': { type: 'http', scheme: 'bearer' },
    });
    for (const { path, method, op } of operations(doc)) {
      if (!path.startsWith('/v1/') || path === '/v1/webhooks/payments') continue;
      const schemes = (op.security as Json[]).flatMap((s) => Object.keys(s));
      expect([method, path, schemes]).toEqual([
        method,
        path,
        [path.startsWith('/v1/admin/') ? 'admin-token' : 'tenant-api-key'],
      ]);
      expect(op.responses['401'].content['application/problem+json'].example.code).toBe(
        'UNAUTHORIZED',
      );
    }
  });

  it('gives every /v1 success response and request body a named DTO schema', () => {
    for (const { path, op } of operations(doc)) {
      if (!path.startsWith('/v1/')) continue;
      const success = Object.entries(op.responses as Json).filter(([s]) => s.startsWith('2'));
      expect(success.length).toBeGreaterThan(0);
      for (const [, response] of success) {
        expect([path, response.content['application/json'].schema.$ref]).toEqual([
          path,
          expect.stringMatching(/^#\/components\/schemas\/\w+Dto$/),
        ]);
      }
      const body = op.requestBody?.content?.['application/json']?.schema;
      if (body !== undefined) expect(body.$ref).toMatch(/^#\/components\/schemas\/\w+Dto$/);
    }
  });

  it('adds the Idempotency-Key, the replay header and the idempotency problems to every idempotent POST', () => {
    const posts = operations(doc).filter(
      (o) => o.method === 'post' && o.path.startsWith('/v1/') && o.path !== '/v1/webhooks/payments',
    );
    expect(posts.length).toBeGreaterThanOrEqual(9);
    for (const { path, op } of posts) {
      const header = (op.parameters as Json[]).find((p) => p.name === 'Idempotency-Key');
      expect([path, header]).toEqual([
        path,
        expect.objectContaining({ in: 'header', required: true }),
      ]);
      const success = Object.entries(op.responses as Json).find(([s]) => s.startsWith('2'))![1];
      expect(success.headers['X-Idempotent-Replayed']).toBeDefined();
      const codes = (status: string) => {
        const media = op.responses[status].content['application/problem+json'];
        return media.examples ? Object.keys(media.examples) : [media.example.code];
      };
      expect(codes('400')).toEqual(
        expect.arrayContaining([
          'IDEMPOTENCY_KEY_MISSING',
          'IDEMPOTENCY_KEY_INVALID',
          'VALIDATION_FAILED',
        ]),
      );
      expect(codes('409')).toContain('IDEMPOTENCY_REQUEST_IN_PROGRESS');
      expect(op.responses['409'].headers['Retry-After']).toBeDefined();
      expect(codes('422')).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    }
    const webhook = doc.paths['/v1/webhooks/payments'].post;
    expect((webhook.parameters as Json[]).map((p) => p.name)).not.toContain('Idempotency-Key');
  });

  it("merges a route's own 409 with IDEMPOTENCY_REQUEST_IN_PROGRESS, each with an example", () => {
    const conflict = (path: string) =>
      doc.paths[path].post.responses['409'].content['application/problem+json'].examples;
    expect(Object.keys(conflict('/v1/reservations')).sort()).toEqual([
      'IDEMPOTENCY_REQUEST_IN_PROGRESS',
      'INSUFFICIENT_INVENTORY',
    ]);
    expect(Object.keys(conflict('/v1/payments/{id}/refund'))).toEqual(
      expect.arrayContaining(['INVALID_STATE', 'IDEMPOTENCY_REQUEST_IN_PROGRESS']),
    );
    expect(conflict('/v1/reservations').INSUFFICIENT_INVENTORY.value).toMatchObject({
      status: 409,
      code: 'INSUFFICIENT_INVENTORY',
    });
  });

  it('makes every 4xx and 5xx response problem JSON with an example', () => {
    for (const { path, method, op } of operations(doc)) {
      for (const [status, response] of Object.entries(op.responses as Json)) {
        if (!/^[45]/.test(status)) continue;
        const media = response.content?.['application/problem+json'];
        expect([method, path, status, media?.schema]).toEqual([
          method,
          path,
          status,
          { $ref: '#/components/schemas/Problem' },
        ]);
        const examples = media.examples
          ? Object.values(media.examples as Json).map((e) => e.value)
          : [media.example];
        for (const example of examples) expect(example.status).toBe(Number(status));
      }
    }
    expect(doc.paths['/v1/events/{id}'].get.responses['404'].content).toBeDefined();
  });

  it('is the document the committed typed client was generated from (npm run client:generate)', () => {
    const committed = JSON.parse(
      readFileSync(join(__dirname, '../../clients/typescript/openapi.json'), 'utf8'),
    );
    expect(doc).toEqual(committed);
  });

  describe('the typed client', () => {
    let tenant: TestTenant;
    beforeAll(async () => {
      tenant = await createTenant(t);
    });

    type CreateEvent = paths['/v1/events']['post'];
    type EventDto = components['schemas']['EventDto'];

    /** A POST typed by the generated client: the body and the 201 must match the document. */
    async function createEvent(
      body: CreateEvent['requestBody']['content']['application/json'],
      headers: CreateEvent['parameters']['header'],
    ): Promise<CreateEvent['responses']['201']['content']['application/json']> {
      const res = await fetch(`${await t.url()}/v1/events`, {
        method: 'POST',
        headers: { ...tenant.auth, 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(201);
      return (await res.json()) as EventDto;
    }

    it('creates an event and gets back exactly the fields the document promises', async () => {
      const event = await createEvent(
        { name: 'Typed', venue: 'Hall', startsAt: '2030-05-01T18:00:00.000Z' },
        { 'Idempotency-Key': newKey() },
      );
      const schema = doc.components.schemas.EventDto;
      expect(Object.keys(event).sort()).toEqual(Object.keys(schema.properties).sort());
      for (const field of schema.required as string[])
        expect(event[field as keyof EventDto]).toBeDefined();
      expect(event.name).toBe('Typed');

      type GetEvent = paths['/v1/events/{id}']['get'];
      const res = await fetch(`${await t.url()}/v1/events/${event.id}`, { headers: tenant.auth });
      const fetched =
        (await res.json()) as GetEvent['responses']['200']['content']['application/json'];
      expect(fetched).toEqual(event);
    });
  });
});
