/**
 * The container's one S3 client and the content-library bucket name.
 *
 * In AWS the client takes region and credentials from the Lambda environment.
 * Locally `S3_ENDPOINT` points it at the s3rver stand-in (local/s3.ts): path-style
 * addressing (no `<bucket>.localhost` DNS) and s3rver's fixed development keys.
 */
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { optionalEnv } from './config.js';
import { contentBucketName } from './s3-requests/bucket.js';
import { LOCAL_S3_CREDENTIALS } from './s3-requests/target.js';

export { contentBucketName, LOCAL_S3_CREDENTIALS };

export function s3ClientConfig(): S3ClientConfig {
  const endpoint = optionalEnv('S3_ENDPOINT');
  const region = optionalEnv('AWS_REGION') ?? optionalEnv('AWS_DEFAULT_REGION');
  return {
    ...(region ? { region } : {}),
    // Checksums only where S3 requires them: otherwise presigned PUT URLs carry a
    // checksum of an empty body and browser uploads of real files are refused.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    ...(endpoint
      ? { endpoint, forcePathStyle: true, region: region ?? 'us-east-1', credentials: { ...LOCAL_S3_CREDENTIALS } }
      : {}),
  };
}

let cached: S3Client | undefined;

/** Created on first use and reused for the container's lifetime (connection reuse across invocations). */
export function getS3Client(): S3Client {
  cached ??= new S3Client(s3ClientConfig());
  return cached;
}


/** For tests that change the environment between cases. */
export function resetS3ClientForTests(): void {
  cached?.destroy();
  cached = undefined;
}
