/**
 * GetSecretValue as one signed POST (lambdas/platform/crypto/get-secret-value.ts),
 * against a local stand-in that checks the operation and the SigV4 signature's
 * presence: the value, the endpoint the SDK would use, and errors that say
 * what failed.
 */
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GET_SECRET_VALUE_TARGET, getSecretValue, SecretsManagerError } from '../../lambdas/platform/crypto/get-secret-value.js';
import { startSecretsManagerStandIn, type SecretsManagerStandIn } from '../support/secrets-manager-stand-in.js';

const ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:marketing-signing-test-AbCdEf';
const credentials = { accessKeyId: 'AKIDSTANDIN', secretAccessKey: 'stand-in-secret-key', sessionToken: 'stand-in-session-token' };
let sm: SecretsManagerStandIn;
const ENV = ['AWS_ENDPOINT_URL_SECRETS_MANAGER', 'AWS_ENDPOINT_URL', 'AWS_REGION'] as const;
const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));

beforeAll(async () => {
  sm = await startSecretsManagerStandIn();
});
afterAll(() => sm.stop());
afterEach(() => {
  sm.reset();
  for (const k of ENV) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

describe('getSecretValue', () => {
  it('sends one signed GetSecretValue POST (JSON 1.1) and returns the string', async () => {
    delete process.env.AWS_REGION;
    sm.secrets.set(ARN, { SecretString: 'a'.repeat(64) });
    const value = await getSecretValue(ARN, { endpoint: sm.endpoint, credentials });
    expect(value).toEqual({ secretString: 'a'.repeat(64) });
    expect(sm.requests).toHaveLength(1);
    const [req] = sm.requests;
    expect(req).toMatchObject({ method: 'POST', path: '/', body: JSON.stringify({ SecretId: ARN }) });
    expect(req!.headers['x-amz-target']).toBe(GET_SECRET_VALUE_TARGET);
    // Signed for the ARN's region (no AWS_REGION here), with the role's session token.
    expect(req!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDSTANDIN\/\d{8}\/eu-west-1\/secretsmanager\/aws4_request, /);
    expect(req!.headers['x-amz-security-token']).toBe('stand-in-session-token');
    // The signature is over what arrived (host with its port, the body as sent): signing it again gives the same.
    const auth = String(req!.headers.authorization);
    const signedHeaders = /SignedHeaders=([^,]+)/.exec(auth)![1]!.split(';');
    const amzDate = String(req!.headers['x-amz-date']);
    const signingDate = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
    const url = new URL(sm.endpoint);
    const again = await new SignatureV4({ credentials, region: 'eu-west-1', service: 'secretsmanager', sha256: Sha256 }).sign(
      {
        method: 'POST',
        protocol: 'http:',
        hostname: url.hostname,
        port: Number(url.port),
        path: '/',
        query: {},
        headers: Object.fromEntries(signedHeaders.map((h) => [h, String(req!.headers[h])])),
        body: req!.body,
      },
      { signingDate },
    );
    expect(again.headers.authorization).toBe(auth);
  });

  it('returns a binary secret decoded from base64', async () => {
    sm.secrets.set(ARN, { SecretBinary: Buffer.from([0, 1, 2, 255]).toString('base64') });
    const value = await getSecretValue(ARN, { endpoint: sm.endpoint, credentials, region: 'eu-west-1' });
    expect(value.secretBinary).toEqual(Buffer.from([0, 1, 2, 255]));
    expect(value.secretString).toBeUndefined();
  });

  it('uses AWS_ENDPOINT_URL_SECRETS_MANAGER over AWS_ENDPOINT_URL, and AWS_REGION for the signature', async () => {
    sm.secrets.set(ARN, { SecretString: 'b'.repeat(64) });
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:9';
    process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER = sm.endpoint;
    process.env.AWS_REGION = 'us-east-2';
    await expect(getSecretValue(ARN, { credentials })).resolves.toEqual({ secretString: 'b'.repeat(64) });
    expect(sm.requests[0]!.headers.authorization).toContain('/us-east-2/secretsmanager/aws4_request');
    delete process.env.AWS_ENDPOINT_URL_SECRETS_MANAGER;
    process.env.AWS_ENDPOINT_URL = sm.endpoint;
    await expect(getSecretValue(ARN, { credentials })).resolves.toEqual({ secretString: 'b'.repeat(64) });
    expect(sm.requests).toHaveLength(2);
  });

  it("throws the service's error code, message, HTTP status and request id, naming the secret", async () => {
    const error = await getSecretValue(ARN, { endpoint: sm.endpoint, credentials, region: 'eu-west-1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SecretsManagerError);
    expect(error).toMatchObject({ name: 'ResourceNotFoundException', status: 400, requestId: 'stand-in-1' });
    expect((error as Error).message).toBe(
      `Secrets Manager GetSecretValue of ${ARN} failed: ResourceNotFoundException: Secrets Manager can't find the specified secret. (HTTP 400, request id stand-in-1)`,
    );
    sm.failures.push({ status: 400, type: 'AccessDeniedException', message: 'User is not authorized to perform secretsmanager:GetSecretValue' });
    await expect(getSecretValue(ARN, { endpoint: sm.endpoint, credentials, region: 'eu-west-1' })).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining('not authorized to perform secretsmanager:GetSecretValue'),
    });
  });

  it('is refused by the stand-in without a signature (so the checks above are real)', async () => {
    const res = await fetch(sm.endpoint, { method: 'POST', headers: { 'x-amz-target': GET_SECRET_VALUE_TARGET, 'content-type': 'application/x-amz-json-1.1' }, body: '{}' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ __type: 'IncompleteSignatureException' });
  });

  it('names the endpoint when it cannot be reached, and gives up after the timeout', async () => {
    await expect(getSecretValue(ARN, { endpoint: 'http://127.0.0.1:9', credentials, region: 'eu-west-1' })).rejects.toThrow(
      new RegExp(`^Secrets Manager GetSecretValue of ${ARN} at http://127\\.0\\.0\\.1:9 failed: .*ECONNREFUSED`),
    );
    // A server that accepts the connection and never answers.
    const { createServer } = await import('node:net');
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      await expect(getSecretValue(ARN, { endpoint: `http://127.0.0.1:${port}`, credentials, region: 'eu-west-1', timeoutMs: 200 })).rejects.toThrow(/no answer within 200 ms/);
    } finally {
      silent.close();
    }
  });
});
