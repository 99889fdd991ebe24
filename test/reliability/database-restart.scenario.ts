/**
 * The database killed and restarted under load. Writers create content
 * (one statement writes the row and, by trigger, its version 1) and readers
 * list it, while PostgreSQL is killed as a crash would (SIGQUIT: immediate
 * shutdown, WAL recovery on the next start) and started again on the same
 * data folder. While it is down every answer is 503 problem+json with
 * Retry-After; nothing acknowledged is lost; no row is half written (content
 * without its version); and the API serves again without restarting the
 * stack.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from './support/client.js';
import { startScenario, type Scenario } from './support/scenario.js';

const LANES = 6;
const HEALTHY_MS = 2_000;
const DOWN_MS = 8_000;
const RECOVERY_LIMIT_MS = 30_000;
const AFTER_MS = 3_000;
const CONTENT = '/v1/content';

let s: Scenario;
const acknowledged: string[] = [];
const refused: string[] = [];
let otherStatuses: string[] = [];
let recoveredInMs = -1;

beforeAll(async () => {
  s = await startScenario('database killed and restarted under load');
});
afterAll(async () => {
  const c = s.client.unavailable;
  s.figures.checks.push(`${acknowledged.length} creates acknowledged, ${refused.length} refused with 503 (${c.count} 503s in all, ${c.withoutRetryAfter} without Retry-After)`);
  s.figures.checks.push(`served again ${recoveredInMs} ms after the restart began, stack not restarted`);
  if (otherStatuses.length) s.figures.checks.push(`other answers: ${otherStatuses.slice(0, 5).join(', ')}`);
  await s.finish();
});

describe('PostgreSQL killed and restarted while the API is under load', () => {
  it('503 with Retry-After while down, nothing lost or half written, serving again after the restart', async () => {
    const route = s.world.routeOf('POST', CONTENT)!;
    const made = await s.world.bodyFor(route);
    expect('body' in made).toBe(true);
    const template = (made as { body: Record<string, unknown> }).body;
    let stop = false;
    let n = 0;

    const lane = async (laneNo: number) => {
      while (!stop) {
        const title = `restart-${laneNo}-${n++}`;
        let answer: Answer<{ id?: string }>;
        try {
          answer = await s.client.call<{ id?: string }>('POST', CONTENT, { as: 'marketer', body: { ...template, title }, timeoutMs: 20_000 });
        } catch (error) {
          otherStatuses.push(`${title}: ${(error as Error).name}`);
          continue;
        }
        if (answer.status === 201 && answer.body.id) acknowledged.push(answer.body.id);
        else if (answer.status === 503) refused.push(title);
        else otherStatuses.push(`${answer.status}`);
        const read = await s.client.call('GET', `${CONTENT}?limit=5`, { as: 'viewer', timeoutMs: 20_000 }).catch(() => undefined);
        if (read && read.status !== 200 && read.status !== 503) otherStatuses.push(`list ${read.status}`);
      }
    };
    const lanes = Array.from({ length: LANES }, (_, i) => lane(i));

    await new Promise((r) => setTimeout(r, HEALTHY_MS));
    s.client.expectUnavailable = true;
    await s.stack.killDatabase();
    await new Promise((r) => setTimeout(r, DOWN_MS));
    const restartAt = Date.now();
    await s.stack.startDatabase();
    // Served again: a database-backed read answers 200, within a bound.
    while (Date.now() - restartAt < RECOVERY_LIMIT_MS) {
      const probe = await s.client.call('GET', `${CONTENT}?limit=1`, { as: 'viewer' }).catch(() => undefined);
      if (probe?.status === 200) {
        recoveredInMs = Date.now() - restartAt;
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    await new Promise((r) => setTimeout(r, AFTER_MS));
    s.client.expectUnavailable = false;
    stop = true;
    await Promise.all(lanes);

    // After recovery, every create succeeds again.
    const burst = await Promise.all(
      Array.from({ length: 10 }, (_, i) => s.client.call<{ id?: string }>('POST', CONTENT, { as: 'marketer', body: { ...template, title: `after-${i}` } })),
    );
    for (const a of burst) if (a.status === 201 && a.body.id) acknowledged.push(a.body.id);
    otherStatuses = otherStatuses.concat(burst.filter((a) => a.status !== 201).map((a) => `after ${a.status}`));

    // Nothing acknowledged is lost; no content without its version 1 (the same statement writes both).
    const ids = await s.stack.sql.query<{ id: string }>('SELECT id::text AS id FROM marketing.content');
    const present = new Set(ids.rows.map((r) => r.id));
    const lost = acknowledged.filter((id) => !present.has(id));
    const halfWritten = await s.stack.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM marketing.content c
        WHERE NOT EXISTS (SELECT 1 FROM marketing.content_versions v WHERE v.content_id = c.id AND v.version_number = 1)`,
    );
    s.figures.lostOrHalfWritten = lost.length + halfWritten.rows[0]!.n;
    if (lost.length) s.figures.failures.push(`${lost.length} acknowledged creates missing`);
    if (halfWritten.rows[0]!.n) s.figures.failures.push(`${halfWritten.rows[0]!.n} content rows without version 1`);

    expect(refused.length).toBeGreaterThan(0); // the outage was seen
    expect(s.client.unavailable.withoutRetryAfter).toBe(0);
    expect(recoveredInMs).toBeGreaterThanOrEqual(0);
    expect(burst.every((a) => a.status === 201)).toBe(true);
    expect(s.figures.serverErrors).toEqual([]);
    expect(s.figures.lostOrHalfWritten).toBe(0);
    expect(s.figures.failures).toEqual([]);
  });
});
