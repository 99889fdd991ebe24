/**
 * The SDK's logger middleware filters every response for a logger that is
 * not there; the client drops it unless a logger is given.
 */
import { describe, expect, it } from 'vitest';
import { createDataApiClient, SDK_LOGGER_MIDDLEWARE } from '../../lambdas/platform/db/index.js';

const names = (client: ReturnType<typeof createDataApiClient>): string[] =>
  client.middlewareStack.identify().map((entry) => entry.split(' ')[0] ?? '');

describe('the Data API client middleware stack', () => {
  it('has no logger middleware when no logger is configured', () => {
    const client = createDataApiClient('http://127.0.0.1:1');
    expect(names(client)).not.toContain(SDK_LOGGER_MIDDLEWARE);
    // The stack is otherwise intact: the request is still serialised, signed and sent.
    expect(names(client)).toEqual(expect.arrayContaining(['serializerMiddleware', 'deserializerMiddleware']));
    client.destroy();
  });

  it('keeps the logger middleware when a logger is configured', () => {
    const logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
    const client = createDataApiClient('http://127.0.0.1:1', { logger });
    expect(names(client)).toContain(SDK_LOGGER_MIDDLEWARE);
    client.destroy();
  });
});
