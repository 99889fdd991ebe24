/**
 * Concurrent writers on every kind of conditional write the route table has:
 * for each item route with PATCH or DELETE (If-Match) and each status move
 * (`POST .../{id}/status`, If-Match), several writers send the same ETag at
 * once. Exactly one may win; the others get 412 (or 404 once a DELETE won),
 * never a 5xx, and the winner's values are what the row holds afterwards.
 */
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRoute } from '../../lambdas/platform/route-table.js';
import { jsonBodySchema } from './support/json-schema.js';
import { freshRow } from './support/rows.js';
import { describeTally, startScenario, tally, type Scenario } from './support/scenario.js';

const WRITERS = 6;
const PATCH_ROUNDS = 3;

let s: Scenario;
const outcomes = { races: 0, winners: 0, losers412: 0, losers404: 0, refusedByRule: [] as string[], notExercised: [] as string[], identical: 0 };

beforeAll(async () => {
  s = await startScenario('conditional writes (If-Match)');
});
afterAll(async () => {
  const f = s.figures;
  f.checks.push(`${outcomes.races} races × ${WRITERS} writers: ${outcomes.winners} winners, ${outcomes.losers412}×412, ${outcomes.losers404}×404`);
  if (outcomes.identical) f.checks.push(`${outcomes.identical} PATCH races with identical bodies (no text field to vary)`);
  if (outcomes.refusedByRule.length) f.checks.push(`refused by a domain rule for every writer (no race): ${outcomes.refusedByRule.join(', ')}`);
  if (outcomes.notExercised.length) f.checks.push(`not exercised: ${outcomes.notExercised.join(', ')}`);
  await s.finish();
});

type Kind = 'PATCH' | 'DELETE' | 'PATCH+DELETE' | 'status';

/** Fires one request per writer at once, all with the same If-Match; judges the outcome. */
async function race(label: string, kind: Kind, writers: Array<{ method: string; path: string; body?: unknown }>, etag: string, quietRefusal = false) {
  const answers = await Promise.all(
    writers.map((w) => s.client.call(w.method, w.path, { as: 'admin', headers: { 'if-match': etag }, ...(w.body === undefined ? {} : { body: w.body }) })),
  );
  const statuses = answers.map((a) => a.status);
  const winners = statuses.filter((st) => st >= 200 && st < 300).length;
  // A status move that lost may also hear 409: its row is no longer in a state the move starts from.
  const allowedLosers = kind === 'PATCH' ? [412] : kind === 'status' ? [412, 409] : [412, 404];
  const losersOk = statuses.every((st) => (st >= 200 && st < 300) || allowedLosers.includes(st));
  const identical = writers.every((w) => isDeepStrictEqual(w, writers[0]));
  if (winners === 0 && new Set(statuses).size === 1 && statuses[0]! < 500) {
    if (!quietRefusal) outcomes.refusedByRule.push(`${label} (${statuses[0]})`);
    return { winner: -1, answers };
  }
  outcomes.races += 1;
  outcomes.winners += winners;
  outcomes.losers412 += statuses.filter((st) => st === 412).length;
  outcomes.losers404 += statuses.filter((st) => st === 404).length;
  // Identical PATCHes leave the row (and so its ETag, an md5 of the row) as the first left it: more may win, harmlessly.
  const winnersOk = winners === 1 || (identical && kind === 'PATCH' && winners > 1);
  if (identical && kind === 'PATCH') outcomes.identical += 1;
  if (!winnersOk || !losersOk) s.figures.failures.push(`${label}: ${describeTally(tally(statuses))} (want 1 winner, the rest ${allowedLosers.join('/')})`);
  return { winner: statuses.findIndex((st) => st >= 200 && st < 300), answers };
}

/** Fields the winner sent that the row does not hold afterwards (only plain values, compared as sent). */
function lostFields(sent: unknown, row: unknown): string[] {
  if (!sent || typeof sent !== 'object' || !row || typeof row !== 'object') return [];
  return Object.entries(sent as Record<string, unknown>)
    .filter(([k, v]) => k in (row as object) && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'))
    .filter(([k, v]) => !isDeepStrictEqual((row as Record<string, unknown>)[k], v))
    .map(([k]) => k);
}

describe('concurrent conditional writers', () => {
  it('PATCH with If-Match: one winner per round, the rest 412, the winner\'s values kept', async () => {
    const patches = routesOf('PATCH');
    expect(patches.length).toBeGreaterThan(10);
    for (const route of patches) {
      const row = await freshRow(s.world, route.path);
      if ('why' in row) {
        outcomes.notExercised.push(`${route.method} ${route.path}: ${row.why}`);
        continue;
      }
      let etag = row.etag;
      for (let round = 0; round < PATCH_ROUNDS && etag; round++) {
        const bodies = [];
        for (let w = 0; w < WRITERS; w++) bodies.push(await s.world.bodyFor(route));
        const why = bodies.find((b) => 'why' in b);
        if (why && 'why' in why) {
          outcomes.notExercised.push(`${route.method} ${route.path}: ${why.why}`);
          break;
        }
        const sent = bodies.map((b) => ('body' in b ? b.body : undefined));
        const { winner, answers } = await race(`PATCH ${route.path}`, 'PATCH', sent.map((body) => ({ method: 'PATCH', path: row.path, body })), etag);
        if (winner < 0) break;
        const after = await s.client.call('GET', row.path);
        const lost = lostFields(sent[winner], after.body);
        if (after.status === 200 && lost.length > 0) {
          s.figures.lostOrHalfWritten += 1;
          s.figures.failures.push(`PATCH ${route.path}: the winner's ${lost.join(', ')} not kept`);
        }
        etag = answers[winner]!.headers.get('etag') ?? after.headers.get('etag');
      }
    }
    expect(s.figures.serverErrors).toEqual([]);
    expect(s.figures.lostOrHalfWritten).toBe(0);
    expect(s.figures.failures).toEqual([]);
  });

  it('DELETE with If-Match, and PATCH racing DELETE on one ETag: one winner, the rest 412 or 404', async () => {
    for (const route of routesOf('DELETE')) {
      const patch = s.world.routeOf('PATCH', route.path);
      for (const mixed of patch ? [false, true] : [false]) {
        const row = await freshRow(s.world, route.path);
        if ('why' in row || !row.etag) {
          if (!mixed) outcomes.notExercised.push(`DELETE ${route.path}: ${'why' in row ? row.why : 'not conditional (no ETag)'}`);
          continue;
        }
        const writers: Array<{ method: string; path: string; body?: unknown }> = [];
        for (let w = 0; w < WRITERS; w++) {
          const made = mixed && w % 2 === 1 ? await s.world.bodyFor(patch!) : undefined;
          writers.push(made && 'body' in made ? { method: 'PATCH', path: row.path, body: made.body } : { method: 'DELETE', path: row.path });
        }
        const { winner } = await race(`${mixed ? 'PATCH+DELETE' : 'DELETE'} ${route.path}`, mixed ? 'PATCH+DELETE' : 'DELETE', writers, row.etag);
        if (winner >= 0 && writers[winner]!.method === 'DELETE') {
          const gone = await s.client.call('GET', row.path);
          if (gone.status !== 404 && gone.status !== 405) s.figures.failures.push(`DELETE ${route.path}: the row still answers ${gone.status}`);
        }
      }
    }
    expect(s.figures.serverErrors).toEqual([]);
    expect(s.figures.failures).toEqual([]);
  });

  it('status moves with If-Match: one winner, the rest 412', async () => {
    const moves = s.world.routes.filter((r) => r.method === 'POST' && r.path.endsWith('/{id}/status'));
    expect(moves.length).toBeGreaterThan(0);
    for (const route of moves) {
      const op = s.world.doc.paths[route.path]?.post;
      const targets = ((op && jsonBodySchema(s.world.doc, op)?.properties?.status?.enum) ?? []) as string[];
      let raced = false;
      for (const target of targets) {
        const row = await freshRow(s.world, route.path.replace(/\/status$/, ''));
        if ('why' in row || !row.etag) {
          outcomes.notExercised.push(`${route.path}: ${'why' in row ? row.why : 'no ETag'}`);
          break;
        }
        const writers = Array.from({ length: WRITERS }, () => ({ method: 'POST', path: `${row.path}/status`, body: { status: target } }));
        // A target the new row cannot move to is refused for every writer: try the next one.
        const { winner } = await race(`status ${route.path} -> ${target}`, 'status', writers, row.etag, true);
        if (winner >= 0) {
          raced = true;
          break;
        }
      }
      if (!raced) outcomes.notExercised.push(`${route.path}: no status reachable from a new row`);
    }
    expect(s.figures.serverErrors).toEqual([]);
    expect(s.figures.failures).toEqual([]);
  });
});

/** Item routes of a method: the path ends in a parameter (`.../{id}`), as a conditional write's target does. */
function routesOf(method: string): AppRoute[] {
  return s.world.routes.filter((r) => r.method === method && /\/\{[^}]+\}$/.test(r.path));
}
