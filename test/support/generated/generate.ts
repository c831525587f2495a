/**
 * `npm run client:generate`: builds the real application (a throw-away database, like the tests),
 * writes its OpenAPI document to openapi.json and the client types to api.d.ts (openapi-typescript).
 * Both are committed; `npm run client:check` fails when regenerating changes them.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestApp } from '../app';

async function main(): Promise<void> {
  const t = await createTestApp();
  try {
    const res = await t.http().get('/docs-json').expect(200);
    writeFileSync(join(__dirname, 'openapi.json'), JSON.stringify(res.body, null, 2) + '\n');
  } finally {
    await t.close();
  }
  const bin = (name: string) => join(__dirname, '../../../node_modules/.bin', name);
  execFileSync(
    bin('openapi-typescript'),
    [join(__dirname, 'openapi.json'), '-o', join(__dirname, 'api.d.ts')],
    {
      stdio: 'inherit',
    },
  );
  execFileSync(
    bin('prettier'),
    ['--write', join(__dirname, 'api.d.ts'), join(__dirname, 'openapi.json')],
    {
      stdio: 'inherit',
    },
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
