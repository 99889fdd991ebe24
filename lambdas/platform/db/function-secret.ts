/**
 * Which Secrets Manager secret a function's Data API calls carry, and so which
 * database role they run as: in Lambda, `DB_SECRET_ARN`, the one secret CDK
 * gives the function for the access it declares (`FunctionAccess.database`).
 *
 * The local stack runs every function's handler in one process with one
 * environment; it runs each handler inside `withDatabaseSecret(arn, ...)` so
 * the calls made for it carry the secret that function has in AWS (a read-only
 * function locally cannot write either). Nothing in Lambda calls it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { requireEnv } from '../config.js';

const scope = new AsyncLocalStorage<string>();

export function withDatabaseSecret<T>(secretArn: string, work: () => T): T {
  return scope.run(secretArn, work);
}

export function databaseSecretArn(): string {
  return scope.getStore() ?? requireEnv('DB_SECRET_ARN');
}
