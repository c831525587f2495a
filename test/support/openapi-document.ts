/**
 * `npm run client:generate`: builds the real application (a throw-away database, like the tests),
 * takes its live OpenAPI document from /docs-json and hands it to the client package, which writes
 * clients/typescript/openapi.json and regenerates its types from it. Both are committed;
 * `npm run client:check` fails when regenerating changes them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp } from './app';

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ts-openapi-'));
  const file = join(dir, 'openapi.json');
  try {
    const t = await createTestApp();
    try {
      const res = await t.http().get('/docs-json').expect(200);
      writeFileSync(file, JSON.stringify(res.body));
    } finally {
      await t.close();
    }
    execFileSync(
      process.execPath,
      [join(__dirname, '../../clients/typescript/scripts/generate.mjs'), '--from', file],
      { stdio: 'inherit' },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
