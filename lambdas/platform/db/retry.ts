/**
 * Retries a Data API call while an auto-paused cluster resumes, or while its
 * writer is briefly unavailable (a restart, a failover: DatabaseUnavailableException).
 * In both cases the statement never ran, so a retry cannot apply it twice. The
 * SDK retries neither (maxAttempts 1), so we do: exponential backoff with full
 * jitter, bounded by attempts and by total time (an API Gateway request has
 * 30 s; an unavailable writer gets a shorter budget, since it may be down for
 * long), then give up with DatabaseResumingError / DatabaseUnavailableError so
 * the HTTP layer can answer 503 + Retry-After.
 */
import { DatabaseResumingError, DatabaseUnavailableError } from './errors.js';

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
  /** No new attempt on an unavailable writer starts later than this many ms after the first. Default 5000. */
  unavailableMaxElapsedMs?: number;
  /** The Retry-After advertised for an unavailable writer. Default 5. */
  unavailableRetryAfterSeconds?: number;
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
    unavailableMaxElapsedMs: options.unavailableMaxElapsedMs ?? 5_000,
    unavailableRetryAfterSeconds: options.unavailableRetryAfterSeconds ?? 5,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
  };
}

export function isResuming(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'DatabaseResumingException';
}

export function isUnavailable(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'DatabaseUnavailableException';
}

export async function withResumeRetry<T>(call: () => Promise<T>, retry: ResolvedRetry): Promise<T> {
  const started = retry.now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const unavailable = isUnavailable(error);
      if (!unavailable && !isResuming(error)) throw error;
      const budget = unavailable ? Math.min(retry.maxElapsedMs, retry.unavailableMaxElapsedMs) : retry.maxElapsedMs;
      const remaining = budget - (retry.now() - started);
      if (attempt >= retry.maxAttempts || remaining <= 0) {
        if (unavailable) {
          throw new DatabaseUnavailableError(retry.unavailableRetryAfterSeconds, { exceptionName: 'DatabaseUnavailableException', cause: error });
        }
        throw new DatabaseResumingError(retry.retryAfterSeconds, { exceptionName: 'DatabaseResumingException', cause: error });
      }
      const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
      await retry.sleep(Math.min(remaining, Math.floor(retry.random() * ceiling)));
    }
  }
}
