import { afterEach, describe, expect, it, vi } from 'vitest';

// The logger reads its level when its module loads; metrics stay off (the run's POWERTOOLS_METRICS_DISABLED).
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
});

import { REDACTED, redactSecrets } from '../../lambdas/platform/observability.js';
import { captureOutput, type CapturedOutput } from '../support/capture-output.js';
import { claimsFor, httpEvent, lambdaContext, parseResponse } from './http-fixtures.js';
import { testHandler } from './http-test-routes.js';

const JWT = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJl';

describe('redactSecrets', () => {
  it('replaces credential-looking fields whatever their casing', () => {
    const text = JSON.stringify(
      { headers: { Authorization: `Bearer ${JWT}`, 'x-api-key': 'k', accept: 'json' }, access_token: 't', user: { password: 'p', name: 'n' } },
      redactSecrets,
    );
    const parsed = JSON.parse(text);
    expect(parsed).toEqual({
      headers: { Authorization: REDACTED, 'x-api-key': REDACTED, accept: 'json' },
      access_token: REDACTED,
      user: { password: REDACTED, name: 'n' },
    });
  });

  it('scrubs bearer tokens and JWTs inside free text', () => {
    const out = redactSecrets('message', `call failed with Bearer ${JWT} and raw ${JWT}`) as string;
    expect(out).not.toContain(JWT);
    expect(out).toContain(REDACTED);
  });
});

describe('request logs', () => {
  let output: CapturedOutput | undefined;
  afterEach(() => output?.restore());

  it('log an unexpected error in full while the caller sees none of it, and never the token', async () => {
    output = captureOutput();
    const lines = output.all;
    const { handler } = testHandler('widgets');
    const event = httpEvent('POST', '/v1/widgets/{id}/failures', {
      claims: claimsFor('[marketer]'),
      params: { id: '0199a0a0-0000-7000-8000-0000000000ff' },
      body: { kind: 'internal' },
      headers: { authorization: `Bearer ${JWT}`, cookie: 'session=abc' },
    });
    const res = parseResponse(await handler(event, lambdaContext()));
    output.restore();
    expect(res.statusCode).toBe(500);
    expect(res.rawBody).not.toContain('ECONNREFUSED');

    const records = lines.filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    const failure = records.find((r) => r.message === 'Unhandled error');
    expect(failure).toBeDefined();
    expect(JSON.stringify(failure)).toContain('ECONNREFUSED');
    expect(failure).toMatchObject({ level: 'ERROR', domain: 'widgets', routeKey: 'POST /v1/widgets/{id}/failures' });
    const done = records.find((r) => r.message === 'Request completed');
    expect(done).toMatchObject({ status: 500, sub: 'user-123', apiRequestId: event.requestContext.requestId });
    expect(typeof done?.function_request_id).toBe('string');
    const everything = lines.join('');
    expect(everything).not.toContain(JWT);
    expect(everything).not.toContain('session=abc');
  });
});
