/**
 * Writes the live OpenAPI document (the one /docs-json serves) to the path given, for
 * `npm run openapi:lint`: builds the real application against a throw-away database, like the
 * tests.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createTestApp } from './app';

async function main(target: string): Promise<void> {
  const t = await createTestApp();
  try {
    const res = await t.http().get('/docs-json').expect(200);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, JSON.stringify(res.body, null, 2) + '\n');
  } finally {
    await t.close();
  }
}

main(resolve(process.argv[2] ?? 'dist/openapi.json')).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
