/**
 * What the database itself says about its tables, read once per scenario from
 * pg_catalog: single-column foreign keys (so a synthesised body can point at a
 * real parent), unique indexes (the constraints a create can race), and the
 * application's tables (for before/after checksums).
 */
import type { SqlExecutor } from '../../../lambdas/platform/db/index.js';

export interface ForeignKey {
  table: string;
  column: string;
  references: string;
  referencedColumn: string;
}

export interface UniqueIndex {
  table: string;
  name: string;
  columns: string[];
  /** The partial index's predicate, or null. */
  where: string | null;
}

export interface Catalog {
  tables: string[];
  foreignKeys: ForeignKey[];
  uniques: UniqueIndex[];
  /** Columns with a default (server-filled: ids, business ids, timestamps). */
  defaulted: Set<string>;
}

const APP_SCHEMAS = "('public','marketing','marketing_ops','property','directory','reservations','property_listings')";

export async function readCatalog(sql: SqlExecutor): Promise<Catalog> {
  const tables = await sql.query<{ t: string }>(
    `SELECT n.nspname || '.' || c.relname AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p') AND n.nspname IN ${APP_SCHEMAS} ORDER BY 1`,
  );
  const fks = await sql.query<{ t: string; col: string; ref: string; refcol: string }>(
    `SELECT cn.nspname || '.' || cl.relname AS t, a.attname AS col, rn.nspname || '.' || rc.relname AS ref, ra.attname AS refcol
       FROM pg_constraint k
       JOIN pg_class cl ON cl.oid = k.conrelid JOIN pg_namespace cn ON cn.oid = cl.relnamespace
       JOIN pg_class rc ON rc.oid = k.confrelid JOIN pg_namespace rn ON rn.oid = rc.relnamespace
       JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = k.conkey[1]
       JOIN pg_attribute ra ON ra.attrelid = k.confrelid AND ra.attnum = k.confkey[1]
      WHERE k.contype = 'f' AND cardinality(k.conkey) = 1 AND cn.nspname IN ${APP_SCHEMAS}`,
  );
  const uniques = await sql.query<{ t: string; name: string; cols: string; pred: string | null }>(
    `SELECT n.nspname || '.' || c.relname AS t, ic.relname AS name,
            (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(i.indkey) WITH ORDINALITY k(attnum, ord)
               JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum) AS cols,
            pg_get_expr(i.indpred, i.indrelid) AS pred
       FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_class ic ON ic.oid = i.indexrelid
      WHERE i.indisunique AND NOT i.indisprimary AND 0 <> ALL (i.indkey) AND n.nspname IN ${APP_SCHEMAS}`,
  );
  const defaults = await sql.query<{ col: string }>(
    `SELECT n.nspname || '.' || c.relname || '.' || a.attname AS col
       FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE a.atthasdef AND a.attnum > 0 AND NOT a.attisdropped AND n.nspname IN ${APP_SCHEMAS}`,
  );
  return {
    tables: tables.rows.map((r) => r.t),
    foreignKeys: fks.rows.map((r) => ({ table: r.t, column: r.col, references: r.ref, referencedColumn: r.refcol })),
    uniques: uniques.rows.map((r) => ({ table: r.t, name: r.name, columns: (r.cols ?? '').split(','), where: r.pred })),
    defaulted: new Set(defaults.rows.map((r) => r.col)),
  };
}

/** The table a column points at: its own FK when the table is known, else the one table every FK of that name points at. */
export function referencedTable(catalog: Catalog, table: string | undefined, column: string): ForeignKey | undefined {
  if (table) {
    const own = catalog.foreignKeys.find((f) => f.table === table && f.column === column);
    if (own) return own;
  }
  const byName = catalog.foreignKeys.filter((f) => f.column === column);
  const targets = new Set(byName.map((f) => f.references));
  return targets.size === 1 ? byName[0] : undefined;
}
