/**
 * The local stand-ins for the deployed database secrets: a placeholder secret
 * ARN per kind of access, each mapped to its role's login, as the Data API
 * logs in with the credentials of the secret a call names. The master's ARN
 * maps to the Aurora-master-like role (app-role.ts), which migrates and then
 * creates the function roles with `applyDatabaseRoles`, as the deployed
 * custom resource does. Passwords are made at each start and kept in memory
 * only: the roles get them again at every start.
 */
import { randomBytes } from 'node:crypto';
import { databaseAccessOf, type DatabaseAccess, type FunctionAccess } from '../../lambdas/platform/http/domain.js';
import { DATABASE_ACCESS_KINDS, DEFAULT_ROLE_NAMES, type RoleLogin } from '../../lambdas/workers/migrator/database-roles.js';
import { withDatabaseSecret } from '../../lambdas/platform/db/index.js';
import { secretsError } from '../data-api/service-error.js';
import { importDomainHandler, type LambdaHandler } from '../http-api/index.js';

export interface LocalDatabaseSecrets {
  /** The master's secret: migrations and role set-up only. */
  readonly masterSecretArn: string;
  secretArnFor(access: DatabaseAccess): string;
  /** What `applyDatabaseRoles` needs to create the roles these secrets log in as. */
  readonly logins: readonly RoleLogin[];
  /** For the local Data API: a request's database as the role of its secret; an unknown secret is refused. */
  connectionStringFor(database: string, secretArn: string | undefined): string;
}

export interface LocalDatabaseSecretsOptions {
  /** The master's placeholder ARN; each role's is this plus `-<access>`. */
  masterSecretArn: string;
  /** Connection string of a database as the master-like role. */
  masterUrl: (database: string) => string;
  /** Role names; default the deployed ones (tests sharing one server pass their own). */
  names?: Partial<Record<DatabaseAccess, string>>;
}

/** `url` with another user and password. */
export function loginUrl(url: string, username: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(username);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

export function localDatabaseSecrets(options: LocalDatabaseSecretsOptions): LocalDatabaseSecrets {
  const logins = DATABASE_ACCESS_KINDS.map((access) => ({
    access,
    username: options.names?.[access] ?? DEFAULT_ROLE_NAMES[access],
    password: randomBytes(24).toString('base64url'),
  }));
  const secretArnFor = (access: DatabaseAccess) => `${options.masterSecretArn}-${access}`;
  const byArn = new Map(logins.map((login) => [secretArnFor(login.access), login]));
  return {
    masterSecretArn: options.masterSecretArn,
    secretArnFor,
    logins,
    connectionStringFor(database, secretArn) {
      if (secretArn === options.masterSecretArn) return options.masterUrl(database);
      const login = secretArn === undefined ? undefined : byArn.get(secretArn);
      if (!login) throw secretsError(secretArn);
      return loginUrl(options.masterUrl(database), login.username, login.password);
    },
  };
}

/** A handler whose database calls carry `secretArn`, as the function's own environment would give them in Lambda. */
export function runAsFunction<A extends unknown[], R>(secretArn: string, handler: (...args: A) => R): (...args: A) => R {
  return (...args: A) => withDatabaseSecret(secretArn, () => handler(...args));
}

/** A domain's handler as the local stack runs it: its calls carry the secret of the access the domain declares. */
export async function loadDomainAsDeployed(
  domain: string,
  secrets: LocalDatabaseSecrets,
  declarations: readonly { name: string; access?: FunctionAccess }[],
): Promise<LambdaHandler> {
  const access = databaseAccessOf(declarations.find((d) => d.name === domain)?.access);
  return runAsFunction(secrets.secretArnFor(access), await importDomainHandler(domain));
}
