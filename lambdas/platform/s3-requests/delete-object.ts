/**
 * DeleteObject as one signed HTTP request (fetch), without an S3 client.
 * Idempotent as S3's is: deleting a missing key succeeds (204), so a
 * throttled (SlowDown, 503), failed (5xx) or unanswered request is sent
 * again, up to 3 attempts in all, as the SDK client did.
 */
import { isTransient, withRetries, type AwsRetryOptions } from '../aws-signing/retry.js';
import { s3Signer, signable, urlOf } from './signer.js';
import { objectUrl, s3Target, type S3Target } from './target.js';

/** An S3 error response: its HTTP status and the `<Code>` of its XML body. */
export class S3RequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'S3RequestError';
  }
}

/** The status of an S3RequestError for a request that got no answer (refused, reset, timed out). */
export const NO_ANSWER = 0;

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

function element(xml: string, name: string): string | undefined {
  return new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
}

export async function deleteObject(bucket: string, key: string, target: S3Target = s3Target(), retry?: AwsRetryOptions): Promise<void> {
  const url = objectUrl(target, bucket, key);
  url.searchParams.set('x-id', 'DeleteObject');
  const retryable = (error: unknown): boolean => error instanceof S3RequestError && (error.status === NO_ANSWER || isTransient(error.status, error.code));
  await withRetries(() => deleteOnce(url, target), retryable, retry);
}

async function deleteOnce(url: URL, target: S3Target): Promise<void> {
  const signed = await s3Signer(target).sign(signable('DELETE', url, { 'x-amz-content-sha256': EMPTY_SHA256 }));
  const headers = Object.fromEntries(Object.entries(signed.headers).filter(([name]) => name !== 'host'));
  const response = await fetch(urlOf(signed), { method: 'DELETE', headers, signal: AbortSignal.timeout(10_000) }).catch((error: unknown) => {
    throw new S3RequestError(NO_ANSWER, 'NoAnswer', `DeleteObject got no answer: ${(error as Error).message}`);
  });
  const body = await response.text();
  if (response.ok) return;
  throw new S3RequestError(response.status, element(body, 'Code') ?? `HTTP ${response.status}`, element(body, 'Message') ?? `DeleteObject answered ${response.status}`);
}
