/**
 * Every application table's row count and an md5 over its rows (as text, in
 * a fixed order), read through the Data API: two snapshots equal means
 * nothing was written in between.
 */
import type { SqlExecutor } from '../../../lambdas/platform/db/index.js';

export type Snapshot = Map<string, { rows: number; md5: string }>;

export async function snapshot(sql: SqlExecutor, tables: readonly string[]): Promise<Snapshot> {
  const out: Snapshot = new Map();
  // One statement per 20 tables: few round trips, each answer small.
  for (let i = 0; i < tables.length; i += 20) {
    const part = tables.slice(i, i + 20);
    const union = part
      .map((t, j) => `SELECT ${j} AS i, count(*)::int AS n, coalesce(md5(string_agg(x::text, E'\\n' ORDER BY x::text)), '') AS h FROM ${t} x`)
      .join(' UNION ALL ');
    const { rows } = await sql.query<{ i: number; n: number; h: string }>(union);
    for (const row of rows) out.set(part[row.i]!, { rows: row.n, md5: row.h });
  }
  return out;
}

/** The tables whose rows differ between two snapshots, with their counts. */
export function changedTables(before: Snapshot, after: Snapshot): string[] {
  const changed: string[] = [];
  for (const [table, was] of before) {
    const now = after.get(table);
    if (!now || now.md5 !== was.md5) changed.push(`${table} (${was.rows} -> ${now?.rows ?? '?'} rows)`);
  }
  return changed;
}
