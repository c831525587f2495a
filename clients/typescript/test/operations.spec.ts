import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient, NOT_IN_CLIENT, OPERATIONS } from '../src/client';

const root = join(__dirname, '..');
const document = JSON.parse(readFileSync(join(root, 'openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, unknown>>;
};

describe('one method per route', () => {
  it('covers every operation of the OpenAPI document but the provider’s webhook receiver', () => {
    const inDocument = Object.entries(document.paths)
      .flatMap(([path, item]) =>
        Object.keys(item)
          .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
          .map((m) => `${m.toUpperCase()} ${path}`),
      )
      .sort();
    const covered = [...Object.values(OPERATIONS), ...Object.keys(NOT_IN_CLIENT)].sort();
    // A route added to the service needs a method here (and a line in OPERATIONS).
    expect(covered).toEqual(inDocument);
  });

  it('calls, from each method, the route OPERATIONS names for it', async () => {
    const seen: string[] = [];
    const client = createClient({
      baseUrl: 'http://api.test',
      fetch: async (input, init) => {
        seen.push(`${init?.method} ${String(input)}`);
        return new Response('{}', { status: 200, headers: { 'Content-Type': 'application/json' } });
      },
    });
    for (const [name, route] of Object.entries(OPERATIONS)) {
      const method = name
        .split('.')
        .reduce<unknown>((o, part) => (o as Record<string, unknown>)[part], client) as (
        ...args: unknown[]
      ) => Promise<unknown>;
      const args: unknown[] = (route.match(/\{\w+\}/g) ?? []).map(() => 'p-1');
      if (route.startsWith('POST') && !/\/(cancel|refund|replay|api-keys)$/.test(route))
        args.push({});
      seen.length = 0;
      await method(...args);
      const expected = route.replace(/\{\w+\}/g, 'p-1').replace(' ', ' http://api.test');
      expect([name, seen]).toEqual([name, [expected]]);
    }
  });
});

describe('the built package', () => {
  // Resolved by name from the repository, through the package's "exports": what a user gets.
  const run = (args: string[]) =>
    execFileSync(process.execPath, args, { cwd: join(root, '../..'), encoding: 'utf8' });

  it('loads as an ES module and as CommonJS, with the same exports', () => {
    const esm = run([
      '--input-type=module',
      '-e',
      "import * as m from '@ticket-service/client'; console.log(Object.keys(m).sort().join(','))",
    ]);
    const cjs = run([
      '-e',
      "console.log(Object.keys(require('@ticket-service/client')).filter((k) => k !== '__esModule').sort().join(','))",
    ]);
    expect(esm.trim()).toBe(cjs.trim());
    expect(esm.trim().split(',')).toEqual(
      expect.arrayContaining(['createClient', 'TicketServiceError', 'IdempotencyKeyReusedError']),
    );
  });

  it('ships declarations for both', () => {
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    for (const condition of ['import', 'require']) {
      const entry = manifest.exports['.'][condition];
      expect(readFileSync(join(root, entry.types), 'utf8')).toContain('createClient');
      expect(readFileSync(join(root, entry.default), 'utf8')).toContain('createClient');
    }
  });
});
