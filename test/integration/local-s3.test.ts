/**
 * The local S3 stand-in with the real AWS SDK: presigned PUT and presigned POST
 * uploads over fetch, reads back through the SDK, and ObjectCreated events in
 * the shape S3 sends to Lambda.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { S3Event } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../lambdas/platform/config.js';
import { contentBucketName, getS3Client, resetS3ClientForTests, s3ClientConfig } from '../../lambdas/platform/s3.js';
import { encodeEventKey, startLocalS3, type LocalS3 } from '../../local/s3.js';

const BUCKET = 'content-library-test';
const events: S3Event[] = [];
const failures: unknown[] = [];
let dir: string;
let s3: LocalS3;
let client: S3Client;
const savedEnv = { ...process.env };

function md5(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

function eventsFor(encodedKey: string): S3Event[] {
  return events.filter((e) => e.Records[0]?.s3.object.key === encodedKey);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'local-s3-'));
  s3 = await startLocalS3({
    directory: dir,
    bucket: BUCKET,
    allowedOrigins: ['http://localhost:3000'],
    onObjectCreated: (event) => {
      events.push(event);
      if (event.Records[0]?.s3.object.key.startsWith('fail/')) throw new Error('handler failed');
    },
    onDeliveryError: (error) => failures.push(error),
  });
  process.env.S3_ENDPOINT = s3.endpoint;
  process.env.AWS_REGION = 'eu-west-1';
  resetS3ClientForTests();
  client = getS3Client();
});

afterAll(async () => {
  resetS3ClientForTests();
  process.env = savedEnv;
  await s3.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('shared S3 client', () => {
  it('is created once per container and points at S3_ENDPOINT path-style', async () => {
    expect(getS3Client()).toBe(client);
    expect(await client.config.forcePathStyle).toBe(true);
    expect(await client.config.region()).toBe('eu-west-1');
    const endpoint = await client.config.endpoint?.();
    expect(`${endpoint?.protocol}//${endpoint?.hostname}:${endpoint?.port}`).toBe(s3.endpoint);
  });

  it('uses the Lambda environment alone when S3_ENDPOINT is unset', () => {
    const endpoint = process.env.S3_ENDPOINT;
    delete process.env.S3_ENDPOINT;
    try {
      const config = s3ClientConfig();
      expect(config).toEqual({ region: 'eu-west-1', requestChecksumCalculation: 'WHEN_REQUIRED' });
    } finally {
      process.env.S3_ENDPOINT = endpoint;
    }
  });

  it('names CONTENT_BUCKET when it is missing', () => {
    delete process.env.CONTENT_BUCKET;
    expect(() => contentBucketName()).toThrow(ConfigError);
    expect(() => contentBucketName()).toThrow(/CONTENT_BUCKET/);
    process.env.CONTENT_BUCKET = BUCKET;
    expect(contentBucketName()).toBe(BUCKET);
  });
});

describe('local S3', () => {
  it('accepts a presigned PUT from fetch and emits ObjectCreated:Put in the Lambda shape', async () => {
    const key = 'uploads/summer villa+1 (2).txt';
    const body = 'hello from a presigned PUT';
    const url = await getSignedUrl(client, new PutObjectCommand({ Bucket: BUCKET, Key: key, ContentType: 'text/plain' }), {
      expiresIn: 300,
    });
    const response = await fetch(url, { method: 'PUT', body, headers: { 'Content-Type': 'text/plain' } });
    expect(response.status).toBe(200);

    const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(await object.Body?.transformToString()).toBe(body);
    expect(object.ContentType).toBe('text/plain');
    expect(object.ETag).toBe(`"${md5(body)}"`);

    await s3.idle();
    const encoded = 'uploads/summer+villa%2B1+%282%29.txt';
    const [event] = eventsFor(encoded);
    expect(event).toEqual({
      Records: [
        {
          eventVersion: '2.1',
          eventSource: 'aws:s3',
          awsRegion: 'us-east-1',
          eventTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
          eventName: 'ObjectCreated:Put',
          userIdentity: { principalId: expect.any(String) },
          requestParameters: { sourceIPAddress: '127.0.0.1' },
          responseElements: { 'x-amz-request-id': expect.stringMatching(/^[0-9A-F]{16}$/), 'x-amz-id-2': expect.any(String) },
          s3: {
            s3SchemaVersion: '1.0',
            configurationId: expect.any(String),
            bucket: { name: BUCKET, ownerIdentity: { principalId: expect.any(String) }, arn: `arn:aws:s3:::${BUCKET}` },
            object: { key: encoded, size: Buffer.byteLength(body), eTag: md5(body), sequencer: expect.stringMatching(/^[0-9A-F]{18}$/) },
          },
        },
      ],
    });
    // What the ingest handler will do with the key.
    expect(decodeURIComponent((event?.Records[0]?.s3.object.key ?? '').replace(/\+/g, ' '))).toBe(key);
  });

  it('accepts a presigned POST form upload and emits ObjectCreated:Post', async () => {
    const key = 'assets/my photo.png';
    const content = 'not really a png';
    const { url, fields } = await createPresignedPost(client, {
      Bucket: BUCKET,
      Key: key,
      Conditions: [
        ['content-length-range', 1, 10 * 1024 * 1024],
        ['starts-with', '$Content-Type', 'image/'],
      ],
      Fields: { 'Content-Type': 'image/png' },
      Expires: 300,
    });
    expect(url).toBe(`${s3.endpoint}/${BUCKET}`);
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', new Blob([content], { type: 'image/png' }), 'my photo.png');
    const response = await fetch(url, { method: 'POST', body: form });
    expect(response.status).toBe(204);

    const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(await object.Body?.transformToString()).toBe(content);
    expect(object.ContentType).toBe('image/png');

    await s3.idle();
    const [event] = eventsFor('assets/my+photo.png');
    expect(event?.Records[0]?.eventName).toBe('ObjectCreated:Post');
    expect(event?.Records[0]?.s3.object).toMatchObject({ size: content.length, eTag: md5(content) });
  });

  it('gives later events for one key larger sequencers', async () => {
    const key = 'seq/one key.txt';
    for (const body of ['first', 'second', 'third']) {
      await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
    }
    await s3.idle();
    const sequencers = eventsFor('seq/one+key.txt').map((e) => e.Records[0]?.s3.object.sequencer ?? '');
    expect(sequencers).toHaveLength(3);
    expect([...sequencers].sort()).toEqual(sequencers);
    expect(new Set(sequencers).size).toBe(3);
  });

  it('answers a browser CORS preflight for an allowed origin only, for POST uploads but not PUT (as the deployed bucket)', async () => {
    const preflight = (origin: string, method = 'POST'): Promise<Response> =>
      fetch(`${s3.endpoint}/${BUCKET}/uploads/x.png`, {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': method, 'Access-Control-Request-Headers': 'content-type' },
      });
    const allowed = await preflight('http://localhost:3000');
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');
    expect((await preflight('http://localhost:3000', 'PUT')).status).toBe(403);
    expect((await preflight('http://evil.example')).status).toBe(403);
  });

  it('reports a failing handler without failing the upload', async () => {
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'fail/x.txt', Body: 'x' }));
    await s3.idle();
    expect(failures).toHaveLength(1);
    expect(String(failures[0])).toContain('handler failed');
  });

  it('encodes keys as S3 notifications do', () => {
    expect(encodeEventKey('a b/c+d/é=1&x!.txt')).toBe('a+b/c%2Bd/%C3%A9%3D1%26x%21.txt');
  });
});

describe('stopping', () => {
  it('frees the port, even with keep-alive connections open', async () => {
    const other = await startLocalS3({ directory: path.join(dir, 'other'), bucket: 'other', onObjectCreated: () => undefined });
    const response = await fetch(`${other.endpoint}/other/missing.txt`, { headers: { Connection: 'keep-alive' } });
    expect(response.status).toBe(404);
    await other.stop();
    const refused = await new Promise<string>((resolve) => {
      const socket = connect(other.port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
  });
});
