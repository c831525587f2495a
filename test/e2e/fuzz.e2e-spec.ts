import fc from 'fast-check';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { createTestApp, TestApp } from '../support/app';
import { admin, createTenant, createTicketType, newKey, reserve } from '../support/factories';

/*
 * Property-based: random and hostile requests at every route of the OpenAPI document (and at
 * spellings of them that are not routes). Whatever arrives: never a 5xx, every error is problem
 * JSON with a code, and a request that did not succeed changed nothing in the database.
 */

interface Operation {
  method: string;
  template: string;
}

const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\ud800',
  '%00',
  '%ZZ',
  '%E0%A4%A',
  '..',
  '../../etc/passwd',
  'a'.repeat(5000),
  '1e309',
  '-1',
  'null',
  '__proto__',
  'constructor',
  "' OR 1=1 --",
  '{"a":1}',
  '00000000-0000-0000-0000-000000000000',
];

/** A digest of every table: any insert, update or delete changes it. */
async function stateDigest(t: TestApp): Promise<string> {
  const tables = (await t.dataSource.query(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'migrations'
      ORDER BY table_name`,
  )) as Array<{ table_name: string }>;
  const parts = await Promise.all(
    tables.map(async ({ table_name }) => {
      const [row] = (await t.dataSource.query(
        `SELECT count(*)::int AS n, md5(coalesce(string_agg(x::text, ',' ORDER BY x::text), '')) AS h
           FROM "${table_name}" x`,
      )) as [{ n: number; h: string }];
      return `${table_name}:${row.n}:${row.h}`;
    }),
  );
  return parts.join('|');
}

/** Percent-encoded; a lone surrogate (which encodeURIComponent refuses) as invalid UTF-8 bytes. */
function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
}

function deepNest(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

const jsonBody = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null'),
  fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 })).map((v) => JSON.stringify(v)),
  fc
    .record({
      name: fc.oneof(fc.string(), fc.constantFrom(...HOSTILE_STRINGS)),
      quantity: fc.oneof(fc.integer(), fc.double(), fc.constant('1e309')),
      ticketTypeId: fc.oneof(fc.uuid(), fc.string()),
    })
    .map((v) => JSON.stringify(v).replace('"1e309"', '1e309')),
);

const hostileBody = fc.oneof(
  fc.constant('{"quantity": 1e309}'),
  fc.constant('{"name": "a\\u0000b"}'),
  fc.constant('{"name": "\\ud800"}'),
  fc.constant('{"__proto__": {"isAdmin": true}}'),
  fc.constant('{"constructor": {"prototype": {}}}'),
  fc.integer({ min: 30, max: 3000 }).map(deepNest),
  fc
    .integer({ min: 200, max: 20_000 })
    .map((n) =>
      JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]))),
    ),
  fc.integer({ min: 9_000, max: 40_000 }).map((n) => JSON.stringify({ name: 'x'.repeat(n) })),
  fc.string({ maxLength: 200 }),
  fc.constant('{"a":'),
);

type Body = { bytes: Buffer; encoding?: string };

const body: fc.Arbitrary<Body | undefined> = fc.oneof(
  fc.constant(undefined),
  jsonBody.map((text) => ({ bytes: Buffer.from(text) })),
  hostileBody.map((text) => ({ bytes: Buffer.from(text) })),
  fc.uint8Array({ maxLength: 300 }).map((a) => ({ bytes: Buffer.from(a) })),
  fc
    .tuple(
      fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'compress', 'gzip, br'),
      fc.uint8Array({ maxLength: 100 }),
    )
    .map(([encoding, a]) => ({ bytes: Buffer.from(a), encoding })),
  jsonBody.map((text) => ({ bytes: gzipSync(Buffer.from(text)), encoding: 'gzip' })),
  jsonBody.map((text) => ({ bytes: brotliCompressSync(Buffer.from(text)), encoding: 'br' })),
);

describe('fuzz: random and hostile requests at every route', () => {
  let t: TestApp;
  let base: string;
  let operations: Operation[];
  let ids: string[];
  let tenantAuth: string;

  beforeAll(async () => {
    t = await createTestApp();
    base = await t.url();
    const tenant = await createTenant(t);
    tenantAuth = tenant.auth.Authorization;
    const ticketType = await createTicketType(t, tenant, { capacity: 20 });
    const reservation = await reserve(t, tenant, ticketType.id, 1);
    ids = [tenant.id, ticketType.id, ticketType.eventId, reservation.id];
    const doc = (await (await fetch(`${base}/docs-json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    operations = Object.entries(doc.paths).flatMap(([template, item]) =>
      Object.keys(item)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((method) => ({ method: method.toUpperCase(), template })),
    );
    expect(operations.length).toBeGreaterThan(15);
  });

  afterAll(async () => {
    await t.close();
  });

  it('never a 5xx; every error is problem JSON with a code; a failed request changes nothing', async () => {
    const param = fc.oneof(
      fc.constantFrom(...ids),
      fc.uuid(),
      fc.constantFrom(...HOSTILE_STRINGS).map(encode),
      fc.string({ maxLength: 40 }).map(encode),
    );
    const spelling = fc.constantFrom('as-is', 'upper', 'trailing', 'double', 'query');
    const request = fc.record({
      operation: fc.constantFrom(...operations),
      method: fc.oneof(
        fc.constant(undefined),
        fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
      ),
      params: fc.array(param, { minLength: 2, maxLength: 2 }),
      spelling,
      query: fc.dictionary(
        fc.constantFrom('limit', 'cursor', 'status', 'type', 'eventId', 'email', 'x'),
        fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom(...HOSTILE_STRINGS)),
        { maxKeys: 3 },
      ),
      auth: fc.constantFrom('tenant', 'admin', 'none', 'garbage'),
      key: fc.oneof(
        fc.constant(undefined),
        fc.uuid({ version: 4 }),
        fc.constantFrom('not-a-uuid', '"quoted"', '', 'A'.repeat(500)),
      ),
      contentType: fc.constantFrom(
        'application/json',
        'application/json; charset=utf-16',
        'application/merge-patch+json',
        'text/plain',
        'application/x-www-form-urlencoded',
        undefined,
      ),
      body,
    });

    let state = await stateDigest(t);
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        let i = 0;
        let path = r.operation.template.replace(/\{[^}]+\}/g, () => r.params[i++ % 2]);
        if (r.spelling === 'upper') path = path.toUpperCase();
        if (r.spelling === 'trailing') path += '/';
        if (r.spelling === 'double') path = path.replace(/\//g, '//');
        const qs = new URLSearchParams(r.query).toString();
        if (r.spelling === 'query' || qs !== '') path += `?${qs}`;
        const method = r.method ?? r.operation.method;

        const headers: Record<string, string> = {};
        if (r.auth === 'tenant') headers.Authorization = tenantAuth;
        if (r.auth === 'admin') headers.Authorization = admin.Authorization;
        if (r.auth === 'garbage') headers.Authorization = 'Bearer tsk_garbage';
        if (r.key !== undefined) headers['Idempotency-Key'] = r.key;
        if (r.contentType !== undefined) headers['Content-Type'] = r.contentType;
        if (r.body?.encoding !== undefined) headers['Content-Encoding'] = r.body.encoding;
        const sendsBody = r.body !== undefined && method !== 'GET' && method !== 'OPTIONS';

        const res = await fetch(base + path, {
          method,
          headers,
          body: sendsBody ? r.body!.bytes : undefined,
        });
        const text = await res.text();
        const where = `${method} ${path} -> ${res.status} ${text.slice(0, 300)}`;

        expect({ where, serverError: res.status >= 500 }).toEqual({ where, serverError: false });
        if (res.status >= 400) {
          expect({ where, type: res.headers.get('content-type') }).toEqual({
            where,
            type: expect.stringMatching(/^application\/problem\+json/),
          });
          const problem = JSON.parse(text) as { code?: unknown; status?: unknown };
          expect({ where, code: typeof problem.code, status: problem.status }).toEqual({
            where,
            code: 'string',
            status: res.status,
          });
        }
        const now = await stateDigest(t);
        if (res.status < 200 || res.status >= 300) {
          expect({ where, changed: now !== state }).toEqual({ where, changed: false });
        }
        state = now;
      }),
      {
        numRuns: Number(process.env.FUZZ_RUNS ?? 200),
        seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined,
      },
    );
  }, 300_000);

  it('the service still works after the fuzzing', async () => {
    const res = await fetch(`${base}/v1/admin/tenants`, {
      method: 'POST',
      headers: { ...admin, 'Idempotency-Key': newKey(), 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'After' }),
    });
    expect(res.status).toBe(201);
  });
});
