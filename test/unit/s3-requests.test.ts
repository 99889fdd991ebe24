/**
 * The S3 requests the library API signs without an S3 client
 * (lambdas/platform/s3-requests/), held byte for byte against what the AWS
 * SDK makes of the same request with the same credentials and clock: the
 * presigned POST's fields and policy, the presigned GET URL, the DELETE's
 * Authorization. The local S3 stand-in ignores signatures, so this is where a
 * signing mistake would show.
 */
import { DeleteObjectCommand, GetObjectCommand, S3Client, type ServiceInputTypes, type ServiceOutputTypes } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { FinalizeRequestMiddleware } from '@smithy/types';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { environmentCredentials, MissingCredentialsError } from '../../lambdas/platform/aws-signing/credentials.js';
import { deleteObject, S3RequestError } from '../../lambdas/platform/s3-requests/delete-object.js';
import { presignGetObject } from '../../lambdas/platform/s3-requests/presigned-get.js';
import { presignPost } from '../../lambdas/platform/s3-requests/presigned-post.js';
import { s3Target, type S3Target } from '../../lambdas/platform/s3-requests/target.js';

const NOW = new Date('2026-12-02T10:11:12.000Z');
const CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'session/token+value==' };
const BUCKET = 'content-library-bucket-1a2b3c';
const KEY = "uploads/2026/12/Pool view (final)!'*.png";

function sdkClient(region: string, endpoint?: string): S3Client {
  return new S3Client({
    region,
    credentials: CREDENTIALS,
    // As lambdas/platform/s3.ts configures it; and no `x-amz-checksum-mode` in a download URL (our GET asks for none).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
  });
}

const targets: [string, S3Target, () => S3Client][] = [
  ['AWS us-east-1', { region: 'us-east-1', credentials: CREDENTIALS }, () => sdkClient('us-east-1')],
  ['AWS eu-west-1', { region: 'eu-west-1', credentials: CREDENTIALS }, () => sdkClient('eu-west-1')],
  ['a local endpoint (path style)', { region: 'us-east-1', credentials: CREDENTIALS, endpoint: new URL('http://127.0.0.1:4569') }, () => sdkClient('us-east-1', 'http://127.0.0.1:4569')],
];

beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe.each(targets)('signed like the SDK, %s', (_name, target, client) => {
  it('presigned POST: the same URL, fields, policy and signature', async () => {
    const conditions = [['content-length-range', 1234, 1234], ['eq', '$Content-Type', 'image/png']] as const;
    const expected = await createPresignedPost(client(), {
      Bucket: BUCKET,
      Key: KEY,
      Conditions: conditions.map((c) => [...c]) as never,
      Fields: { 'Content-Type': 'image/png' },
      Expires: 900,
    });
    const actual = presignPost(BUCKET, { key: KEY, conditions, fields: { 'Content-Type': 'image/png' }, expiresInSeconds: 900, target, now: NOW });
    expect(actual).toEqual(expected);
    expect(JSON.parse(Buffer.from(actual.fields.Policy!, 'base64').toString('utf8'))).toMatchObject({ expiration: '2026-12-02T10:26:12Z' });
  });

  it('presigned GET: the same URL, with the download disposition', async () => {
    const disposition = `attachment; filename="Pool view.png"; filename*=UTF-8''Pool%20view%20%C3%A9.png`;
    const expected = await getSignedUrl(client(), new GetObjectCommand({ Bucket: BUCKET, Key: KEY, ResponseContentDisposition: disposition }), {
      expiresIn: 300,
    });
    const actual = await presignGetObject(BUCKET, KEY, { expiresInSeconds: 300, responseContentDisposition: disposition, target, now: NOW });
    expect(actual).toBe(expected);
  });

  it('DELETE: the same URL and Authorization', async () => {
    const sent: Request[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = ((input: string | URL | Request, init?: RequestInit) => {
      sent.push(new Request(input, init));
      return Promise.resolve(new Response(null, { status: 204 }));
    }) as typeof fetch;
    try {
      await deleteObject(BUCKET, KEY, target);
    } finally {
      globalThis.fetch = realFetch;
    }
    const captured: { url?: string; headers?: Record<string, string> } = {};
    const sdk = client();
    // The SDK also signs its per-attempt headers (a random invocation id, the attempt count, its user agent), which
    // a request of ours does not send: dropped just before its signer runs, the rest must sign identically.
    sdk.middlewareStack.addRelativeTo(
      ((next) => (args) => {
        const headers = (args.request as { headers: Record<string, string> }).headers;
        for (const name of ['amz-sdk-invocation-id', 'amz-sdk-request', 'x-amz-user-agent', 'user-agent']) delete headers[name];
        return next(args);
      }) as FinalizeRequestMiddleware<ServiceInputTypes, ServiceOutputTypes>,
      { relation: 'before', toMiddleware: 'httpSigningMiddleware', name: 'dropAttemptHeaders' },
    );
    sdk.middlewareStack.add(
      () => (args) => {
        const request = args.request as { protocol: string; hostname: string; port?: number; path: string; query: Record<string, string>; headers: Record<string, string> };
        const query = new URLSearchParams(request.query).toString();
        captured.url = `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ''}${request.path}${query ? `?${query}` : ''}`;
        captured.headers = request.headers;
        return Promise.resolve({ response: { statusCode: 204, headers: {}, body: undefined } as never, output: { $metadata: {} } as never });
      },
      { step: 'finalizeRequest', priority: 'low', name: 'capture' },
    );
    await sdk.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: KEY }));
    expect(sent).toHaveLength(1);
    expect(new URL(sent[0]!.url).href).toBe(new URL(captured.url!).href);
    expect(sent[0]!.headers.get('authorization')).toBe(captured.headers!.authorization);
    expect(sent[0]!.headers.get('x-amz-security-token')).toBe(CREDENTIALS.sessionToken);
  });
});

describe('errors', () => {
  it('a DELETE that S3 refuses throws its code and message', async () => {
    const realFetch = globalThis.fetch;
    globalThis.fetch = (() =>
      Promise.resolve(
        new Response('<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>', { status: 403 }),
      )) as typeof fetch;
    try {
      const error = await deleteObject(BUCKET, 'k', targets[0]![1]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(S3RequestError);
      expect(error).toMatchObject({ status: 403, code: 'AccessDenied', message: 'Access Denied' });
    } finally {
      globalThis.fetch = realFetch;
    }
  });

  it('without credentials in the environment, signing refuses and says which variables', () => {
    expect(() => environmentCredentials({})).toThrow(MissingCredentialsError);
    expect(() => s3Target({ AWS_REGION: 'eu-west-1' })).toThrow(/AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set/);
    expect(s3Target({ AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' })).toEqual({ region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
  });
});
