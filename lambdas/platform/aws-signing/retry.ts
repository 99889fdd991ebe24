/**
 * Retries of one AWS request, as the SDK's default ("standard") mode makes
 * them for the clients these signed calls replace: at most 3 attempts, with
 * exponential backoff and full jitter, on a throttling error, a 5xx answer or
 * no answer at all (a reset connection, a timeout). Anything else (a refusal,
 * a missing resource, a bad ciphertext) is the caller's at once. Only for
 * requests that may run twice: GetSecretValue, Decrypt, DeleteObject, and an
 * Encrypt (a repeated one makes a second ciphertext; the first is never used).
 */

/** Error codes AWS services use for throttling (the SDK's list, less those of services we do not call). */
const THROTTLING_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'SlowDown',
  'LimitExceededException',
]);

/** Whether an answer with this HTTP status and error code may succeed when sent again. */
export function isTransient(status: number, code: string): boolean {
  return status >= 500 || status === 429 || THROTTLING_CODES.has(code);
}

export interface AwsRetryOptions {
  /** Attempts in all, the first included. Default 3. */
  maxAttempts?: number;
  /** The first backoff's ceiling; it doubles per attempt. Default 100 ms. */
  baseDelayMs?: number;
  /** Cap on one backoff. Default 1,000 ms: these calls sit inside an API request. */
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `attempt` until it succeeds, `retryable` says no, or the attempts run out; the last error is thrown. */
export async function withRetries<T>(attempt: () => Promise<T>, retryable: (error: unknown) => boolean, options: AwsRetryOptions = {}): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 3;
  const baseDelayMs = options.baseDelayMs ?? 100;
  const maxDelayMs = options.maxDelayMs ?? 1_000;
  const sleep = options.sleep ?? wait;
  const random = options.random ?? Math.random;
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (n >= maxAttempts || !retryable(error)) throw error;
      await sleep(Math.floor(random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (n - 1))));
    }
  }
}
