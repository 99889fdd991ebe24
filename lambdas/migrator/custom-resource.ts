/**
 * CloudFormation custom resource (behind a custom-resources Provider) that
 * applies the bundled `schema/` files through the Data API with the same
 * migrator `npm start` uses.
 *
 * - Create, and Update when the files' combined hash changed: migrate.
 * - Update with the same hash, and Delete: nothing (the data stays).
 * - A failure throws; the Provider turns the message (file, line, PostgreSQL's
 *   message) into the FAILED reason CloudFormation shows, and the stack rolls back.
 * - A paused cluster (min capacity 0) answers DatabaseResumingException for
 *   ~15–30 s; we retry with backoff meanwhile (migrating again is safe: applied
 *   files are skipped).
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import path from 'node:path';
import { getExecutor } from '../shared/db/index.js';
import type { SqlExecutor } from '../shared/db/executor.js';
import { ChangedFileError, MigrationError } from './errors.js';
import { migrate } from './migrate.js';
import { combinedHash, loadSchemaFiles } from './schema-files.js';
import type { SchemaFile } from './schema-files.js';

/** One physical resource for the life of the stack: an Update never replaces it, so never triggers a Delete. */
export const PHYSICAL_RESOURCE_ID = 'schema-migrations';

export interface MigrationResourceProperties {
  /** Combined hash of the schema files at synth time; a new value is what makes CloudFormation send an Update. */
  SchemaHash: string;
}

export interface MigrationResponse {
  PhysicalResourceId: string;
  Data: { SchemaHash: string; Applied: string; AppliedCount: number; SkippedCount: number };
}

export interface MigrationHandlerDeps {
  executor: () => SqlExecutor;
  schemaDir: string;
  /** Attempts while the cluster resumes; ~2.5 min with the default backoff. */
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
  log?: (message: string) => void;
}

function isResuming(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const text = `${error.name} ${error instanceof MigrationError ? error.databaseMessage : error.message}`;
  return /DatabaseResuming|is resuming/i.test(text);
}

/** The reason CloudFormation shows: which file, which line, what PostgreSQL said. */
function failure(error: unknown): Error {
  if (error instanceof MigrationError) {
    return new Error(`Schema migration failed in ${error.file} at line ${error.line}: ${error.databaseMessage}`);
  }
  if (error instanceof ChangedFileError) return new Error(`Schema migration refused: ${error.message}`);
  return new Error(`Schema migration failed: ${error instanceof Error ? error.message : String(error)}`);
}

function schemaHashOf(props: unknown): string | undefined {
  const value = (props as Partial<MigrationResourceProperties> | undefined)?.SchemaHash;
  return typeof value === 'string' ? value : undefined;
}

export function createMigrationHandler(deps: MigrationHandlerDeps) {
  const maxAttempts = deps.maxAttempts ?? 10;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const log = deps.log ?? ((message: string) => console.log(message));

  async function migrateWithRetry(files: SchemaFile[]): Promise<{ applied: string[]; skipped: string[] }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await migrate({ executor: deps.executor(), files, log });
      } catch (error) {
        if (!isResuming(error) || attempt >= maxAttempts) throw failure(error);
        // Exponential backoff with full jitter, capped: the cluster needs ~15–30 s to resume.
        const delay = Math.round(Math.random() * Math.min(20_000, 1_000 * 2 ** attempt));
        log(`database is resuming (attempt ${attempt}/${maxAttempts}); retrying in ${delay} ms`);
        await sleep(delay);
      }
    }
  }

  return async function handler(event: CloudFormationCustomResourceEvent): Promise<MigrationResponse> {
    const wanted = schemaHashOf(event.ResourceProperties) ?? '';
    const unchanged = {
      PhysicalResourceId: PHYSICAL_RESOURCE_ID,
      Data: { SchemaHash: wanted, Applied: '', AppliedCount: 0, SkippedCount: 0 },
    };

    if (event.RequestType === 'Delete') {
      log('delete: schema and data are kept');
      return { ...unchanged, PhysicalResourceId: event.PhysicalResourceId };
    }
    if (event.RequestType === 'Update' && schemaHashOf(event.OldResourceProperties) === wanted) {
      log('update: schema files unchanged; nothing to apply');
      return { ...unchanged, PhysicalResourceId: event.PhysicalResourceId };
    }

    const files = await loadSchemaFiles(deps.schemaDir);
    const hash = combinedHash(files);
    // The template and the bundle come from one synth; a mismatch means a stale or hand-edited asset.
    if (wanted !== '' && hash !== wanted) {
      throw new Error(`Schema migration refused: bundled files hash ${hash} but the template expects ${wanted}; redeploy from a clean synth`);
    }
    const { applied, skipped } = await migrateWithRetry(files);
    log(`applied ${applied.length} file(s): ${applied.join(', ') || 'none'}; ${skipped.length} already applied`);
    return {
      PhysicalResourceId: PHYSICAL_RESOURCE_ID,
      // Response Data is limited to 4 KiB: names of this run's files only, counts for the rest.
      Data: { SchemaHash: hash, Applied: applied.join(',').slice(0, 2000), AppliedCount: applied.length, SkippedCount: skipped.length },
    };
  };
}

/** The bundle carries the files in `schema/` beside the code (copied by the construct's bundling hook). */
const BUNDLED_SCHEMA_DIR = path.join(process.env.LAMBDA_TASK_ROOT ?? process.cwd(), 'schema');

export const handler = createMigrationHandler({ executor: getExecutor, schemaDir: process.env.SCHEMA_DIR ?? BUNDLED_SCHEMA_DIR });
