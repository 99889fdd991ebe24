/**
 * vitest globalSetup of the reliability suite: a fresh folder for the
 * scenarios' figures, and at the end one table of them on stdout (the table
 * the README quotes), with every 5xx listed under it.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { noteNodeSupportOnce } from '../../../local/node-support.js';
import type { ScenarioFigures } from './figures.js';

export function figuresTable(all: readonly ScenarioFigures[]): string {
  const rows = all.map((f) => [
    f.scenario,
    String(f.requests),
    String(f.serverErrors.length),
    String(f.lostOrHalfWritten),
    [...f.checks, ...f.failures.map((m) => `FAILED: ${m}`)].join('; '),
  ]);
  const total = ['total', String(all.reduce((n, f) => n + f.requests, 0)), String(all.reduce((n, f) => n + f.serverErrors.length, 0)),
    String(all.reduce((n, f) => n + f.lostOrHalfWritten, 0)), ''];
  const lines = [
    '| Scenario | Requests | 5xx | Lost or half-written rows | Other checks |',
    '|---|---:|---:|---:|---|',
    ...[...rows, total].map((r) => `| ${r.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`),
  ];
  return lines.join('\n');
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Once for the run; the workers inherit the SDK's switch from vitest.reliability.config.ts.
  noteNodeSupportOnce();
  const dir = await mkdtemp(path.join(tmpdir(), 'mkt-reliability-figures-'));
  project.provide('reliabilityFiguresDir', dir);
  return async () => {
    const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
    const all = await Promise.all(files.map(async (f) => JSON.parse(await readFile(path.join(dir, f), 'utf8')) as ScenarioFigures));
    const order = ['conditional', 'unique', 'gallery', 's3', 'database', 'slow', 'bad-input'];
    all.sort((a, b) => order.findIndex((o) => a.scenario.startsWith(o)) - order.findIndex((o) => b.scenario.startsWith(o)));
    const out = ['', 'Reliability suite (local stack on 127.0.0.1):', '', figuresTable(all), ''];
    for (const f of all) {
      for (const e of f.serverErrors.slice(0, 20)) out.push(`  5xx in ${f.scenario}: ${e.request} -> ${e.status} ${e.body.slice(0, 300)}`);
      if (f.serverErrors.length > 20) out.push(`  ... and ${f.serverErrors.length - 20} more 5xx in ${f.scenario}`);
    }
    process.stdout.write(`${out.join('\n')}\n`);
    await rm(dir, { recursive: true, force: true });
  };
}
