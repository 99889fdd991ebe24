/**
 * What the local Data API needs to know about result columns: each type's
 * name and category (from pg_type, so enums and domains work) and, for
 * `includeResultMetadata`, each table column's nullability. Cached per
 * database, as pgjdbc caches field metadata per connection.
 */
import type pg from 'pg';

export interface TypeInfo {
  oid: number;
  name: string;
  /** pg_type.typcategory: A array, B bool, D datetime, G geometric, N numeric, S string, U user, ... */
  category: string;
  element?: { name: string; category: string };
}

export interface ColumnInfo {
  notNull: boolean;
  table: string;
  schema: string;
}

type Queryable = Pick<pg.PoolClient, 'query'>;

export class Catalog {
  private readonly types = new Map<number, TypeInfo>();
  private readonly columns = new Map<string, ColumnInfo>();

  async typesOf(db: Queryable, oids: readonly number[]): Promise<Map<number, TypeInfo>> {
    const missing = [...new Set(oids)].filter((oid) => !this.types.has(oid));
    if (missing.length > 0) {
      const { rows } = await db.query<{ oid: number; name: string; category: string; ename: string | null; ecategory: string | null }>(
        `SELECT t.oid::int AS oid, t.typname AS name, t.typcategory AS category,
                e.typname AS ename, e.typcategory AS ecategory
           FROM pg_type t LEFT JOIN pg_type e ON e.oid = t.typelem AND t.typcategory = 'A'
          WHERE t.oid = ANY($1::oid[])`,
        [missing],
      );
      for (const r of rows) {
        this.types.set(r.oid, {
          oid: r.oid,
          name: r.name,
          category: r.category,
          ...(r.ename ? { element: { name: r.ename, category: r.ecategory ?? 'U' } } : {}),
        });
      }
    }
    return new Map(oids.map((oid) => [oid, this.types.get(oid) ?? { oid, name: 'unknown', category: 'X' }]));
  }

  async columnsOf(db: Queryable, refs: readonly { tableID: number; columnID: number }[]): Promise<(ColumnInfo | undefined)[]> {
    const key = (r: { tableID: number; columnID: number }): string => `${r.tableID}:${r.columnID}`;
    const missing = refs.filter((r) => r.tableID !== 0 && !this.columns.has(key(r)));
    if (missing.length > 0) {
      const { rows } = await db.query<{ rel: number; num: number; notnull: boolean; tbl: string; sch: string }>(
        `SELECT a.attrelid::int AS rel, a.attnum::int AS num, a.attnotnull AS notnull, c.relname AS tbl, n.nspname AS sch
           FROM unnest($1::oid[], $2::int2[]) AS k(rel, num)
           JOIN pg_attribute a ON a.attrelid = k.rel AND a.attnum = k.num
           JOIN pg_class c ON c.oid = a.attrelid
           JOIN pg_namespace n ON n.oid = c.relnamespace`,
        [missing.map((r) => r.tableID), missing.map((r) => r.columnID)],
      );
      for (const r of rows) this.columns.set(`${r.rel}:${r.num}`, { notNull: r.notnull, table: r.tbl, schema: r.sch });
    }
    return refs.map((r) => this.columns.get(key(r)));
  }
}
