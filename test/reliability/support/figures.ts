/**
 * One scenario's figures: requests sent, 5xx answers (each kept with its
 * request so the report can name it), rows lost or half written, and the
 * scenario's own checks. Each test file writes its figures to the run's folder
 * (provided by report.ts); the run prints them as one table at the end.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Folder where each scenario writes `<scenario>.json`. */
    reliabilityFiguresDir: string;
  }
}

export interface ServerError {
  request: string;
  status: number;
  body: string;
}

export interface ScenarioFigures {
  scenario: string;
  requests: number;
  serverErrors: ServerError[];
  lostOrHalfWritten: number;
  /** What else was checked, in words with numbers ("8 rounds × 8 writers: 8 winners, 56 × 412"). */
  checks: string[];
  /** Filled by a failing expectation's report, so a red scenario says why in the table. */
  failures: string[];
}

export function newFigures(scenario: string): ScenarioFigures {
  return { scenario, requests: 0, serverErrors: [], lostOrHalfWritten: 0, checks: [], failures: [] };
}

export async function saveFigures(figures: ScenarioFigures): Promise<void> {
  const dir = inject('reliabilityFiguresDir');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${figures.scenario.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.json`);
  await writeFile(file, JSON.stringify(figures, null, 2));
}
