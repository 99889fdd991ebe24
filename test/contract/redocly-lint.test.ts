/**
 * The OpenAPI document passes Redocly CLI's `recommended` rules with no error
 * and no warning: the independent linter a user would run on it. Checked on
 * the document as built, on the one the local stack serves at /openapi.json
 * (fetched over HTTP, naming its server), and as built for a deployed stage's
 * URL.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../lambdas/app.js';
import { buildOpenApiDocument } from '../../lambdas/platform/openapi.js';
import { startTestApi, type TestApi } from '../support/api.js';

const run = promisify(execFile);
const REDOCLY = path.resolve('node_modules/.bin/redocly');

interface LintReport {
  totals: { errors: number; warnings: number; ignored: number };
  problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
}

let dir: string;
let api: TestApi;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'mkt-redocly-'));
  await writeFile(path.join(dir, 'redocly.yaml'), 'extends:\n  - recommended\n');
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Redocly's report on one document (its own file, linted as a user would). */
async function lint(name: string, document: unknown): Promise<LintReport> {
  const file = path.join(dir, `${name}.json`);
  await writeFile(file, typeof document === 'string' ? document : JSON.stringify(document));
  // Exit code 1 on errors: the report is read either way.
  const { stdout } = await run(REDOCLY, ['lint', file, '--format=json', `--config=${path.join(dir, 'redocly.yaml')}`], {
    cwd: dir,
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    maxBuffer: 64 * 1024 * 1024,
  }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
  return JSON.parse(stdout) as LintReport;
}

function expectClean(report: LintReport): void {
  const problems = report.problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
  expect(problems).toEqual([]);
  expect(report.totals).toEqual({ errors: 0, warnings: 0, ignored: 0 });
}

describe('Redocly lint of the OpenAPI document', () => {
  it('has zero errors and zero warnings under the recommended rules', async () => {
    expectClean(await lint('built', buildOpenApiDocument({ routes })));
  });

  it('the document the local stack serves (naming its server) has zero warnings too', async () => {
    const served = await fetch(`${api.url}/openapi.json`);
    expect(served.status).toBe(200);
    const text = await served.text();
    expect((JSON.parse(text) as { servers: { url: string }[] }).servers[0]?.url).toBe(api.url);
    expectClean(await lint('served', text));
  });

  it('as built for a deployed stage (its API Gateway URL) has zero warnings too', async () => {
    const url = 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com';
    const document = buildOpenApiDocument({ routes, serverUrl: url });
    expect(document.servers?.[0]?.url).toBe(url);
    expectClean(await lint('deployed', document));
  });
});
