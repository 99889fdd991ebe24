/**
 * The stage signing secret: fetched from Secrets Manager once per container
 * (mocked: we cannot run Secrets Manager), one HKDF key per purpose, and no
 * silent fallback key inside Lambda.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  SIGNING_SECRET_ARN_ENV,
  loadSigningSecret,
  resetSigningSecretForTests,
  signingKey,
  useSigningSecret,
} from '../../lambdas/platform/crypto/signing-secret.js';
import { ConfigError } from '../../lambdas/platform/config.js';
import { httpEvent, lambdaContext, parseResponse } from './http-fixtures.js';
import { testHandler } from './http-test-routes.js';

const ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:marketing-signing-test';
const sm = mockClient(SecretsManagerClient);

afterEach(() => {
  sm.reset();
  resetSigningSecretForTests();
  delete process.env[SIGNING_SECRET_ARN_ENV];
  delete process.env.AWS_LAMBDA_FUNCTION_NAME;
});

describe('signing secret', () => {
  it('reads the secret once for concurrent first requests and derives a separate key per purpose', async () => {
    process.env[SIGNING_SECRET_ARN_ENV] = ARN;
    sm.on(GetSecretValueCommand, { SecretId: ARN }).resolves({ SecretString: 'a'.repeat(64) });
    expect(() => signingKey('list-cursor/v1')).toThrow(ConfigError);
    const client = new SecretsManagerClient({});
    await Promise.all([loadSigningSecret(client), loadSigningSecret(client), loadSigningSecret(client)]);
    await loadSigningSecret(client);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    const cursor = signingKey('list-cursor/v1');
    const feed = signingKey('calendar-feed-token/v1');
    expect(cursor).toHaveLength(32);
    expect(cursor.equals(feed)).toBe(false);
    useSigningSecret(Buffer.from('b'.repeat(64)));
    expect(signingKey('list-cursor/v1').equals(cursor)).toBe(false);
  });

  it('retries a failed fetch on the next request', async () => {
    process.env[SIGNING_SECRET_ARN_ENV] = ARN;
    sm.on(GetSecretValueCommand).rejectsOnce(new Error('throttled')).resolves({ SecretString: 'c'.repeat(64) });
    const client = new SecretsManagerClient({});
    await expect(loadSigningSecret(client)).rejects.toThrow('throttled');
    await loadSigningSecret(client);
    expect(signingKey('calendar-feed-token/v1')).toHaveLength(32);
  });

  it('refuses to invent a key inside Lambda when the stack gave no secret', () => {
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'marketing-test-content';
    expect(() => signingKey('list-cursor/v1')).toThrow(/SIGNING_SECRET_ARN/);
  });

  it('is fetched by the domain handler before its first request, once per container; a failed fetch is a 503 with Retry-After', async () => {
    process.env[SIGNING_SECRET_ARN_ENV] = ARN;
    sm.on(GetSecretValueCommand).rejectsOnce(new Error('endpoint unreachable')).resolves({ SecretString: 'd'.repeat(64) });
    const { handler } = testHandler('pings');
    const failed = parseResponse(await handler(httpEvent('GET', '/v1/ping'), lambdaContext()));
    expect(failed.statusCode).toBe(503);
    expect(failed.headers['retry-after']).toBe('5');
    expect(JSON.stringify(failed.body)).not.toContain(ARN);
    for (let i = 0; i < 3; i++) expect((await handler(httpEvent('GET', '/v1/ping'), lambdaContext())).statusCode).toBe(200);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(2);
    expect(signingKey('list-cursor/v1')).toHaveLength(32);
  });

  it('refuses a short secret', () => {
    expect(() => useSigningSecret(Buffer.alloc(16))).toThrow(/32 bytes/);
  });
});
