import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Client } from 'pg';
import { dropDatabase } from '../../src/database/ensure-database';
import { migrateDatabase } from '../../src/database/run-migrations';
import { uniqueName } from '../support/app';

/**
 * Readiness for Citus distributed on tenant_id (docs/benchmarks.md, "Scaling out"): Citus needs
 * the distribution column in every primary key and unique constraint, and routes a statement to
 * one shard only when it filters on it. This lists, from the migrated catalog and the source,
 * what does not fit yet. It does not have to be empty; it may not grow: each count is held to
 * the baseline below, which a change that removes an item lowers.
 */
const BASELINE = {
  tablesWithoutTenantId: 4,
  keysWithoutTenantId: 22,
  statementsById: 21,
};

const SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';
const SRC = join(__dirname, '..', '..', 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'migrations' ? [] : sources(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

function byIdAlone(sql: string): boolean {
  return (
    /\bWHERE\b/i.test(sql) &&
    /(^|[^_\w.])(\w+\.)?id\s*(=\s*(\$\d+|ANY)|IN\s*\()/i.test(sql) &&
    !/tenant_id/i.test(sql)
  );
}

/**
 * SQL text in the source (string and template literals holding WHERE) that picks rows by `id`
 * (`id = $n`, `id = ANY(…)`, `id IN (…)`) with no `tenant_id` in the same statement, and
 * TypeORM calls whose criteria name `id` without `tenantId`.
 */
function statementsById(): string[] {
  const found: string[] = [];
  for (const path of sources(SRC)) {
    const text = readFileSync(path, 'utf8');
    const literal = /(`[^`]*`|'[^'\n]*'|"[^"\n]*")/g;
    for (const match of text.matchAll(literal)) {
      const sql = match[0];
      if (!byIdAlone(sql)) continue;
      const line = text.slice(0, match.index).split('\n').length;
      found.push(`${relative(SRC, path)}:${line}: ${sql.replace(/\s+/g, ' ').slice(0, 110)}`);
    }
    text.split('\n').forEach((lineText, i) => {
      if (
        /\.(findOne|findOneBy|findBy|find|update|delete|exists|count)\w*\(\s*\{[^}]*\bid\b/.test(
          lineText,
        ) &&
        !/tenantId/.test(lineText)
      ) {
        found.push(`${relative(SRC, path)}:${i + 1}: ${lineText.trim().slice(0, 110)}`);
      }
    });
  }
  return found;
}

describe('Citus readiness (distribution on tenant_id)', () => {
  const url = `${SERVER_URL}/${uniqueName('ts_test_citus')}`;
  let db: Client;

  beforeAll(async () => {
    await migrateDatabase(url);
    db = new Client({ connectionString: url });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await dropDatabase(url);
  });

  it('lists what does not fit yet, and the lists do not grow', async () => {
    const tables = await db.query<{ table: string }>(
      `SELECT c.relname AS table FROM pg_class c
         JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'typeorm_migrations'
          AND NOT EXISTS (SELECT 1 FROM pg_attribute a
                           WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
        ORDER BY 1`,
    );
    // Primary keys, unique constraints and unique indexes (partial ones included).
    const keys = await db.query<{ table: string; index: string; definition: string }>(
      `SELECT t.relname AS table, i.relname AS index, pg_get_indexdef(x.indexrelid) AS definition
         FROM pg_index x
         JOIN pg_class i ON i.oid = x.indexrelid
         JOIN pg_class t ON t.oid = x.indrelid
         JOIN pg_namespace n ON n.oid = t.relnamespace
        WHERE n.nspname = 'public' AND x.indisunique AND t.relname <> 'typeorm_migrations'
          AND NOT EXISTS (SELECT 1 FROM pg_attribute a
                           WHERE a.attrelid = t.oid AND a.attname = 'tenant_id'
                             AND a.attnum = ANY(x.indkey))
        ORDER BY 1, 2`,
    );
    const statements = statementsById();

    process.stdout.write(
      [
        '',
        `Citus readiness: tables without tenant_id (${tables.rows.length}; reference tables, or distributed another way):`,
        ...tables.rows.map((r) => `  ${r.table}`),
        `primary keys and unique indexes without tenant_id (${keys.rows.length}):`,
        ...keys.rows.map((r) => `  ${r.definition}`),
        `statements that pick rows by id without tenant_id (${statements.length}):`,
        ...statements.map((s) => `  ${s}`),
        '',
      ].join('\n'),
    );

    expect(tables.rows.length).toBeLessThanOrEqual(BASELINE.tablesWithoutTenantId);
    expect(keys.rows.length).toBeLessThanOrEqual(BASELINE.keysWithoutTenantId);
    expect(statements.length).toBeLessThanOrEqual(BASELINE.statementsById);
  });

  it('the source scan tells a statement by id alone from one with tenant_id', () => {
    expect(
      byIdAlone(
        `UPDATE idempotency_keys SET status = 'completed' WHERE id = $1 AND lock_token = $2`,
      ),
    ).toBe(true);
    expect(byIdAlone(`DELETE FROM x WHERE id IN (SELECT id FROM x LIMIT 10)`)).toBe(true);
    expect(byIdAlone(`SELECT * FROM orders WHERE tenant_id = $1 AND id = $2`)).toBe(false);
    expect(byIdAlone(`SELECT * FROM orders WHERE order_id = $1`)).toBe(false);
  });
});
