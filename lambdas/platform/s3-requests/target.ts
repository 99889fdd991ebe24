/**
 * Where an S3 request of this function goes and how it is signed, from the
 * environment the SDK client of ../s3.ts reads too: AWS_REGION and the
 * function's credentials in AWS; with S3_ENDPOINT (the local stand-in,
 * local/s3.ts) path-style URLs on that endpoint and the stand-in's fixed keys.
 */
import type { AwsCredentialIdentity } from '@smithy/types';
import { environmentCredentials } from '../aws-signing/credentials.js';

/** s3rver accepts requests signed with this documented dummy key pair only. */
export const LOCAL_S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface S3Target {
  region: string;
  credentials: AwsCredentialIdentity;
  /** The local endpoint: path-style addressing (no `<bucket>.localhost` DNS). */
  endpoint?: URL;
}

export function s3Target(env: NodeJS.ProcessEnv = process.env): S3Target {
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  if (env.S3_ENDPOINT) return { region: region ?? 'us-east-1', credentials: { ...LOCAL_S3_CREDENTIALS }, endpoint: new URL(env.S3_ENDPOINT) };
  if (!region) throw new Error('AWS_REGION is not set');
  return { region, credentials: environmentCredentials(env) };
}

/** RFC 3986 unreserved characters stay; everything else is percent-encoded (S3's own key encoding). */
export function escapeUri(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

// Names S3 serves as `<bucket>.s3.<region>.amazonaws.com` (no dots: a dotted name breaks the TLS wildcard).
const VIRTUAL_HOSTABLE = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

/** The bucket's base URL, ending in `/`. */
export function bucketUrl(target: S3Target, bucket: string): URL {
  if (target.endpoint) return new URL(`${target.endpoint.origin}${target.endpoint.pathname.replace(/\/$/, '')}/${bucket}/`);
  if (VIRTUAL_HOSTABLE.test(bucket)) return new URL(`https://${bucket}.s3.${target.region}.amazonaws.com/`);
  return new URL(`https://s3.${target.region}.amazonaws.com/${bucket}/`);
}

/** The object's URL: each key segment escaped, the `/` between them kept. */
export function objectUrl(target: S3Target, bucket: string, key: string): URL {
  const base = bucketUrl(target, bucket);
  return new URL(`${base.origin}${base.pathname}${key.split('/').map(escapeUri).join('/')}`);
}
