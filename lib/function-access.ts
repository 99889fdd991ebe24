/**
 * What each function may touch beyond the database. Every function gets Data
 * API access to the cluster and read of its secret; S3 prefixes and KMS uses
 * are granted only to the functions listed here.
 */

import { UPLOAD_PREFIX } from '../lambdas/library/object-keys.js';

/**
 * Browser uploads land here (presigned POST, `uploads/<asset uuid>/<name>`); the object stays at that key
 * once ingested, so downloads (presigned GET) and deletes use the same prefix. Defined next to the key
 * builder so the keys the API signs and the prefixes IAM grants cannot drift apart.
 */
export { UPLOAD_PREFIX };

export interface FunctionAccess {
  /** Key prefixes the function may read (GetObject). */
  readonly s3Read?: readonly string[];
  /** Key prefixes the function may write (PutObject), including by presigning a POST for a browser. */
  readonly s3Write?: readonly string[];
  /** Key prefixes the function may delete. */
  readonly s3Delete?: readonly string[];
  readonly tokenKey?: readonly ('encrypt' | 'decrypt')[];
}

/** Keyed by function name (the route domain, or the folder of a non-API function). */
export const FUNCTION_ACCESS: Readonly<Record<string, FunctionAccess>> = {
  // Content library API (domain `library`): presigns uploads (POST) and downloads (GET), deletes an asset's object.
  library: { s3Read: [UPLOAD_PREFIX], s3Write: [UPLOAD_PREFIX], s3Delete: [UPLOAD_PREFIX] },
  // Reads an uploaded object's head and first bytes to record its size, type and dimensions; removes refused objects.
  'asset-ingest': { s3Read: [UPLOAD_PREFIX], s3Delete: [UPLOAD_PREFIX] },
  // Stores social access tokens encrypted; never decrypts (tokens are write-only through the API).
  'social-accounts': { tokenKey: ['encrypt'] },
};

export function accessFor(name: string): FunctionAccess {
  return FUNCTION_ACCESS[name] ?? {};
}
