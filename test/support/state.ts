import type { TestApp } from './app';

/** Rows in every table of the service (migrations aside): "no change of state" in one value. */
export async function rowCounts(t: TestApp): Promise<Record<string, number>> {
  const tables = (await t.dataSource.query(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> 'migrations'
      ORDER BY table_name`,
  )) as Array<{ table_name: string }>;
  const counts: Record<string, number> = {};
  for (const { table_name } of tables) {
    const [row] = (await t.dataSource.query(`SELECT count(*)::int AS n FROM "${table_name}"`)) as [
      { n: number },
    ];
    counts[table_name] = row.n;
  }
  return counts;
}
