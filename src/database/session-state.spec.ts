import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * DATABASE_URL may point at PgBouncer in transaction mode (Debian's 1.18), which gives each
 * transaction whichever server connection is free: session state left by one transaction is seen
 * by another client's, or lost. So no code on the request pool may keep state in the session.
 * The exceptions hold a session connection of their own on MIGRATIONS_DATABASE_URL: migrations
 * and their lock (run-migrations.ts), and the tenant-key cache's LISTEN (tenant-key-cache.ts). This reads the source, so that new code cannot bring session state in
 * unnoticed.
 */
const SRC = join(__dirname, '..');
const ALLOWED = new Set(['database/run-migrations.ts', 'tenancy/tenant-key-cache.ts']);

const RULES: Array<[string, RegExp]> = [
  ['session advisory locks (use pg_advisory_xact_lock)', /pg_(try_)?advisory_lock(_shared)?\s*\(/i],
  ['SET without LOCAL (use SET LOCAL inside the transaction)', /[`'"]\s*SET\s+(?!LOCAL\b)\w+/i],
  ['set_config(…, false) (session-wide: pass true)', /set_config\s*\([^)]*,\s*false\s*\)/i],
  ['LISTEN (needs a session of its own)', /[`'"]\s*(UN)?LISTEN\s/i],
  [
    'named prepared statements (PgBouncer 1.18 does not track them)',
    /\bname\s*:\s*[`'"][^`'"]+[`'"]\s*,\s*text\s*:/,
  ],
  ['PREPARE (keeps a statement in the session)', /[`'"]\s*PREPARE\s/i],
  ['temporary tables (outlive the transaction)', /CREATE\s+TEMP(ORARY)?\s+TABLE/i],
];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

describe('no session state on the request pool', () => {
  const files = sources(SRC).filter((path) => !ALLOWED.has(relative(SRC, path)));

  it('reads the source tree', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it.each(RULES)('no %s', (_rule, pattern) => {
    const hits = files.flatMap((path) =>
      readFileSync(path, 'utf8')
        .split('\n')
        .map((line, index) => ({ line, at: `${relative(SRC, path)}:${index + 1}` }))
        .filter(({ line }) => pattern.test(line))
        .map(({ line, at }) => `${at}: ${line.trim()}`),
    );
    expect(hits).toEqual([]);
  });

  it('the rules catch what they name', () => {
    const samples = [
      "query('SELECT pg_advisory_lock($1)', [id])",
      "query('SET statement_timeout = 1000')",
      "query(`SELECT set_config('app.tenant', $1, false)`)",
      "query('LISTEN events')",
      "query({ name: 'claim', text: 'SELECT 1' })",
      "query('PREPARE claim AS SELECT 1')",
      'CREATE TEMP TABLE x (id int)',
    ];
    samples.forEach((sample, i) => expect(RULES[i][1].test(sample)).toBe(true));
    expect(RULES[1][1].test("query('SET LOCAL lock_timeout = 1000')")).toBe(false);
    expect(RULES[1][1].test("'UPDATE orders SET status = $1'")).toBe(false);
    expect(RULES[0][1].test("query('SELECT pg_advisory_xact_lock($1)')")).toBe(false);
  });
});
