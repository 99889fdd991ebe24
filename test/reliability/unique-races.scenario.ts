/**
 * Concurrent creates racing every unique constraint the API can reach. For
 * each create route and each unique index of its table (read from
 * pg_catalog) whose columns a client controls (body fields, or the parent in
 * the path), several clients POST the same body at once: exactly one 201, the
 * rest 409 problem+json, never a 5xx, and exactly one row more in the table.
 * Upserts (PUT on a natural key: daily KPIs, metrics, scores, set
 * replacements) race the same way: only 2xx or 409, and at most one new row.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRoute } from '../../lambdas/platform/route-table.js';
import type { UniqueIndex } from './support/catalog.js';
import { jsonBodySchema } from './support/json-schema.js';
import { describeTally, startScenario, tally, type Scenario } from './support/scenario.js';

const RACERS = 8;
/** Each round on a new key where the path names one (`{date}`), so the racers create, not update. */
const UPSERT_ROUNDS = 3;

let s: Scenario;
const seen = { races: 0, winners: 0, conflicts: 0, upserts: 0, notReachable: [] as string[], noConflict: [] as string[], skipped: [] as string[] };

beforeAll(async () => {
  s = await startScenario('unique races (concurrent creates)');
});
afterAll(async () => {
  const f = s.figures;
  f.checks.push(`${seen.races} races on unique indexes × ${RACERS}: ${seen.winners}×201, ${seen.conflicts}×409`);
  f.checks.push(`${seen.upserts} upsert (PUT) races × ${RACERS} (${UPSERT_ROUNDS} rounds per route)`);
  if (seen.notReachable.length) f.checks.push(`${seen.notReachable.length} unique indexes on server-set columns (business ids, hashes) not raceable`);
  if (seen.noConflict.length) f.checks.push(`no conflict raised (predicate or default not met): ${seen.noConflict.join(', ')}`);
  if (seen.skipped.length) f.checks.push(`not raced: ${seen.skipped.join(', ')}`);
  await s.finish();
});

/** POST routes of a collection that has items (`<path>/{x}` exists): the routes that create rows. */
function createRoutes(): AppRoute[] {
  return s.world.routes.filter((r) => r.method === 'POST' && r.request?.body && s.world.routes.some((o) => o.path.startsWith(`${r.path}/{`)));
}

async function rowCount(table: string): Promise<number> {
  const { rows } = await s.stack.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0]!.n;
}

/** The table a created row landed in, for create routes whose list declares none. */
async function tableHolding(id: string): Promise<string | undefined> {
  for (const table of s.world.catalog.tables) {
    try {
      const { rows } = await s.stack.sql.query(`SELECT 1 FROM ${table} WHERE id::text = :id`, { id });
      if (rows.length > 0) return table;
    } catch {
      // no id column
    }
  }
  return undefined;
}

/** What a partial index's predicate asks of the body, for the simple predicates the schema uses. */
function predicateValues(where: string | null): Record<string, unknown> | null {
  if (!where) return {};
  const out: Record<string, unknown> = {};
  for (const clause of where.replace(/^\(|\)$/g, '').split(/\s+AND\s+/i)) {
    const bool = /^\(?(\w+) = (true|false)\)?$/.exec(clause) ?? /^\(?(\w+)\)?$/.exec(clause);
    const text = /^\(?(\w+) = '([^']*)'(::\w+)?\)?$/.exec(clause);
    if (text) out[text[1]!] = text[2];
    else if (bool) out[bool[1]!] = bool[2] ? bool[2] === 'true' : true;
    else if (!/IS NOT NULL|<>|NOT|IS NULL/i.test(clause)) return null;
  }
  return out;
}

async function raceIndex(route: AppRoute, table: string, index: UniqueIndex, properties: Set<string>): Promise<void> {
  const label = `${route.path} on ${index.name}`;
  // A client sets a column through the body, or through the path when it is the collection's parent (its list's scope).
  const scope = s.world.routeOf('GET', route.path)?.list?.scope;
  const serverMade = index.columns.filter((c) => !properties.has(c) && c !== scope);
  if (serverMade.length > 0) {
    seen.notReachable.push(label);
    return;
  }
  const set = predicateValues(index.where);
  if (set === null) {
    seen.skipped.push(`${label} (predicate ${index.where})`);
    return;
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    const path = await s.world.pathFor(route.path, undefined, { fresh: true, method: 'POST' });
    const made = await s.world.bodyFor(route, { fresh: true, include: index.columns.filter((c) => properties.has(c)), set });
    if ('why' in made) {
      seen.skipped.push(`${label} (${made.why.slice(0, 120)})`);
      return;
    }
    const before = await rowCount(table);
    const answers = await Promise.all(Array.from({ length: RACERS }, () => s.client.call('POST', path, { as: 'admin', body: made.body })));
    const statuses = answers.map((a) => a.status);
    const added = (await rowCount(table)) - before;
    const winners = statuses.filter((st) => st === 201).length;
    if (winners === 0 && statuses.every((st) => st === 409) && attempt < 2) continue; // the fresh parents collided with an earlier race's row
    if (winners === RACERS) {
      seen.noConflict.push(label);
      return;
    }
    seen.races += 1;
    seen.winners += winners;
    seen.conflicts += statuses.filter((st) => st === 409).length;
    if (winners !== 1 || statuses.some((st) => st !== 201 && st !== 409)) s.figures.failures.push(`${label}: ${describeTally(tally(statuses))} (want 1×201, the rest 409)`);
    if (added !== winners) {
      s.figures.lostOrHalfWritten += Math.abs(added - winners);
      s.figures.failures.push(`${label}: ${winners} created but ${added} rows added`);
    }
    return;
  }
}

describe('concurrent creates on unique constraints', () => {
  it('every reachable unique index: one 201, the rest 409, one row', async () => {
    const routes = createRoutes();
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) {
      const op = s.world.doc.paths[route.path]?.post;
      const schema = op ? jsonBodySchema(s.world.doc, op) : undefined;
      const properties = new Set(Object.keys(schema?.properties ?? {}));
      let table = s.world.tableOf(route.path);
      if (!table) {
        const probe = await s.world.create(route, undefined, { fresh: true }).catch(() => undefined);
        const id = probe?.answer.status === 201 ? probe.answer.body.id : undefined;
        table = typeof id === 'string' ? await tableHolding(id) : undefined;
      }
      if (!table) {
        seen.skipped.push(`${route.path} (its table is not known: no row created)`);
        continue;
      }
      const indexes = s.world.catalog.uniques.filter((u) => u.table === table);
      for (const index of indexes) await raceIndex(route, table, index, properties);
    }
    expect(seen.races).toBeGreaterThan(5);
    expect(s.figures.serverErrors).toEqual([]);
    expect(s.figures.lostOrHalfWritten).toBe(0);
    expect(s.figures.failures).toEqual([]);
  });

  it('upserts (PUT on a natural key): only 2xx or 409, at most one new row per key', async () => {
    const puts = s.world.routes.filter((r) => r.method === 'PUT' && r.request?.body);
    expect(puts.length).toBeGreaterThan(3);
    for (const route of puts.flatMap((r) => Array.from({ length: UPSERT_ROUNDS }, () => r))) {
      const path = await s.world.pathFor(route.path, undefined, { method: 'PUT' });
      const made = await s.world.bodyFor(route);
      if ('why' in made) {
        seen.skipped.push(`PUT ${route.path} (${made.why.slice(0, 120)})`);
        continue;
      }
      const answers = await Promise.all(Array.from({ length: RACERS }, () => s.client.call('PUT', path, { as: 'admin', body: made.body })));
      const statuses = answers.map((a) => a.status);
      if (statuses.every((st) => st === statuses[0]) && statuses[0]! >= 400 && statuses[0]! < 500) {
        seen.skipped.push(`PUT ${route.path} (every racer ${statuses[0]}: ${answers[0]!.text.slice(0, 100)})`);
        continue;
      }
      seen.upserts += 1;
      const created = statuses.filter((st) => st === 201).length;
      if (statuses.some((st) => !(st >= 200 && st < 300) && st !== 409) || created > 1) {
        s.figures.failures.push(`PUT ${route.path}: ${describeTally(tally(statuses))} (want only 2xx or 409, at most one 201)`);
      }
    }
    expect(s.figures.serverErrors).toEqual([]);
    expect(s.figures.failures).toEqual([]);
  });
});
