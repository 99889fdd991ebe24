/**
 * The bad-input corpus from the OpenAPI document (support/corpus.ts): every
 * operation, every path and query parameter and every body field, with wrong
 * types, NUL bytes, huge strings and deeply nested values. A bad body must be
 * refused with a 4xx problem+json; no case may answer 5xx; and the database
 * is unchanged (every table's row count and checksum before and after).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeParse } from 'zod/v4/core';
import { casesFor, type BadCase } from './support/corpus.js';
import { operationsOf } from './support/json-schema.js';
import { describeTally, inParallel, startScenario, tally, type Scenario } from './support/scenario.js';
import { changedTables, snapshot } from './support/snapshot.js';

const WIDTH = 6;
/** The corpus stops sending at this point (reported), so the suite stays bounded on a slow machine. */
const DEADLINE_MS = 110_000;

let s: Scenario;
const statuses: number[] = [];
let planned = 0;
let operations = 0;

beforeAll(async () => {
  s = await startScenario('bad-input corpus (OpenAPI)');
});
afterAll(async () => {
  s.figures.checks.push(`${operations} operations, ${statuses.length} of ${planned} cases sent: ${describeTally(tally(statuses))}`);
  await s.finish();
});

describe('every operation with bad input', () => {
  it('4xx problem+json for bad bodies, no 5xx anywhere, the database unchanged', async () => {
    const ops = operationsOf(s.world.doc);
    operations = ops.length;
    expect(ops.length).toBeGreaterThan(200);
    // Real parents, ids and valid bodies first: making them writes rows, so before the snapshot.
    const cases: BadCase[] = [];
    for (const operation of ops) {
      const route = s.world.routeOf(operation.method, operation.path);
      const path = await s.world.pathFor(operation.path, undefined, { method: operation.method });
      const made = route && route.request?.body ? await s.world.bodyFor(route) : undefined;
      const base = made && 'body' in made ? made.body : {};
      const accepts = (body: unknown) => route?.request?.body !== undefined && safeParse(route.request.body, body).success;
      cases.push(...casesFor({ doc: s.world.doc, operation, path, base, accepts }));
    }
    planned = cases.length;
    const before = await snapshot(s.stack.sql, s.world.catalog.tables);
    const deadline = Date.now() + DEADLINE_MS;

    await inParallel(cases, WIDTH, async (c) => {
      if (Date.now() > deadline) return;
      const answer = await s.client.call(c.method, c.url, {
        as: 'admin',
        ...(c.body === undefined ? {} : { rawBody: c.body, headers: { 'content-type': c.contentType ?? 'application/json' } }),
      });
      statuses.push(answer.status);
      if (c.mustRefuse && (answer.status < 400 || answer.status >= 500)) {
        s.figures.failures.push(`${c.operation} ${c.what}: ${answer.status} (want 4xx)`);
      }
    });

    const changed = changedTables(before, await snapshot(s.stack.sql, s.world.catalog.tables));
    if (changed.length) {
      s.figures.lostOrHalfWritten += changed.length;
      s.figures.failures.push(`bad input changed ${changed.join(', ')}`);
    }
    expect(statuses.length).toBeGreaterThan(1000);
    expect(s.client.malformedErrors.slice(0, 20)).toEqual([]);
    expect(s.figures.serverErrors.slice(0, 20)).toEqual([]);
    expect(s.figures.failures.slice(0, 40)).toEqual([]);
  }, 240_000);
});
