/**
 * The OpenAPI document passes Redocly CLI's `recommended` rules with no error
 * and no warning: the independent linter a user would run on it.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { routes } from '../../lambdas/app.js';
import { buildOpenApiDocument } from '../../lambdas/platform/openapi.js';

const run = promisify(execFile);
const REDOCLY = path.resolve('node_modules/.bin/redocly');

interface LintReport {
  totals: { errors: number; warnings: number; ignored: number };
  problems: { ruleId: string; severity: string; message: string; location: { pointer: string }[] }[];
}

describe('Redocly lint of the OpenAPI document', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('has zero errors and zero warnings under the recommended rules', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mkt-redocly-'));
    const file = path.join(dir, 'openapi.json');
    await writeFile(file, JSON.stringify(buildOpenApiDocument({ routes })));
    await writeFile(path.join(dir, 'redocly.yaml'), 'extends:\n  - recommended\n');
    // Exit code 1 on errors: the report is read either way.
    const { stdout } = await run(REDOCLY, ['lint', file, '--format=json', `--config=${path.join(dir, 'redocly.yaml')}`], {
      cwd: dir,
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      maxBuffer: 64 * 1024 * 1024,
    }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? '' }));
    const report = JSON.parse(stdout) as LintReport;
    const problems = report.problems.map((p) => `${p.severity} ${p.ruleId} at ${p.location[0]?.pointer}: ${p.message}`);
    expect(problems).toEqual([]);
    expect(report.totals).toEqual({ errors: 0, warnings: 0, ignored: 0 });
  });
});
