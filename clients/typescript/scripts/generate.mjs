// Types from the service's OpenAPI document: openapi.json → src/generated/openapi.ts.
//   node scripts/generate.mjs                      from the committed openapi.json
//   node scripts/generate.mjs --from <url|file>    first replace openapi.json with that document
//                                                  (e.g. http://localhost:3000/docs-json)
// From the repository root, `npm run client:generate` builds the service, takes its live
// /docs-json and runs this.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import prettier from 'prettier';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const documentPath = join(root, 'openapi.json');
const outputPath = join(root, 'src/generated/openapi.ts');

async function format(path, text, parser) {
  const options = (await prettier.resolveConfig(path)) ?? {};
  return prettier.format(text, { ...options, parser });
}

const fromIndex = process.argv.indexOf('--from');
if (fromIndex !== -1) {
  const source = process.argv[fromIndex + 1];
  if (source === undefined) throw new Error('--from needs a URL or a file');
  const text = /^https?:/.test(source)
    ? await (await fetch(source)).text()
    : readFileSync(source, 'utf8');
  writeFileSync(documentPath, await format(documentPath, JSON.stringify(JSON.parse(text)), 'json'));
}

const ast = await openapiTS(pathToFileURL(documentPath));
const banner =
  '// Generated from openapi.json by `npm run client:generate` (openapi-typescript). Do not edit.\n\n';
writeFileSync(outputPath, await format(outputPath, banner + astToString(ast), 'typescript'));
console.log(`wrote ${outputPath}`);
