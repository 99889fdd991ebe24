/**
 * Slow and oversized bodies. Every operation with a body is sent one byte
 * over its limit (the route's own, else MAX_BODY_BYTES) and must answer 413
 * problem+json; one body over API Gateway's 10 MiB payload limit gets the
 * gateway's own 413. Slowloris-style clients trickle bodies and headers a byte
 * at a time, bounded by a timeout after which they give up; meanwhile ordinary
 * requests are served, a trickled body that completes is handled normally, and
 * one abandoned half way writes nothing. The database is unchanged by every
 * refused request.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../lambdas/platform/http/body.js';
import { MAX_PAYLOAD_BYTES } from '../../local/http-api/index.js';
import { isProblemJson } from './support/client.js';
import { operationsOf } from './support/json-schema.js';
import { describeTally, inParallel, startScenario, tally, type Scenario } from './support/scenario.js';
import { changedTables, snapshot } from './support/snapshot.js';

const TRICKLE_BYTE_MS = 100;
/** A slow client gives up after this long: the scenario's bound, not the server's. */
const TRICKLE_LIMIT_MS = 4_000;
const ABANDONING = 8;
const COMPLETING = 3;
const HEADER_ONLY = 4;
const WEBSITES = '/v1/websites';

let s: Scenario;
const seen = { oversized: [] as number[], slowServed: 0, slowestMs: 0, completed: [] as number[], gatewayStatus: 0 };

beforeAll(async () => {
  s = await startScenario('slow and oversized bodies');
});
afterAll(async () => {
  s.figures.checks.push(`${seen.oversized.length} bodies one byte over the limit: ${describeTally(tally(seen.oversized))}; over 10 MiB: ${seen.gatewayStatus}`);
  s.figures.checks.push(
    `${ABANDONING} abandoned + ${HEADER_ONLY} header-only trickles (${TRICKLE_LIMIT_MS / 1000} s bound), ${COMPLETING} completed (${describeTally(tally(seen.completed))}); ` +
      `${seen.slowServed} ordinary requests served meanwhile, slowest ${seen.slowestMs} ms`,
  );
  await s.finish();
});

/** Sends raw HTTP/1.1 and trickles `trickled`; resolves with the status line's code, or 0 if it gave up first. */
function trickle(head: string, trickled: string, giveUpMs: number): Promise<number> {
  const url = new URL(s.stack.url);
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    let answer = '';
    let i = 0;
    let timer: NodeJS.Timeout | undefined;
    const done = (status: number) => {
      clearInterval(timer);
      clearTimeout(limit);
      socket.destroy();
      resolve(status);
    };
    const limit = setTimeout(() => done(0), giveUpMs);
    socket.on('data', (chunk) => {
      answer += chunk.toString();
      const status = /^HTTP\/1\.1 (\d{3})/.exec(answer);
      if (status && answer.includes('\r\n\r\n')) done(Number(status[1]));
    });
    socket.on('error', () => done(0));
    socket.on('connect', () => {
      socket.write(head);
      timer = setInterval(() => {
        if (i < trickled.length) socket.write(trickled[i++]!);
      }, TRICKLE_BYTE_MS);
    });
  });
}

describe('bodies over the limits', () => {
  it('one byte over every operation\'s body limit: 413 problem+json, nothing written', async () => {
    const before = await snapshot(s.stack.sql, s.world.catalog.tables);
    const withBodies = operationsOf(s.world.doc).filter((o) => o.op.requestBody);
    expect(withBodies.length).toBeGreaterThan(50);
    await inParallel(withBodies, 4, async ({ method, path, op }) => {
      const route = s.world.routeOf(method, path);
      const limit = route?.request?.maxBody?.bytes ?? MAX_BODY_BYTES;
      const type = Object.keys(op.requestBody!.content)[0]!;
      const concrete = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      const prefix = '{"padding":"';
      const body = `${prefix}${'a'.repeat(limit + 1 - prefix.length - 2)}"}`;
      const answer = await s.client.call(method, concrete, { as: 'admin', rawBody: body, headers: { 'content-type': type.includes('*') ? 'application/json' : type } });
      seen.oversized.push(answer.status);
      if (answer.status !== 413 || !isProblemJson(answer)) s.figures.failures.push(`${method} ${path}: ${answer.status} for ${limit + 1} bytes`);
    });
    const huge = await s.client.call('POST', WEBSITES, { as: 'admin', rawBody: 'a'.repeat(MAX_PAYLOAD_BYTES + 1) });
    seen.gatewayStatus = huge.status;
    if (huge.status !== 413) s.figures.failures.push(`POST ${WEBSITES} over 10 MiB: ${huge.status}`);
    const changed = changedTables(before, await snapshot(s.stack.sql, s.world.catalog.tables));
    if (changed.length) s.figures.failures.push(`oversized bodies changed ${changed.join(', ')}`);
    expect(s.figures.serverErrors).toEqual([]);
    expect(s.figures.failures).toEqual([]);
  });
});

describe('slow clients', () => {
  it('trickled bodies and headers, bounded: others are served, a completed one is handled, an abandoned one writes nothing', async () => {
    const url = new URL(s.stack.url);
    const head = (body: string) =>
      `POST ${WEBSITES} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${s.stack.tokens.marketer}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
    const abandoned = Array.from({ length: ABANDONING }, (_, i) => JSON.stringify({ website_name: `slow-abandoned-${i}-${'x'.repeat(80)}` }));
    const completing = Array.from({ length: COMPLETING }, (_, i) => JSON.stringify({ website_name: `slow-done-${i}` }));
    s.figures.requests += ABANDONING + COMPLETING + HEADER_ONLY;
    const slow = [
      ...abandoned.map((b) => trickle(head(b), b, TRICKLE_LIMIT_MS)),
      ...completing.map((b) => trickle(head(b), b, TRICKLE_LIMIT_MS + 4_000)),
      ...Array.from({ length: HEADER_ONLY }, () => trickle('', `GET ${WEBSITES} HTTP/1.1\r\nHost: ${url.host}\r\nX-Slow: ${'y'.repeat(100)}`, TRICKLE_LIMIT_MS)),
    ];
    // Meanwhile, ordinary clients are served.
    const started = Date.now();
    while (Date.now() - started < TRICKLE_LIMIT_MS) {
      const t = Date.now();
      const read = await s.client.call('GET', `${WEBSITES}?limit=5`, { as: 'viewer', timeoutMs: 10_000 });
      seen.slowestMs = Math.max(seen.slowestMs, Date.now() - t);
      if (read.status === 200) seen.slowServed += 1;
      else s.figures.failures.push(`an ordinary GET answered ${read.status} meanwhile`);
    }
    const statuses = await Promise.all(slow);
    seen.completed = statuses.slice(ABANDONING, ABANDONING + COMPLETING);
    if (statuses.slice(0, ABANDONING).some((st) => st !== 0)) s.figures.failures.push(`an abandoned trickle got an answer: ${statuses.slice(0, ABANDONING)}`);
    if (seen.completed.some((st) => st !== 201)) s.figures.failures.push(`completed trickles answered ${seen.completed}`);
    for (const st of statuses) if (st >= 500) s.figures.serverErrors.push({ request: 'trickled request', status: st, body: '' });

    const rows = await s.stack.sql.query<{ name: string }>("SELECT website_name AS name FROM marketing.websites WHERE website_name LIKE 'slow-%'");
    const names = rows.rows.map((r) => r.name);
    const written = names.filter((n) => n.startsWith('slow-abandoned-')).length;
    if (written) {
      s.figures.lostOrHalfWritten += written;
      s.figures.failures.push(`${written} abandoned bodies were written`);
    }
    if (names.filter((n) => n.startsWith('slow-done-')).length !== COMPLETING) s.figures.failures.push(`completed trickles wrote ${names.length} rows`);
    expect(seen.slowServed).toBeGreaterThan(0);
    expect((await s.client.call('GET', `${WEBSITES}?limit=1`, { as: 'viewer' })).status).toBe(200);
    expect(s.figures.serverErrors).toEqual([]);
    expect(s.figures.failures).toEqual([]);
  });
});
