import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withErrorTable } from './error-codes';

/** `npm run docs:errors`: rewrites the README's error table from the registry. */
if (require.main === module) {
  const readme = join(__dirname, '..', '..', 'README.md');
  writeFileSync(readme, withErrorTable(readFileSync(readme, 'utf8')));
}
