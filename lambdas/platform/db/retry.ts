/**
 * Retries a Data API call while an auto-paused cluster resumes. The SDK does
 * not retry DatabaseResumingException (HTTP 400, no retryable trait), so we
 * do: exponential backoff with full jitter, bounded by attempts and by total
 * time (an API Gateway request has 30 s), then give up with
 * DatabaseResumingError so the HTTP layer can answer 503 + Retry-After.
 */
import { DatabaseResumingError } from './errors.js';

export interface RetryOptions {
  /** Total attempts including the first. Default 8. */
  maxAttempts?: number;
  /** First backoff ceiling in ms; doubles per attempt. Default 250. */
  baseDelayMs?: number;
  /** Cap on one backoff ceiling in ms. Default 4000. */
  maxDelayMs?: number;
  /** No new attempt starts later than this many ms after the first. Default 20000. */
  maxElapsedMs?: number;
  /** The Retry-After the caller should advertise when we give up. Default 15 (a typical resume). */
  retryAfterSeconds?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

export type ResolvedRetry = Required<RetryOptions>;

export function resolveRetry(options: RetryOptions = {}): ResolvedRetry {
  return {
    maxAttempts: options.maxAttempts ?? 8,
    baseDelayMs: options.baseDelayMs ?? 250,
    maxDelayMs: options.maxDelayMs ?? 4000,
    maxElapsedMs: options.maxElapsedMs ?? 20_000,
    retryAfterSeconds: options.retryAfterSeconds ?? 15,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
  };
}

export function isResuming(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'DatabaseResumingException';
}

export async function withResumeRetry<T>(call: () => Promise<T>, retry: ResolvedRetry): Promise<T> {
  const started = retry.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isResuming(error)) throw error;
      const remaining = retry.maxElapsedMs - (retry.now() - started);
      if (attempt >= retry.maxAttempts || remaining <= 0) {
        throw new DatabaseResumingError(retry.retryAfterSeconds, { exceptionName: 'DatabaseResumingException', cause: error });
      }
      const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
      await retry.sleep(Math.min(remaining, Math.floor(retry.random() * ceiling)));
    }
  }
}
