/**
 * A 50-row ExecuteStatement through the SDK with and without its logger
 * middleware (createDataApiClient drops it when no logger is configured): the
 * middleware runs the output's sensitive-data filter over every record for a
 * logger that discards it.
 */
import { ExecuteStatementCommand, type ExecuteStatementCommandInput } from '@aws-sdk/client-rds-data';
import { createDataApiClient } from '../lambdas/platform/db/index.js';
import type { BenchCase } from './harness.js';

const NO_OP = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

export function sdkLoggerCase(endpoint: string, input: ExecuteStatementCommandInput, rounds: number): BenchCase & { destroy(): void } {
  const withLogger = createDataApiClient(endpoint, { logger: NO_OP });
  const without = createDataApiClient(endpoint);
  const calls = 20;
  return {
    name: `50-row ExecuteStatement through the SDK, ${calls} in a row (local Data API)`,
    rounds,
    baseline: {
      label: 'with the SDK logger middleware',
      run: async () => {
        for (let i = 0; i < calls; i++) await withLogger.send(new ExecuteStatementCommand(input));
      },
    },
    candidate: {
      label: 'without it (the client as configured)',
      run: async () => {
        for (let i = 0; i < calls; i++) await without.send(new ExecuteStatementCommand(input));
      },
    },
    destroy: () => {
      withLogger.destroy();
      without.destroy();
    },
  };
}
