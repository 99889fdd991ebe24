/**
 * Every unique and exclusion constraint of the migrated schema (constraints
 * and unique indexes, from the catalog), against the routes that write its
 * table: each column of it must be named, on a 409, by a field that route's
 * request can carry (a body property or a path parameter of its OpenAPI
 * operation), or be declared the server's (`[]`). A table no route writes
 * with client values is listed below with why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../lambdas/app.js';
import { buildOpenApiDocument } from '../../lambdas/platform/openapi.js';
import { camelCase } from '../../lambdas/platform/http/request-fields.js';
import type { ApiRoute } from '../../lambdas/platform/http/route.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

interface Constraint {
  table: string;
  name: string;
  /** The key's columns; an expression element over one column is that column (`lower(email)` -> email). */
  columns: string[];
}

/** Tables whose unique keys only the server fills (or that no route writes), and why. */
const SERVER_KEYS: Readonly<Record<string, string>> = {
  'marketing.content_versions': 'versions are written by a trigger; content_id, version_number are the server\'s',
  'marketing.segment_members': 'members are written by the segments domain in bulk statements of its own',
  'marketing.social_account_metrics': 'a day\'s metrics are upserted (ON CONFLICT), never a 409',
  'marketing.social_analytics': 'a day\'s analytics are upserted (ON CONFLICT), never a 409',
  'marketing_ops.asset_ingest_state': 'written by the ingest worker',
  'marketing_ops.calendar_feed_tokens': 'the token hash is the server\'s',
  'marketing_ops.idempotency_keys': 'the chain\'s own bookkeeping',
  'marketing_ops.provider_event_receipts': 'provider webhooks, deduplicated with ON CONFLICT',
  'marketing_ops.social_post_dispatch': 'written by the dispatch worker',
  'public.auth_users': 'no API: the external auth stub',
  'public.profiles': 'no API: the external auth stub',
  'public.schema_migrations': 'the migrator\'s ledger',
  'public.mkt_kpis': 'a day\'s KPIs are upserted (ON CONFLICT), never a 409',
  'public.mkt_social_kpis': 'a day\'s KPIs are upserted (ON CONFLICT), never a 409',
  'public.mkt_persona_scores': 'scores are upserted (ON CONFLICT) per contact and segment',
  'public.mkt_campaign_content_assignments': 'campaign sets are replaced as a whole by the mkt-common sets routes',
  'public.mkt_campaign_ndp_assignments': 'campaign sets are replaced as a whole by the mkt-common sets routes',
  'public.mkt_campaign_pillar_assignments': 'campaign sets are replaced as a whole by the mkt-common sets routes',
  'public.mkt_campaign_segment_assignments': 'campaign sets are replaced as a whole by the mkt-common sets routes',
  'marketing.segments': 'its only key, segment_id, is the business ID the server generates (the segments domain writes it)',
  'marketing.campaign_events': 'its only key, campaign_event_id, is the business ID the server generates (events are ingested)',
  'public.mkt_segments': 'reference data: read-only through the API',
  'public.mkt_channels': 'reference data: read-only through the API',
  'public.mkt_ndp_categories': 'reference data: read-only through the API',
  'public.mkt_con_types': 'reference data: read-only through the API',
  'public.mkt_con_pillar_types': 'reference data: read-only through the API',
  'marketing.ref_content_types': 'reference data: read-only through the API',
  'marketing.ref_social_platforms': 'reference data: read-only through the API',
  'marketing.ref_campaign_types': 'reference data: read-only through the API',
  'marketing.ref_segment_criteria': 'reference data: read-only through the API',
};

let db: TestDatabase;
let constraints: Constraint[];
let allTables: Set<string>;

beforeAll(async () => {
  db = await createTestDatabase();
  const { rows } = await db.pool.query<{ table: string; name: string; columns: (string | null)[] }>(`
    SELECT n.nspname || '.' || t.relname AS table, ic.relname AS name,
           ARRAY(
             SELECT CASE WHEN k.attnum > 0 THEN a.attname::text
                         ELSE (SELECT min(v.attname) FROM pg_attribute v
                                WHERE v.attrelid = i.indrelid AND v.attnum > 0 AND pg_get_indexdef(i.indexrelid, k.ord::int, true) ~ ('\\m' || v.attname || '\\M')) END
               FROM unnest(i.indkey) WITH ORDINALITY k(attnum, ord)
               LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
              ORDER BY k.ord) AS columns
      FROM pg_index i
      JOIN pg_class t ON t.oid = i.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      JOIN pg_class ic ON ic.oid = i.indexrelid
     WHERE (i.indisunique OR EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid AND c.contype = 'x'))
       AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')`);
  const tables = await db.pool.query<{ table: string }>(
    `SELECT n.nspname || '.' || c.relname AS table FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p')`,
  );
  allTables = new Set(tables.rows.map((r) => r.table));
  constraints = rows
    .map((r) => ({ table: r.table, name: r.name, columns: r.columns.filter((c): c is string => c !== null) }))
    // A surrogate `id` key is the server's on every table (a uuid it generates).
    .filter((c) => !(c.name.endsWith('_pkey') && c.columns.join() === 'id'));
});

afterAll(async () => {
  await db.drop();
});

type Schema = { $ref?: string; properties?: Record<string, unknown>; allOf?: Schema[]; anyOf?: Schema[]; oneOf?: Schema[] };
type Operation = { parameters?: { in: string; name: string }[]; requestBody?: { content: Record<string, { schema: Schema }> } };
const document = buildOpenApiDocument({ routes }) as unknown as { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Schema> } };

function properties(schema: Schema | undefined): string[] {
  if (!schema) return [];
  if (schema.$ref) return properties(document.components.schemas[schema.$ref.replace('#/components/schemas/', '')]);
  return [...Object.keys(schema.properties ?? {}), ...[...(schema.allOf ?? []), ...(schema.anyOf ?? []), ...(schema.oneOf ?? [])].flatMap(properties)];
}

/** The fields a route's request can carry, as `body.x` and `params.x`, from its OpenAPI operation. */
function carried(route: ApiRoute): Set<string> {
  const operation = document.paths[route.clientPath ?? route.path]?.[route.method.toLowerCase()];
  expect(operation, `${route.operationId} in the document`).toBeDefined();
  const params = (operation!.parameters ?? []).filter((p) => p.in === 'path').map((p) => `params.${p.name}`);
  const body = Object.values(operation!.requestBody?.content ?? {}).flatMap((c) => properties(c.schema)).map((k) => `body.${k}`);
  return new Set([...params, ...body]);
}

/** What is wrong with a route's sources for one constraint, one line per column. */
function problems(route: ApiRoute, constraint: Constraint): string[] {
  const fields = carried(route);
  const declared = route.writes!.columns;
  const out: string[] = [];
  for (const column of constraint.columns) {
    const sources = declared[column];
    if (sources) {
      for (const s of sources.filter((s) => !fields.has(s))) out.push(`${constraint.name}.${column}: ${s} is not a field of the request`);
    } else if (!fields.has(`body.${column}`) && !fields.has(`params.${camelCase(column)}`)) {
      out.push(`${constraint.name}.${column}: not a field of the request; declare where the client gives it, or [] if the server's`);
    }
  }
  return out;
}

const writers = routes.filter((r) => r.writes);

describe('409 paths against the catalog', () => {
  it('reads the unique and exclusion keys of the schema', () => {
    expect(constraints.find((c) => c.name === 'property_content_one_hero_excl')?.columns).toEqual(['property_id']);
    expect(constraints.find((c) => c.name === 'uq_mkt_persona_contacts_email')?.columns).toEqual(['email']);
    expect(writers.length).toBeGreaterThan(40);
  });

  it('every write route names each column of its table\'s keys by a field its request can carry, or as the server\'s', () => {
    const out = writers.flatMap((route) =>
      constraints.filter((c) => c.table === route.writes!.table).flatMap((c) => problems(route, c).map((p) => `${route.operationId}: ${p}`)),
    );
    expect(out).toEqual([]);
  });

  it('every table with a unique or exclusion key is written by a route that declares it, or is listed with why not', () => {
    const written = new Set(writers.map((r) => r.writes!.table));
    const tables = [...new Set(constraints.map((c) => c.table))];
    expect(tables.filter((t) => !written.has(t) && !SERVER_KEYS[t])).toEqual([]);
    // The list holds only tables of the schema that no route declares.
    expect(Object.keys(SERVER_KEYS).filter((t) => !tables.includes(t) || written.has(t))).toEqual([]);
  });

  it('every declared table exists in the catalog', () => {
    expect(writers.map((r) => r.writes!.table).filter((t) => !allTables.has(t))).toEqual([]);
  });
});
