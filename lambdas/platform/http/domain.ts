/**
 * A domain's declaration: its routes (each bound to its implementation), the
 * path prefixes it owns, and what its function may touch beyond the
 * database. The domain's `handler.ts` serves it; the app's route table
 * (`lambdas/app.ts`) gathers every domain for CDK, the local stack and OpenAPI.
 */
import type { ApiRoute } from './route.js';

/**
 * Which database role a function's Data API calls run as: `write` (DML on the
 * application schemas, no DDL) or `read` (SELECT only). The migrator alone uses
 * the master user. See lambdas/workers/migrator/database-roles.ts.
 */
export type DatabaseAccess = 'read' | 'write';

/** What a function may touch (granted by CDK from this declaration). */
export interface FunctionAccess {
  /** Its database role; default `write`. Public routes that only read (health, calendar feeds) declare `read`. */
  readonly database?: DatabaseAccess;
  /** Key prefixes of the content bucket it may read (GetObject). */
  readonly s3Read?: readonly string[];
  /** Key prefixes it may write (PutObject), including by presigning a POST for a browser. */
  readonly s3Write?: readonly string[];
  /** Key prefixes it may delete. */
  readonly s3Delete?: readonly string[];
  /** Uses of the stack's KMS key for write-only secrets. */
  readonly tokenKey?: readonly TokenKeyUse[];
  /**
   * Reads the stage signing secret (list cursors, calendar feed tokens).
   * API domains do unless they say `false` (nearly every domain pages a
   * list); workers only when they say `true`.
   */
  readonly signingSecret?: boolean;
}

/**
 * A use of the token key: anywhere, or only under an encryption context (IAM's
 * `kms:EncryptionContext:<key>` condition; a list allows any of its values),
 * so a function can open one kind of secret and not another.
 */
export type TokenKeyUse =
  | 'encrypt'
  | 'decrypt'
  | { readonly use: 'encrypt' | 'decrypt'; readonly context: Readonly<Record<string, string | readonly string[]>> };

export interface DomainApi {
  /** The function's name: lower-case kebab, also the folder under `lambdas/`. */
  readonly name: string;
  /** One line for the function's description. */
  readonly description: string;
  /**
   * Path prefixes this domain owns (`/v1/content`). API Gateway routes
   * `ANY <mount>` and `ANY <mount>/{proxy+}` to the domain's function, whose
   * own router picks the operation; public routes get exact routes of their own.
   */
  readonly mounts: readonly string[];
  readonly routes: readonly ApiRoute[];
  readonly access?: FunctionAccess;
}

/** The database access a declaration asks for: `write` unless it says `read`. */
export function databaseAccessOf(access: FunctionAccess | undefined): DatabaseAccess {
  return access?.database ?? 'write';
}

export function defineDomain(api: DomainApi): DomainApi {
  return api;
}
