/**
 * The migrated `marketing` schema, read back from pg_catalog, against the seed
 * document's table map (transcribed in test/support/marketing-spec.ts):
 * columns in order with types, nullability and defaults; CHECK lists in order;
 * UNIQUE constraints (and the partial unique index); FK targets and ON DELETE
 * actions; the named indexes; business-ID defaults and sequences. Any drift
 * from the document fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { EXTERNAL_REFERRERS, MARKETING_TABLES, REF_TABLES, type TableSpec } from '../support/marketing-spec.js';

/**
 * Unique keys this schema adds to the design document's, each a change of the design with its reason in its
 * schema file. Anything else unique that the document does not name fails the test below.
 */
const ADDED_UNIQUES: Readonly<Record<string, readonly string[]>> = {
  // schema/112: one computed row per reservation and model, so concurrent computes cannot double a model's revenue.
  attribution: ['reservation_id,attribution_model'],
};

/**
 * Seed foreign keys this schema enforces with statement triggers instead of a constraint, each with its reason in
 * its schema file (schema/113: a first build of a segment at a million contacts spent 9–10 s on per-row key checks).
 * Their behaviour (refusal with the key's name, cascade, key changes, races) is tested in
 * test/domains/segments/member-references.test.ts; here each must say so in its column comment.
 */
const TRIGGER_ENFORCED: Readonly<Record<string, readonly string[]>> = {
  segment_members: ['segment_id', 'contact_id'],
};

interface ColumnRow { table: string; name: string; type: string; not_null: boolean; default: string | null }
interface ConstraintRow { table: string; name: string; type: string; columns: string[]; def: string }
interface ForeignKeyRow { table: string; column: string; references: string; ref_column: string; on_delete: string }
interface IndexRow { table: string; name: string; columns: string[]; unique: boolean; primary: boolean; method: string; predicate: string | null }

const ON_DELETE: Record<string, string> = { a: 'NO ACTION', r: 'RESTRICT', c: 'CASCADE', n: 'SET NULL', d: 'SET DEFAULT' };

/** Drops casts and schema qualification so catalog text compares with the seed's spelling. */
function normaliseExpression(expression: string): string {
  return expression.replace(/::[a-z ]+(\[\])?/g, '').replace(/\bpublic\./g, '');
}

/** "(a IS NOT NULL)" / "((x) OR (y))" -> bare text without parentheses. */
function stripParentheses(expression: string): string {
  return expression.replace(/[()]/g, '').replace(/\s+/g, ' ').trim();
}

/** `CHECK ((col = ANY (ARRAY['a'::text, 'b'::text])))` -> { column, values }, or null for other CHECKs. */
function parseInListCheck(definition: string): { column: string; values: string[] } | null {
  const match = /^CHECK \(\((\w+) = ANY \(ARRAY\[(.*)\]\)\)\)$/.exec(definition);
  if (!match?.[1] || match[2] === undefined) return null;
  const values = [...match[2].matchAll(/'((?:[^']|'')*)'::text/g)].map((m) => (m[1] ?? '').replace(/''/g, "'"));
  return { column: match[1], values };
}

let db: TestDatabase;
let columns: ColumnRow[];
let constraints: ConstraintRow[];
let foreignKeys: ForeignKeyRow[];
let indexes: IndexRow[];
let tableNames: string[];

beforeAll(async () => {
  db = await createTestDatabase();
  const q = async <T>(sql: string): Promise<T[]> => (await db.pool.query(sql)).rows as T[];
  tableNames = (
    await q<{ relname: string }>(`
      SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'marketing' AND c.relkind = 'r' ORDER BY 1`)
  ).map((r) => r.relname);
  columns = await q<ColumnRow>(`
    SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
           a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default
    FROM pg_attribute a
    JOIN pg_class c ON c.oid = a.attrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE n.nspname = 'marketing' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY c.relname, a.attnum`);
  constraints = await q<ConstraintRow>(`
    SELECT c.relname AS table, con.conname AS name, con.contype AS type,
           ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
           pg_get_constraintdef(con.oid) AS def
    FROM pg_constraint con
    JOIN pg_class c ON c.oid = con.conrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'marketing'`);
  foreignKeys = await q<ForeignKeyRow>(`
    SELECT n.nspname || '.' || c.relname AS table, a.attname AS column,
           fn.nspname || '.' || fc.relname AS references, fa.attname AS ref_column, con.confdeltype AS on_delete
    FROM pg_constraint con
    JOIN pg_class c ON c.oid = con.conrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_class fc ON fc.oid = con.confrelid
    JOIN pg_namespace fn ON fn.oid = fc.relnamespace
    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
    JOIN pg_attribute fa ON fa.attrelid = con.confrelid AND fa.attnum = con.confkey[1]
    WHERE con.contype = 'f' AND (n.nspname = 'marketing' OR fn.nspname = 'marketing')
      AND cardinality(con.conkey) = 1`);
  indexes = await q<IndexRow>(`
    SELECT c.relname AS table, ic.relname AS name,
           ARRAY(SELECT a.attname::text FROM unnest(i.indkey) WITH ORDINALITY k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns,
           i.indisunique AS unique, i.indisprimary AS primary, am.amname AS method,
           pg_get_expr(i.indpred, i.indrelid) AS predicate
    FROM pg_index i
    JOIN pg_class c ON c.oid = i.indrelid
    JOIN pg_class ic ON ic.oid = i.indexrelid
    JOIN pg_am am ON am.oid = ic.relam
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'marketing'`);
});

afterAll(async () => {
  await db.drop();
});

describe('marketing schema tables', () => {
  it('has exactly the 20 specified tables and the 4 reference tables', () => {
    const expected = [...MARKETING_TABLES.map((t) => t.name), ...REF_TABLES.map((t) => t.name)].sort();
    expect(expected).toHaveLength(24);
    expect(tableNames).toEqual(expected);
  });
});

describe.each(MARKETING_TABLES)('$number. marketing.$name', (spec: TableSpec) => {
  it('has the seed columns in order, with types, NOT NULL and defaults', () => {
    const actual = columns
      .filter((c) => c.table === spec.name)
      .map((c) => ({
        name: c.name,
        type: c.type,
        notNull: c.not_null,
        // Business-ID defaults come from the business-ID table and are checked below.
        default: c.name === spec.businessId?.column || c.default === null ? null : normaliseExpression(c.default),
      }));
    expect(actual).toEqual(spec.columns);
  });

  it('has a UUIDv7 primary key on id', () => {
    const pk = constraints.filter((c) => c.table === spec.name && c.type === 'p');
    expect(pk.map((c) => c.columns)).toEqual([['id']]);
  });

  it('has exactly the seed CHECK lists, values in order, plus only the checks it states in prose', () => {
    const checks = constraints.filter((c) => c.table === spec.name && c.type === 'c');
    const lists = checks.map((c) => parseInListCheck(c.def)).filter((c) => c !== null);
    const others = checks.filter((c) => parseInListCheck(c.def) === null).map((c) => stripParentheses(c.def.replace(/^CHECK /, '')));
    const byColumn = (a: { column: string }, b: { column: string }) => a.column.localeCompare(b.column);
    expect(lists.sort(byColumn)).toEqual([...spec.checks].sort(byColumn));
    expect(others).toEqual(spec.proseChecks ?? []);
  });

  it('has exactly the seed UNIQUE constraints (partial ones as unique indexes)', () => {
    const key = (u: { columns: string[]; where?: string | null }) => `${u.columns.join(',')}${u.where ? ` WHERE ${u.where}` : ''}`;
    const actual = indexes
      .filter((i) => i.table === spec.name && i.unique && !i.primary)
      .map((i) => key({ columns: i.columns, where: i.predicate === null ? null : stripParentheses(i.predicate) }))
      .sort();
    expect(actual).toEqual([...spec.uniques.map(key), ...(ADDED_UNIQUES[spec.name] ?? [])].sort());
    // The full (non-partial) ones are real UNIQUE constraints, usable by ON CONFLICT ON CONSTRAINT.
    const uniqueConstraints = constraints.filter((c) => c.table === spec.name && c.type === 'u').map((c) => c.columns.join(','));
    expect(uniqueConstraints.sort()).toEqual(spec.uniques.filter((u) => !u.where).map((u) => u.columns.join(',')).sort());
  });

  it('has exactly the seed foreign keys with their ON DELETE actions', async () => {
    const actual = foreignKeys
      .filter((f) => f.table === `marketing.${spec.name}`)
      .map((f) => ({ column: f.column, references: f.references, onDelete: ON_DELETE[f.on_delete] ?? f.on_delete, refColumn: f.ref_column }))
      .sort((a, b) => a.column.localeCompare(b.column));
    const byTrigger = TRIGGER_ENFORCED[spec.name] ?? [];
    for (const f of spec.foreignKeys.filter((k) => byTrigger.includes(k.column))) {
      const { rows } = await db.pool.query<{ comment: string | null }>(
        'SELECT col_description(a.attrelid, a.attnum) AS comment FROM pg_attribute a WHERE a.attrelid = $1::regclass AND a.attname = $2',
        [`marketing.${spec.name}`, f.column],
      );
      expect(rows[0]?.comment, `${spec.name}.${f.column}`).toMatch(new RegExp(`^References ${f.references.replace('.', '\\.')} \\(id\\) ON DELETE ${f.onDelete}, enforced per statement`));
    }
    const expected = spec.foreignKeys
      .filter((f) => !byTrigger.includes(f.column))
      .map((f) => ({ ...f, refColumn: 'id' }))
      .sort((a, b) => a.column.localeCompare(b.column));
    expect(actual).toEqual(expected);
  });

  it('has every named index of the INDEX COVERAGE SUMMARY with its exact definition', () => {
    for (const expected of spec.indexes) {
      const actual = indexes.find((i) => i.name === expected.name);
      expect(actual, `index ${expected.name}`).toBeDefined();
      expect({
        table: actual?.table,
        columns: actual?.columns,
        unique: actual?.unique,
        method: actual?.method,
        where: actual?.predicate ? stripParentheses(actual.predicate) : undefined,
      }).toEqual({ table: spec.name, columns: expected.columns, unique: expected.unique, method: expected.method, where: expected.where });
    }
  });

  it('has an index led by every foreign-key column (the API filters by them)', () => {
    const unindexed = spec.foreignKeys
      .map((f) => f.column)
      .filter((column) => !indexes.some((i) => i.table === spec.name && i.columns[0] === column));
    expect(unindexed).toEqual([]);
  });
});

describe.each(MARKETING_TABLES.filter((t) => t.businessId))('business ID of marketing.$name', (spec: TableSpec) => {
  it('defaults to next_business_id(prefix, its own sequence) starting at 10001, owned by the column', async () => {
    const business = spec.businessId;
    if (!business) throw new Error('filtered to tables with a business ID');
    const column = columns.find((c) => c.table === spec.name && c.name === business.column);
    const match = /^next_business_id\('([A-Z]+)', '([\w.]+)'\)$/.exec(normaliseExpression(column?.default ?? ''));
    expect(match?.[1]).toBe(business.prefix);
    const { rows } = await db.pool.query<{ owned: string | null; start: string }>(
      `SELECT pg_get_serial_sequence($1, $2) AS owned, s.seqstart::text AS start
       FROM pg_sequence s WHERE s.seqrelid = $3::regclass`,
      [`marketing.${spec.name}`, business.column, match?.[2] ?? 'missing'],
    );
    expect(rows[0]).toEqual({ owned: match?.[2], start: String(business.start) });
  });
});

describe('referrers outside the schema', () => {
  it.each(EXTERNAL_REFERRERS)('$table.$column -> $references ON DELETE $onDelete', (spec) => {
    const fk = foreignKeys.find((f) => f.table === spec.table && f.column === spec.column);
    expect(fk && { references: fk.references, onDelete: ON_DELETE[fk.on_delete] }).toEqual({
      references: spec.references,
      onDelete: spec.onDelete,
    });
  });
});

describe('reference tables', () => {
  it.each(REF_TABLES.filter((r) => r.mirrors))('$name codes are exactly the CHECK list they mirror, in order', async (ref) => {
    const mirrored = ref.mirrors;
    if (!mirrored) throw new Error('filtered to mirroring tables');
    const check = MARKETING_TABLES.find((t) => t.name === mirrored.table)?.checks.find((c) => c.column === mirrored.column);
    const { rows } = await db.pool.query<{ code: string }>(
      `SELECT code FROM marketing.${ref.name} WHERE is_active ORDER BY sort_order, code`,
    );
    expect(check).toBeDefined();
    expect(rows.map((r) => r.code)).toEqual(check?.values);
  });

  it('every social platform supports only post types the social_posts CHECK allows', async () => {
    const postTypes = MARKETING_TABLES.find((t) => t.name === 'social_posts')?.checks.find((c) => c.column === 'post_type')?.values ?? [];
    const { rows } = await db.pool.query<{ code: string; supported_post_types: string[] }>(
      'SELECT code, supported_post_types FROM marketing.ref_social_platforms',
    );
    expect(rows.length).toBe(7);
    for (const row of rows) {
      expect(row.supported_post_types.length, row.code).toBeGreaterThan(0);
      expect(postTypes, row.code).toEqual(expect.arrayContaining(row.supported_post_types));
    }
  });

  it('segment criteria each name a data type and at least one operator', async () => {
    const { rows } = await db.pool.query<{ code: string; data_type: string; operators: string[] }>(
      'SELECT code, data_type, operators FROM marketing.ref_segment_criteria ORDER BY sort_order',
    );
    expect(rows.length).toBeGreaterThanOrEqual(8);
    expect(new Set(rows.map((r) => r.code)).size).toBe(rows.length);
    for (const row of rows) expect(row.operators.length, row.code).toBeGreaterThan(0);
  });
});
