/**
 * The stage signing secret: fetched from Secrets Manager once per container
 * (a local stand-in: the fetch is a signed POST of our own, which an SDK mock
 * would not see), one HKDF key per purpose, and no silent fallback key inside
 * Lambda.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  SIGNING_SECRET_ARN_ENV,
  loadSigningSecret,
  resetSigningSecretForTests,
  signingKey,
  useSigningSecret,
} from '../../lambdas/platform/crypto/signing-secret.js';
import { ConfigError } from '../../lambdas/platform/config.js';
import { startSecretsManagerStandIn, type SecretsManagerStandIn } from '../support/secrets-manager-stand-in.js';
import { httpEvent, lambdaContext, parseResponse } from './http-fixtures.js';
import { testHandler } from './http-test-routes.js';

const ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:marketing-signing-test';
const credentials = { accessKeyId: 'AKIDSTANDIN', secretAccessKey: 'stand-in-secret-key' };
let sm: SecretsManagerStandIn;

beforeAll(async () => {
  sm = await startSecretsManagerStandIn();
});
afterAll(() => sm.stop());

afterEach(() => {
  sm.reset();
  resetSigningSecretForTests();
  delete process.env[SIGNING_SECRET_ARN_ENV];
  delete process.env.AWS_LAMBDA_FUNCTION_NAME;
  for (const name of ['AWS_ENDPOINT_URL_SECRETS_MANAGER', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) delete process.env[name];
});

describe('signing secret', () => {
  it('reads the secret once for concurrent first requests and derives a separate key per purpose', async () => {
    process.env[SIGNING_SECRET_ARN_ENV] = ARN;
    sm.secrets.set(ARN, { SecretString: 'a'.repeat(64) });
    expect(() => signingKey('list-cursor/v1')).toThrow(ConfigError);
    const options = { endpoint: sm.endpoint, credentials };
    await Promise.all([loadSigningSecret(options), loadSigningSecret(options), loadSigningSecret(options)]);
    await loadSigningSecret(options);
    expect(sm.requests).toHaveLength(1);
    const cursor = signingKey('list-cursor/v1');
    const feed = signingKey('calendar-feed-token/v1');
    expect(cursor).toHaveLength(32);
    expect(cursor.equals(feed)).toBe(false);
    useSigningSecret(Buffer.from('b'.repeat(64)));
    expect(signingKey('list-cursor/v1').equals(cursor)).toBe(false);
  });

  it('retries a failed fetch on the next request, once its own 3 attempts are spent', async () => {
    process.env[SIGNING_SECRET_ARN_ENV] = ARN;
    sm.secrets.set(ARN, { SecretString: 'c'.repeat(64) });
    const throttled = { status: 400, type: 'ThrottlingException', message: 'Rate exceeded' };
    sm.failures.push(throttled, throttled, throttled);
    const options = { endpoint: sm.endpoint, credentials };
    await expect(loadSigningSecret(options)).rejects.toMatchObject({ name: 'ThrottlingException', message: expect.stringContaining(`GetSecretValue of ${ARN} failed: ThrottlingException: Rate exceeded`) });
    expect(sm.requests).toHaveLength(3);
    await loadSigningSecret(options);
    expect(sm.requests).toHaveLength(4);
    expect(signingKey('calendar-feed-token/v1')).toHaveLength(32);
  });

  it('refuses a secret with no value, naming it', async () => {
    process.env[SIGNING_SECRET_ARN_ENV] = ARN;
    sm.secrets.set(ARN, {});
    await expect(loadSigningSecret({ endpoint: sm.endpoint, credentials })).rejects.toThrow(new ConfigError(`The signing secret ${ARN} has no value`));
  });

  it('refuses to invent a key inside Lambda when the stack gave no secret', () => {
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'marketing-test-content';
    expect(() => signingKey('list-cursor/v1')).toThrow(/SIGNING_SECRET_ARN/);
  });

  it('is fetched by the domain handler before its first request, once per container; a failed fetch is a 503 with Retry-After', async () => {
    process.env[SIGNING_SECRET_ARN_ENV] = ARN;
    // The handler calls loadSigningSecret() as in Lambda: endpoint and credentials from the environment.
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = sm.endpoint;
    process.env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
    sm.secrets.set(ARN, { SecretString: 'd'.repeat(64) });
    const failure = { status: 500, type: 'InternalServiceError', message: 'endpoint unreachable' };
    sm.failures.push(failure, failure, failure);
    const { handler } = testHandler('pings');
    const failed = parseResponse(await handler(httpEvent('GET', '/v1/ping'), lambdaContext()));
    expect(failed.statusCode).toBe(503);
    expect(failed.headers['retry-after']).toBe('5');
    expect(JSON.stringify(failed.body)).not.toContain(ARN);
    for (let i = 0; i < 3; i++) expect((await handler(httpEvent('GET', '/v1/ping'), lambdaContext())).statusCode).toBe(200);
    // Three attempts for the failed request, one for the next.
    expect(sm.requests).toHaveLength(4);
    expect(signingKey('list-cursor/v1')).toHaveLength(32);
  });

  it('refuses a short secret', () => {
    expect(() => useSigningSecret(Buffer.alloc(16))).toThrow(/32 bytes/);
  });
});
