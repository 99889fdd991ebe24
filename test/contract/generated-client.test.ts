/**
 * A client generated from the OpenAPI document (openapi-typescript types +
 * openapi-fetch) type-checks under `strict` and calls every route: one
 * generated call per operation, plus hand-written calls that hold the
 * document to what the README tells users (`limit: 5` is a number, a filter
 * repeats, `order` is an enum, the feed path ends in `.ics`, conditional
 * headers exist) and `@ts-expect-error` lines that fail the check if the
 * document grows loose again. Everything is written to a temporary folder.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { routes } from '../../lambdas/app.js';
import { buildOpenApiDocument } from '../../lambdas/platform/openapi.js';
import { everyRouteProgram, type Document } from './client-program.js';

const run = promisify(execFile);

const TYPED_USES = `import createClient from 'openapi-fetch';
import type { paths } from './api.js';

const client = createClient<paths>({ baseUrl: 'http://localhost:3000' });

export async function readmeCalls(): Promise<string | null | undefined> {
  const schedule = await client.GET('/v1/calendar-items', {
    params: { query: { limit: 5, scheduled_date: ['gte.2026-01-01', 'lte.2026-01-31'], scheduled_time: ['eq.18:30'], order: 'scheduled_date.asc' } },
  });
  const first: string | null | undefined = schedule.data?.data[0]?.scheduled_time;
  const next: string | null | undefined = schedule.data?.next_cursor;
  void next;
  // @ts-expect-error limit is an integer, not a string
  await client.GET('/v1/calendar-items', { params: { query: { limit: '5' } } });
  // @ts-expect-error a filter is a list of conditions (it may repeat)
  await client.GET('/v1/calendar-items', { params: { query: { scheduled_date: 'gte.2026-01-01' } } });
  await client.GET('/v1/content/{id}', { params: { path: { id: 'CON-010001' }, header: { 'If-None-Match': '"v.abc"' } } });
  await client.PATCH('/v1/content/{id}', { params: { path: { id: 'CON-010001' }, header: { 'If-Match': '"v.abc"' } }, body: { title: 'New title' } });
  const feed = await client.GET('/v1/calendar-feeds/{token}.ics', { params: { path: { token: 'secret' } } });
  void feed;
  const problem = await client.GET('/v1/content/{id}', { params: { path: { id: 'nope' } } });
  // Errors are problem+json, except the gateway's 401 ({ message }).
  const detail: string | undefined = problem.error && 'detail' in problem.error ? problem.error.detail : problem.error?.message;
  void detail;
  return first;
}
`;

describe('a client generated from the OpenAPI document', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('type-checks under strict and calls every route', { timeout: 300_000 }, async () => {
    const document = buildOpenApiDocument({ routes }) as unknown as Document;
    dir = await mkdtemp(path.join(tmpdir(), 'mkt-client-'));
    await symlink(path.resolve('node_modules'), path.join(dir, 'node_modules'), 'dir');
    const types = astToString(await openapiTS(document as never));
    const program = everyRouteProgram(document);
    expect(program.operations).toBe(routes.length);
    await writeFile(path.join(dir, 'api.ts'), types);
    await writeFile(path.join(dir, 'calls.ts'), program.source);
    await writeFile(path.join(dir, 'readme-calls.ts'), TYPED_USES);
    await writeFile(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noUncheckedIndexedAccess: true,
          exactOptionalPropertyTypes: false,
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          lib: ['ES2022', 'DOM'],
          noEmit: true,
          skipLibCheck: true,
        },
        files: ['api.ts', 'calls.ts', 'readme-calls.ts'],
      }),
    );
    await writeFile(path.join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
    const tsc = path.resolve('node_modules/.bin/tsc');
    const result = await run(tsc, ['-p', path.join(dir, 'tsconfig.json')], { cwd: dir, maxBuffer: 64 * 1024 * 1024 }).then(
      () => '',
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    expect(result.split('\n').filter(Boolean).slice(0, 40)).toEqual([]);
  });
});
