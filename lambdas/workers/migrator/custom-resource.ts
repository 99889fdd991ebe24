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
 * - Rollbacks. Schema changes cannot be undone, and a rollback must never
 *   fail (the stack would end in UPDATE_ROLLBACK_FAILED). CloudFormation rolls
 *   this resource back before the function whose bundle carries the files, so
 *   the rollback Update asks for the OLD hash while the bundle already has the
 *   NEW files. When the requested hash differs from the bundle's, we compare
 *   it with the database: if it is the hash of the files applied up to some
 *   point (the ledger in applied order, a prefix of it), the template asks for
 *   a schema the database already contains, so the request is a rollback (or
 *   an older template re-sent) and succeeds as a no-op returning the bundle's
 *   hash; the files stay applied, and a file that failed stays unapplied.
 *   Otherwise the mismatch is a stale or hand-edited asset and is refused, as
 *   before. (The event carries no rollback flag; this is why the ledger decides.)
 *   In such a rollback a failure to set up the database roles (an old secret
 *   unreadable, say) is logged, not thrown: the roles keep the newer template's
 *   passwords and grants.
 * - CloudFormation's response is limited to 4 KB: the failure Reason is capped
 *   at 1 KB and Data.Applied at 2000 bytes, counted in UTF-8 bytes.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import path from 'node:path';
import { getExecutor } from '../../platform/db/index.js';
import type { SqlExecutor } from '../../platform/db/executor.js';
import { RoleSetupError, applyDatabaseRoles } from './database-roles.js';
import { ChangedFileError, MigrationError } from './errors.js';
import { migrate } from './migrate.js';
import { LEDGER_TABLE } from './ledger.js';
import { readRoleLogins, roleSecretsOf } from './role-secrets.js';
import { combinedHash, compareSchemaNames, loadSchemaFiles } from './schema-files.js';

/** One physical resource for the life of the stack: an Update never replaces it, so never triggers a Delete. */
export const PHYSICAL_RESOURCE_ID = 'schema-migrations';

export interface MigrationResourceProperties {
  /** Combined hash of the schema files at synth time; a new value is what makes CloudFormation send an Update. */
  SchemaHash: string;
  /** The function roles' secrets (role-secrets.ts); absent in templates from before the roles. */
  DatabaseRoles?: { Access: string; SecretArn: string }[];
}

export interface MigrationResponse {
  PhysicalResourceId: string;
  /** `Roles`: the login roles set up in this run, comma-separated ('' without DatabaseRoles). */
  Data: { SchemaHash: string; Applied: string; AppliedCount: number; SkippedCount: number; Roles: string };
}

export interface MigrationHandlerDeps {
  executor: () => SqlExecutor;
  schemaDir: string;
  /** Attempts while the cluster resumes; ~2.5 min with the default backoff. */
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
  log?: (message: string) => void;
  /** Reads the role secrets; default a client of the function's region. */
  secrets?: () => Pick<SecretsManagerClient, 'send'>;
}

function isResuming(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const text = `${error.name} ${error instanceof MigrationError ? error.databaseMessage : error.message}`;
  return /DatabaseResuming|is resuming/i.test(text);
}

/** Cuts `text` to at most `maxBytes` of UTF-8 on a character boundary, marking a cut with `…`. */
export function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  const marker = '…';
  let end = Math.max(0, maxBytes - Buffer.byteLength(marker));
  // Back off continuation bytes (10xxxxxx) so no character is split.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8') + marker;
}

const MAX_REASON_BYTES = 1024;
const MAX_APPLIED_BYTES = 2000;

/** The reason CloudFormation shows: which file, which line, what PostgreSQL said. */
function failure(error: unknown): Error {
  return new Error(truncateUtf8(reasonOf(error), MAX_REASON_BYTES));
}

function reasonOf(error: unknown): string {
  if (error instanceof MigrationError) {
    return `Schema migration failed in ${error.file} at line ${error.line}: ${error.databaseMessage}`;
  }
  if (error instanceof ChangedFileError) return `Schema migration refused: ${error.message}`;
  if (error instanceof RoleSetupError) return `Database roles failed: ${error.message}`;
  return `Schema migration failed: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * Whether `hash` is the combined hash of the files applied up to some point:
 * the ledger in applied order, any non-empty prefix of it.
 */
async function isAppliedSchema(executor: SqlExecutor, hash: string): Promise<boolean> {
  const exists = await executor.query<{ present: boolean }>(`SELECT to_regclass('${LEDGER_TABLE}') IS NOT NULL AS present`);
  if (!exists.rows[0]?.present) return false;
  const { rows } = await executor.query<{ file: string; sha256: string }>(
    `SELECT file, sha256 FROM ${LEDGER_TABLE} ORDER BY applied_at, file`,
  );
  const applied: { name: string; sha256: string }[] = [];
  for (const row of rows) {
    applied.push({ name: row.file, sha256: row.sha256 });
    // combinedHash hashes names and checksums in the order loadSchemaFiles lists them (numeric prefix: 103_ after 99_).
    const sorted = [...applied].sort((a, b) => compareSchemaNames(a.name, b.name));
    if (combinedHash(sorted.map((f) => ({ ...f, sql: '' }))) === hash) return true;
  }
  return false;
}

function schemaHashOf(props: unknown): string | undefined {
  const value = (props as Partial<MigrationResourceProperties> | undefined)?.SchemaHash;
  return typeof value === 'string' ? value : undefined;
}

export function createMigrationHandler(deps: MigrationHandlerDeps) {
  const maxAttempts = deps.maxAttempts ?? 10;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const log = deps.log ?? ((message: string) => console.log(message));

  async function withRetry<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        if (!isResuming(error) || attempt >= maxAttempts) throw failure(error);
        // Exponential backoff with full jitter, capped: the cluster needs ~15–30 s to resume.
        const delay = Math.round(Math.random() * Math.min(20_000, 1_000 * 2 ** attempt));
        log(`database is resuming (attempt ${attempt}/${maxAttempts}); retrying in ${delay} ms`);
        await sleep(delay);
      }
    }
  }

  let secrets: Pick<SecretsManagerClient, 'send'> | undefined;
  const secretsClient = () => (secrets ??= deps.secrets?.() ?? new SecretsManagerClient({}));

  /** Creates or updates the function roles named by the properties; returns their names. */
  async function setUpRoles(event: CloudFormationCustomResourceEvent): Promise<string[]> {
    let logins;
    try {
      const named = roleSecretsOf(event.ResourceProperties);
      if (named.length === 0) return [];
      logins = await readRoleLogins(secretsClient(), named);
    } catch (error) {
      throw failure(error instanceof RoleSetupError ? error : new RoleSetupError(`reading the role secrets: ${(error as Error).message}`));
    }
    const names = await withRetry(() =>
      applyDatabaseRoles(deps.executor(), logins).catch((error: unknown) => {
        throw isResuming(error) || error instanceof RoleSetupError ? error : new RoleSetupError((error as Error).message);
      }),
    );
    log(`database roles set up: ${logins.map((l) => `${l.username} (${l.access})`).join(', ')}`);
    return names;
  }

  return async function handler(event: CloudFormationCustomResourceEvent): Promise<MigrationResponse> {
    if (event.RequestType === 'Delete') {
      log('delete: schema, data and database roles are kept');
      return {
        PhysicalResourceId: event.PhysicalResourceId,
        Data: { SchemaHash: schemaHashOf(event.ResourceProperties) ?? '', Applied: '', AppliedCount: 0, SkippedCount: 0, Roles: '' },
      };
    }
    const { response, rollback } = await applySchema(event);
    try {
      response.Data.Roles = (await setUpRoles(event)).join(',');
    } catch (error) {
      // A rollback must never fail (the stack would end in UPDATE_ROLLBACK_FAILED): the roles keep what the newer
      // template gave them, which the older template's functions can use as well (same role names, same grants).
      if (!rollback) throw error;
      log(`rollback: database roles left as they are (${(error as Error).message})`);
    }
    return response;
  };

  async function applySchema(
    event: Exclude<CloudFormationCustomResourceEvent, { RequestType: 'Delete' }>,
  ): Promise<{ response: MigrationResponse; rollback: boolean }> {
    const wanted = schemaHashOf(event.ResourceProperties) ?? '';
    const unchanged = {
      PhysicalResourceId: PHYSICAL_RESOURCE_ID,
      Data: { SchemaHash: wanted, Applied: '', AppliedCount: 0, SkippedCount: 0, Roles: '' },
    };

    if (event.RequestType === 'Update' && schemaHashOf(event.OldResourceProperties) === wanted) {
      log('update: schema files unchanged; nothing to apply');
      return { response: { ...unchanged, PhysicalResourceId: event.PhysicalResourceId }, rollback: false };
    }

    const files = await loadSchemaFiles(deps.schemaDir);
    const hash = combinedHash(files);
    if (wanted !== '' && hash !== wanted) {
      // A rollback asks for the older schema the database already holds: nothing to undo, nothing to apply.
      if (event.RequestType === 'Update' && (await withRetry(() => isAppliedSchema(deps.executor(), wanted)))) {
        log(`update: template asks for schema ${wanted}, already applied (a rollback); bundle ${hash} kept as is`);
        return { response: { PhysicalResourceId: event.PhysicalResourceId, Data: { ...unchanged.Data, SchemaHash: hash } }, rollback: true };
      }
      // The template and the bundle come from one synth; otherwise a mismatch means a stale or hand-edited asset.
      throw new Error(`Schema migration refused: bundled files hash ${hash} but the template expects ${wanted}; redeploy from a clean synth`);
    }
    const { applied, skipped } = await withRetry(() => migrate({ executor: deps.executor(), files, log }));
    log(`applied ${applied.length} file(s): ${applied.join(', ') || 'none'}; ${skipped.length} already applied`);
    return {
      response: {
        PhysicalResourceId: PHYSICAL_RESOURCE_ID,
        // Response Data is limited to 4 KiB: names of this run's files only, counts for the rest.
        Data: {
          SchemaHash: hash,
          Applied: truncateUtf8(applied.join(','), MAX_APPLIED_BYTES),
          AppliedCount: applied.length,
          SkippedCount: skipped.length,
          Roles: '',
        },
      },
      rollback: false,
    };
  }
}

/** The bundle carries the files in `schema/` beside the code (copied by the construct's bundling hook). */
const BUNDLED_SCHEMA_DIR = path.join(process.env.LAMBDA_TASK_ROOT ?? process.cwd(), 'schema');

export const handler = createMigrationHandler({ executor: getExecutor, schemaDir: process.env.SCHEMA_DIR ?? BUNDLED_SCHEMA_DIR });
