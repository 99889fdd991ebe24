/**
 * The function roles' logins, read from the Secrets Manager secrets CDK
 * created for them (`{"username": ..., "password": ...}`, the shape the Data
 * API reads). The custom resource names the secrets in its properties, so a
 * replaced secret is a changed property and sets the new password in the same
 * deploy. No message ever carries a secret's value.
 */
import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { DatabaseAccess } from '../../platform/http/domain.js';
import { DATABASE_ACCESS_KINDS, RoleSetupError, type RoleLogin } from './database-roles.js';

/** One entry of the custom resource's `DatabaseRoles` property. */
export interface RoleSecretProperty {
  Access: DatabaseAccess;
  SecretArn: string;
}

/** The `DatabaseRoles` property, checked; empty when absent (a template from before the roles). */
export function roleSecretsOf(props: unknown): RoleSecretProperty[] {
  const value = (props as { DatabaseRoles?: unknown } | undefined)?.DatabaseRoles;
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new RoleSetupError('DatabaseRoles must be a list of { Access, SecretArn }');
  return value.map((entry: unknown, i) => {
    const { Access, SecretArn } = (entry ?? {}) as Partial<Record<string, unknown>>;
    if (!DATABASE_ACCESS_KINDS.includes(Access as DatabaseAccess) || typeof SecretArn !== 'string' || !SecretArn.startsWith('arn:')) {
      throw new RoleSetupError(`DatabaseRoles[${i}] must name an access (${DATABASE_ACCESS_KINDS.join(' or ')}) and a secret ARN`);
    }
    return { Access: Access as DatabaseAccess, SecretArn };
  });
}

export async function readRoleLogins(client: Pick<SecretsManagerClient, 'send'>, secrets: readonly RoleSecretProperty[]): Promise<RoleLogin[]> {
  return Promise.all(
    secrets.map(async ({ Access, SecretArn }) => {
      const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: SecretArn }));
      let parsed: unknown;
      try {
        parsed = JSON.parse(SecretString ?? '');
      } catch {
        throw new RoleSetupError(`secret ${SecretArn} is not JSON with username and password`);
      }
      const { username, password } = (parsed ?? {}) as Partial<Record<string, unknown>>;
      if (typeof username !== 'string' || typeof password !== 'string') {
        throw new RoleSetupError(`secret ${SecretArn} has no username and password strings`);
      }
      return { access: Access, username, password };
    }),
  );
}
