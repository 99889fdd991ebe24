/**
 * What each function may touch beyond the database. Every function gets Data
 * API access to the cluster and read of its secret; S3 prefixes and KMS uses
 * are granted only to the functions listed here.
 */

/** Browser uploads land here (presigned POST); asset-ingest reads them from here. */
export const UPLOAD_PREFIX = 'uploads/';
/** Where ingested assets are served from (presigned GET). */
export const LIBRARY_PREFIX = 'library/';

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
  // Content library API: presigns uploads and downloads, deletes assets.
  assets: { s3Read: [UPLOAD_PREFIX, LIBRARY_PREFIX], s3Write: [UPLOAD_PREFIX], s3Delete: [UPLOAD_PREFIX, LIBRARY_PREFIX] },
  // Reads an uploaded object's head and bytes to record its size, type and dimensions.
  'asset-ingest': { s3Read: [UPLOAD_PREFIX] },
  // Stores social access tokens encrypted; never decrypts (tokens are write-only through the API).
  'social-accounts': { tokenKey: ['encrypt'] },
};

export function accessFor(name: string): FunctionAccess {
  return FUNCTION_ACCESS[name] ?? {};
}
