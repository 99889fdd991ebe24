/**
 * The signed AWS calls that replaced SDK clients retry as those clients did:
 * up to 3 attempts with jittered exponential backoff on throttling, a 5xx
 * answer or no answer; a refusal is the caller's at once. Against the local
 * Secrets Manager and KMS stand-ins and a local HTTP server for DeleteObject.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isTransient, withRetries } from '../../lambdas/platform/aws-signing/retry.js';
import { getSecretValue } from '../../lambdas/platform/crypto/get-secret-value.js';
import { kmsDataKeyProvider, sealSecret } from '../../lambdas/platform/crypto/index.js';
import { deleteObject, S3RequestError } from '../../lambdas/platform/s3-requests/delete-object.js';
import { startKmsStandIn, type KmsStandIn } from '../support/kms-stand-in.js';
import { startSecretsManagerStandIn, type SecretsManagerStandIn } from '../support/secrets-manager-stand-in.js';

const ARN = 'arn:aws:secretsmanager:eu-west-1:111122223333:secret:retries-AbCdEf';
const credentials = { accessKeyId: 'AKIDSTANDIN', secretAccessKey: 'stand-in-secret-key' };
const noWait = { sleep: () => Promise.resolve() };
const throttled = { status: 400, type: 'ThrottlingException', message: 'Rate exceeded' };

let sm: SecretsManagerStandIn;
let kms: KmsStandIn;
beforeAll(async () => {
  sm = await startSecretsManagerStandIn();
  kms = await startKmsStandIn();
});
afterAll(async () => {
  await sm.stop();
  await kms.stop();
});
afterEach(() => {
  sm.reset();
  kms.reset();
});

describe('withRetries', () => {
  it('tries 3 times in all, waiting a jittered, doubling, capped backoff between attempts', async () => {
    const waits: number[] = [];
    let attempts = 0;
    const failing = withRetries(
      () => Promise.reject(new Error(`attempt ${++attempts}`)),
      () => true,
      { sleep: (ms) => (waits.push(ms), Promise.resolve()), random: () => 0.999, baseDelayMs: 100, maxDelayMs: 150 },
    );
    await expect(failing).rejects.toThrow('attempt 3');
    expect(attempts).toBe(3);
    expect(waits).toEqual([99, 149]);
  });

  it('stops at the first error it may not retry, and returns the first success', async () => {
    let attempts = 0;
    await expect(withRetries(() => Promise.reject(new Error(`attempt ${++attempts}`)), () => false, noWait)).rejects.toThrow('attempt 1');
    attempts = 0;
    expect(await withRetries(() => (++attempts < 2 ? Promise.reject(new Error('once')) : Promise.resolve('ok')), () => true, noWait)).toBe('ok');
    expect(attempts).toBe(2);
  });

  it('counts throttling, 429 and 5xx as transient, and nothing else', () => {
    expect(isTransient(400, 'ThrottlingException')).toBe(true);
    expect(isTransient(503, 'SlowDown')).toBe(true);
    expect(isTransient(500, 'InternalServiceError')).toBe(true);
    expect(isTransient(429, 'Whatever')).toBe(true);
    expect(isTransient(400, 'AccessDeniedException')).toBe(false);
    expect(isTransient(400, 'InvalidCiphertextException')).toBe(false);
    expect(isTransient(404, 'NoSuchKey')).toBe(false);
  });
});

describe('GetSecretValue and KMS', () => {
  const options = { endpoint: '', credentials, region: 'eu-west-1', retry: noWait };

  it('GetSecretValue succeeds on the third attempt after throttling and a 5xx', async () => {
    sm.secrets.set(ARN, { SecretString: 's'.repeat(64) });
    sm.failures.push(throttled, { status: 500, type: 'InternalServiceError', message: 'try again' });
    expect(await getSecretValue(ARN, { ...options, endpoint: sm.endpoint })).toMatchObject({ secretString: 's'.repeat(64) });
    expect(sm.requests).toHaveLength(3);
  });

  it('GetSecretValue gives up after 3 throttled attempts, and does not retry a refusal', async () => {
    sm.secrets.set(ARN, { SecretString: 's'.repeat(64) });
    sm.failures.push(throttled, throttled, throttled);
    await expect(getSecretValue(ARN, { ...options, endpoint: sm.endpoint })).rejects.toMatchObject({ name: 'ThrottlingException' });
    expect(sm.requests).toHaveLength(3);
    sm.reset();
    sm.failures.push({ status: 400, type: 'AccessDeniedException', message: 'not authorized' });
    await expect(getSecretValue(ARN, { ...options, endpoint: sm.endpoint })).rejects.toMatchObject({ name: 'AccessDeniedException' });
    expect(sm.requests).toHaveLength(1);
  });

  it('GetSecretValue retries an endpoint that does not answer, then names it', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const waits: number[] = [];
    const retry = { sleep: (ms: number) => (waits.push(ms), Promise.resolve()) };
    await expect(getSecretValue(ARN, { ...options, endpoint: `http://127.0.0.1:${port}`, retry })).rejects.toThrow(/ECONNREFUSED/);
    expect(waits).toHaveLength(2);
  });

  it('KMS Encrypt is sent again after a throttle, each attempt signed anew', async () => {
    kms.failures.push(throttled);
    const provider = kmsDataKeyProvider('key', { endpoint: kms.endpoint, credentials, region: 'us-east-1', retry: noWait });
    const sealed = await sealSecret(provider, 'token', { table: 't' });
    expect(sealed.startsWith('kms1.')).toBe(true);
    const encrypts = kms.calls.filter((c) => c.target === 'TrentService.Encrypt');
    expect(encrypts).toHaveLength(2);
    expect(encrypts.every((c) => /^AWS4-HMAC-SHA256 /.test(String(c.headers.authorization)))).toBe(true);
  });
});

describe('DeleteObject', () => {
  const answers: { status: number; code?: string }[] = [];
  let seen = 0;
  const server = createServer((_req, res) => {
    seen += 1;
    const next = answers.shift() ?? { status: 204 };
    res.writeHead(next.status, { 'content-type': 'application/xml' });
    res.end(next.code ? `<Error><Code>${next.code}</Code><Message>${next.code}!</Message></Error>` : '');
  });
  let target: Parameters<typeof deleteObject>[2];
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    target = { region: 'us-east-1', credentials, endpoint: new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}`) };
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  afterEach(() => {
    answers.length = 0;
    seen = 0;
  });

  it('is sent again after SlowDown and a 500, and succeeds', async () => {
    answers.push({ status: 503, code: 'SlowDown' }, { status: 500, code: 'InternalError' });
    await deleteObject('bucket', 'key', target, noWait);
    expect(seen).toBe(3);
  });

  it('gives up after 3 attempts, and does not retry AccessDenied', async () => {
    answers.push({ status: 503, code: 'SlowDown' }, { status: 503, code: 'SlowDown' }, { status: 503, code: 'SlowDown' });
    await expect(deleteObject('bucket', 'key', target, noWait)).rejects.toMatchObject({ status: 503, code: 'SlowDown' });
    expect(seen).toBe(3);
    seen = 0;
    answers.push({ status: 403, code: 'AccessDenied' });
    const error = await deleteObject('bucket', 'key', target, noWait).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(S3RequestError);
    expect(seen).toBe(1);
  });
});
