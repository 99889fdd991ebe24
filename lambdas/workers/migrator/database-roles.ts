/**
 * The database roles the functions log in as (least privilege): the migrator
 * alone uses the master user (DDL); every other function uses the role of the
 * access its declaration names (`FunctionAccess.database`, default `write`):
 *
 * - `write`: SELECT, INSERT, UPDATE, DELETE on every table and view of the
 *   application schemas, USAGE on their sequences; no DDL (it owns nothing and
 *   has no CREATE), no TRUNCATE, and only SELECT on the migration ledger.
 * - `read`: SELECT on the same tables, nothing else (health and the public
 *   calendar feed, which writes nothing as it reads).
 *
 * `applyDatabaseRoles` creates the login roles if missing, sets their
 * passwords (as SCRAM verifiers), copies the master's statement_timeout for
 * this database (schema/94), and converges their privileges to exactly the
 * above: revoke, then grant, on every table, sequence and default privilege
 * (so tables added by later files are covered too), all in one transaction and
 * idempotent. The CloudFormation custom resource runs it after the schema
 * (passwords from the secrets CDK made), and so does the local stack.
 */
import type { SqlExecutor } from '../../platform/db/executor.js';
import { textArrayLiteral } from '../../platform/db/values.js';
import type { DatabaseAccess } from '../../platform/http/domain.js';
import { LEDGER_TABLE, MIGRATION_LOCK, NO_STATEMENT_TIMEOUT } from './ledger.js';
import { scramVerifier } from './scram.js';

export const DATABASE_ACCESS_KINDS: readonly DatabaseAccess[] = ['write', 'read'];

/** The login names the deployed secrets carry (the custom resource takes each name from its secret). */
export const DEFAULT_ROLE_NAMES: Readonly<Record<DatabaseAccess, string>> = { write: 'mkt_writer', read: 'mkt_reader' };

/**
 * Every schema the schema files create tables in. A new schema must be added
 * here, or its tables are out of the functions' reach
 * (test/integration/database-roles.test.ts compares this list with the database).
 */
export const APPLICATION_SCHEMAS: readonly string[] = [
  'public',
  'marketing',
  'marketing_ops',
  'property',
  'directory',
  'reservations',
  'property_listings',
];

const TABLE_PRIVILEGES: Readonly<Record<DatabaseAccess, string>> = {
  write: 'SELECT, INSERT, UPDATE, DELETE',
  read: 'SELECT',
};

export interface RoleLogin {
  access: DatabaseAccess;
  username: string;
  password: string;
}

// Lower-case, unquoted PostgreSQL names only: they appear in statements as they are. `pg_` is reserved.
const ROLE_NAME = /^(?!pg_)[a-z_][a-z0-9_]{0,62}$/;
const MIN_PASSWORD_LENGTH = 16;

export class RoleSetupError extends Error {
  override readonly name = 'RoleSetupError';
}

function checkLogins(logins: readonly RoleLogin[]): void {
  const names = new Set<string>();
  for (const login of logins) {
    if (!ROLE_NAME.test(login.username)) throw new RoleSetupError(`role name ${JSON.stringify(login.username)} is not a plain lower-case PostgreSQL name`);
    if (names.has(login.username)) throw new RoleSetupError(`role ${login.username} is named for two kinds of access`);
    names.add(login.username);
    if (!DATABASE_ACCESS_KINDS.includes(login.access)) throw new RoleSetupError(`unknown database access ${String(login.access)}`);
    // The value itself is never part of a message.
    if (login.password.length < MIN_PASSWORD_LENGTH || !/^[\x21-\x7e]+$/.test(login.password)) {
      throw new RoleSetupError(`the password for ${login.username} must be at least ${MIN_PASSWORD_LENGTH} printable ASCII characters`);
    }
  }
}

/**
 * Creates the role when missing. An existing one with more than a login's
 * rights, or a member of other roles, is refused rather than quietly used:
 * whoever gave it those meant something this code would undo.
 */
function ensureLoginRole(name: string): string {
  return `DO $$
DECLARE r pg_roles%ROWTYPE;
BEGIN
  IF '${name}' = current_user THEN
    RAISE EXCEPTION 'role ${name} is the user running the migration; a function role must be another';
  END IF;
  SELECT * INTO r FROM pg_roles WHERE rolname = '${name}';
  IF NOT FOUND THEN
    CREATE ROLE ${name} LOGIN;
  ELSIF r.rolsuper OR r.rolcreaterole OR r.rolcreatedb OR r.rolreplication OR r.rolbypassrls THEN
    RAISE EXCEPTION 'role ${name} exists with more than login rights (superuser, createrole, createdb, replication or bypassrls); remove them first';
  END IF;
  IF EXISTS (SELECT 1 FROM pg_auth_members m WHERE m.member = (SELECT oid FROM pg_roles WHERE rolname = '${name}')) THEN
    RAISE EXCEPTION 'role ${name} is a member of other roles and would inherit their rights; revoke those memberships first';
  END IF;
END $$`;
}

/** The master's statement_timeout in this database (schema/94), or none: the function roles get the same budget. */
function copyStatementTimeout(name: string): string {
  return `DO $$
DECLARE timeout text;
BEGIN
  SELECT substr(c, length('statement_timeout=') + 1) INTO timeout
    FROM pg_db_role_setting s, unnest(s.setconfig) c
   WHERE s.setrole = (SELECT oid FROM pg_roles WHERE rolname = current_user)
     AND s.setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())
     AND c LIKE 'statement_timeout=%';
  IF timeout IS NULL THEN
    EXECUTE format('ALTER ROLE %I IN DATABASE %I RESET statement_timeout', '${name}', current_database());
  ELSE
    EXECUTE format('ALTER ROLE %I IN DATABASE %I SET statement_timeout = %L', '${name}', current_database(), timeout);
  END IF;
END $$`;
}

/** Revoke everything, then grant exactly what the access allows: the result does not depend on what was there. */
export function privilegeStatements(name: string, access: DatabaseAccess): string[] {
  const statements: string[] = [];
  const tables = TABLE_PRIVILEGES[access];
  for (const schema of APPLICATION_SCHEMAS) {
    statements.push(
      `GRANT USAGE ON SCHEMA ${schema} TO ${name}`,
      `REVOKE ALL ON ALL TABLES IN SCHEMA ${schema} FROM ${name}`,
      `REVOKE ALL ON ALL SEQUENCES IN SCHEMA ${schema} FROM ${name}`,
      `ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} REVOKE ALL ON TABLES FROM ${name}`,
      `ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} REVOKE ALL ON SEQUENCES FROM ${name}`,
      `GRANT ${tables} ON ALL TABLES IN SCHEMA ${schema} TO ${name}`,
      // Tables the master creates later (the next schema file) are covered before this runs again.
      `ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT ${tables} ON TABLES TO ${name}`,
    );
    if (access === 'write') {
      statements.push(
        `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${name}`,
        `ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT USAGE, SELECT ON SEQUENCES TO ${name}`,
      );
    }
  }
  // The ledger is the migrator's: functions read it (health), never write it.
  statements.push(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${LEDGER_TABLE} FROM ${name}`);
  return statements;
}

/** Creates or updates the login roles and their privileges in the executor's database; returns their names. */
export async function applyDatabaseRoles(executor: SqlExecutor, logins: readonly RoleLogin[]): Promise<string[]> {
  checkLogins(logins);
  await executor.transaction(async (tx) => {
    await tx.query(NO_STATEMENT_TIMEOUT);
    // Not while a migrator changes the schema, nor two of these at once.
    await tx.query(MIGRATION_LOCK);
    const missing = await tx.query<{ schema: string }>(
      `SELECT s AS schema FROM unnest(CAST(:schemas AS text[])) s WHERE to_regnamespace(s) IS NULL`,
      { schemas: textArrayLiteral(APPLICATION_SCHEMAS) },
    );
    if (missing.rows.length > 0) {
      throw new RoleSetupError(`schema ${missing.rows.map((r) => r.schema).join(', ')} does not exist; apply the schema files first`);
    }
    for (const login of logins) {
      await tx.query(ensureLoginRole(login.username));
      // A verifier, not the password: statement text may be logged by PostgreSQL.
      await tx.query(`ALTER ROLE ${login.username} WITH LOGIN PASSWORD '${scramVerifier(login.password)}'`);
      await tx.query(copyStatementTimeout(login.username));
      for (const statement of privilegeStatements(login.username, login.access)) await tx.query(statement);
    }
  });
  return logins.map((l) => l.username);
}
