/**
 * Every foreign key a resource's body can write, against the catalog: when
 * the key points at a table with a business ID (a resource declaring
 * `businessIdColumn`), the field must declare `references` to that table and
 * column, so the body takes the uuid or the business ID, the writing
 * statement resolves it, and the document offers both forms (`anyOf`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../lambdas/app.js';
import { definedResources } from '../../lambdas/platform/crud/index.js';
import type { ResourceSpec } from '../../lambdas/platform/crud/index.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

interface ForeignKey {
  table: string;
  column: string;
  target: string;
}

let db: TestDatabase;
let keys: ForeignKey[];

beforeAll(async () => {
  db = await createTestDatabase();
  const { rows } = await db.pool.query<ForeignKey>(`
    SELECT sn.nspname || '.' || s.relname AS table, a.attname AS column, tn.nspname || '.' || t.relname AS target
      FROM pg_constraint c
      JOIN pg_class s ON s.oid = c.conrelid JOIN pg_namespace sn ON sn.oid = s.relnamespace
      JOIN pg_class t ON t.oid = c.confrelid JOIN pg_namespace tn ON tn.oid = t.relnamespace
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
     WHERE c.contype = 'f' AND cardinality(c.conkey) = 1`);
  keys = rows;
});

afterAll(async () => {
  await db.drop();
});

const resources = definedResources();
/** `schema.table` -> its business-ID column, from the resources that declare one. */
const businessIds = new Map(resources.filter((r) => r.businessIdColumn).map((r) => [r.table, r.businessIdColumn!]));

/** Columns a body of the resource may set (create or PATCH). */
function writable(spec: ResourceSpec): string[] {
  return Object.entries(spec.fields)
    .filter(([name, f]) => !f.inputOnly && (f.options.write ?? 'optional') !== 'none' && name !== spec.authorColumn)
    .map(([name]) => name);
}

describe('foreign keys written by business ID', () => {
  it('reads the catalog and the resources', () => {
    expect(keys.find((k) => k.table === 'marketing.calendar_items' && k.column === 'calendar_id')?.target).toBe('marketing.content_calendars');
    expect(businessIds.get('marketing.content_calendars')).toBe('calendar_id');
  });

  it('every writable foreign key to a table with a business ID declares references to it', () => {
    const problems: string[] = [];
    for (const spec of resources) {
      for (const column of writable(spec)) {
        const key = keys.find((k) => k.table === spec.table && k.column === column);
        const declared = spec.fields[column]!.options.references;
        const expected = key && businessIds.has(key.target) ? { table: key.target, businessIdColumn: businessIds.get(key.target)! } : undefined;
        if (JSON.stringify(declared) !== JSON.stringify(expected)) {
          problems.push(`${spec.noun}.${column}: references ${JSON.stringify(declared)}, expected ${JSON.stringify(expected)}`);
        }
      }
    }
    expect([...new Set(problems)]).toEqual([]);
  });
});
