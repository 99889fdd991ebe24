/**
 * `npm run migrate`: applies `schema/` (each file once, in order) to the target
 * the environment names (see migrate-target.ts) and says what it applied.
 */
import path from 'node:path';
import { loadSchemaFiles, migrate } from '../lambdas/workers/migrator/index.js';
import { openMigrateTarget } from './migrate-target.js';

const log = (line: string) => process.stdout.write(`${line}\n`);
try {
  const target = await openMigrateTarget(process.env, log);
  try {
    log(`Migrating ${target.description}…`);
    const result = await migrate({ executor: target.executor, files: await loadSchemaFiles(path.resolve('schema')), log: (m) => log(`  ${m}`) });
    log(`Applied ${result.applied.length} file(s)${result.applied.length ? `: ${result.applied.join(', ')}` : ''}; ${result.skipped.length} already applied.`);
  } finally {
    await target.close();
  }
} catch (error) {
  process.stderr.write(`Migration failed: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
