/**
 * A presigned POST (browser form upload) of one key: the policy document and
 * its SigV4 signature, field for field what the SDK's createPresignedPost
 * makes (tested against it), computed locally with node:crypto.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-HTTPPOSTConstructPolicy.html
 */
import { createHmac } from 'node:crypto';
import { bucketUrl, s3Target, type S3Target } from './target.js';

export type PostCondition = readonly [string, string | number, string | number] | Readonly<Record<string, string>>;

export interface PresignedPostOptions {
  key: string;
  conditions: readonly PostCondition[];
  fields: Readonly<Record<string, string>>;
  expiresInSeconds: number;
  target?: S3Target;
  now?: Date;
}

export interface PresignedPost {
  url: string;
  fields: Record<string, string>;
}

const iso8601 = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

export function presignPost(bucket: string, options: PresignedPostOptions): PresignedPost {
  const target = options.target ?? s3Target();
  const { credentials, region } = target;
  const now = options.now ?? new Date();
  const signingDate = iso8601(now).replace(/[-:]/g, '');
  const shortDate = signingDate.slice(0, 8);
  const scope = `${shortDate}/${region}/s3/aws4_request`;
  const fields: Record<string, string> = {
    ...options.fields,
    bucket,
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': `${credentials.accessKeyId}/${scope}`,
    'X-Amz-Date': signingDate,
    ...(credentials.sessionToken ? { 'X-Amz-Security-Token': credentials.sessionToken } : {}),
  };
  // The SDK's order: the caller's conditions, one per field, then the key (duplicates dropped).
  const conditions = [...new Set([...options.conditions.map((c) => JSON.stringify(c)), ...Object.entries(fields).map(([k, v]) => JSON.stringify({ [k]: v })), JSON.stringify({ key: options.key })])];
  const policy = Buffer.from(
    JSON.stringify({ expiration: iso8601(new Date(now.valueOf() + options.expiresInSeconds * 1000)), conditions: conditions.map((c) => JSON.parse(c) as unknown) }),
    'utf8',
  ).toString('base64');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${credentials.secretAccessKey}`, shortDate), region), 's3'), 'aws4_request');
  const url = bucketUrl(target, bucket);
  return {
    // As the SDK writes it: the virtual host's root `/`, or the path-style bucket without a trailing slash.
    url: url.pathname === '/' ? url.href : `${url.origin}${url.pathname.replace(/\/$/, '')}`,
    fields: { ...fields, key: options.key, Policy: policy, 'X-Amz-Signature': hmac(signingKey, policy).toString('hex') },
  };
}
