/**
 * The local stand-in for the S3 content library: s3rver (a real HTTP server
 * storing objects in a folder) with the content bucket and its browser CORS
 * rules, reachable by the real AWS SDK with an endpoint override
 * (lambdas/platform/s3.ts does that when S3_ENDPOINT is set).
 *
 * s3rver emits its own `event` objects, which differ from what S3 sends to
 * Lambda (eventVersion 2.0, raw keys, a wrong bucket ARN, time-based
 * sequencers, multipart completions named Post). This module rebuilds each one
 * in exactly the S3 -> Lambda notification shape before handing it on.
 *
 * Not enforced here (s3rver ignores it): the presigned POST policy
 * (content-length-range, Content-Type prefix, expiry) and SigV4 signatures.
 * The ingest handler checks size and type itself, as it must in AWS too.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import type { S3Event, S3EventRecord } from 'aws-lambda';
import { LOCAL_S3_CREDENTIALS } from '../lambdas/platform/s3-requests/target.js';

export interface LocalS3Options {
  /** Port to listen on; 0 or absent picks a free one. */
  port?: number;
  /** Folder where objects are stored (kept between runs unless you delete it). */
  directory: string;
  bucket: string;
  /** Origins allowed to upload from a browser; default any (`*`). */
  allowedOrigins?: readonly string[];
  region?: string;
  /** Receives each ObjectCreated notification, as S3 would invoke the ingest Lambda. */
  onObjectCreated(event: S3Event): Promise<void> | void;
  /** A failed delivery is reported here (default: console.error); S3 -> Lambda would retry, we do not. */
  onDeliveryError?(error: unknown, event: S3Event): void;
}

export interface LocalS3 {
  /** `http://127.0.0.1:<port>`: the value for S3_ENDPOINT. */
  endpoint: string;
  port: number;
  bucket: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Resolves when every notification delivered so far has been handled. */
  idle(): Promise<void>;
  /** Waits for pending deliveries, then closes the server and every open connection. */
  stop(): Promise<void>;
}

// ------------------------------------------------------------- s3rver (CommonJS, untyped)

interface KoaContext {
  method: string;
  path: string;
  ip: string;
  query: Record<string, unknown>;
  get(header: string): string;
}

interface S3rverEvent {
  Records: Array<{ eventName: string; s3: { bucket: { name: string }; object: { key: string; size?: number; eTag?: string } } }>;
}

interface S3rverInstance {
  middleware: Array<(ctx: KoaContext, next: () => Promise<void>) => Promise<void>>;
  httpServer?: Server;
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  on(event: 'event', listener: (event: S3rverEvent) => void): void;
}

type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;

const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;

// ------------------------------------------------------------- notification shape

/**
 * Keys arrive in notifications URL-encoded with `+` for spaces (so a literal
 * `+` is `%2B`); `/` stays as is. Decode with
 * `decodeURIComponent(key.replace(/\+/g, ' '))`.
 */
export function encodeEventKey(key: string): string {
  return key
    .split('/')
    .map((segment) =>
      encodeURIComponent(segment)
        .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
        .replace(/%20/g, '+'),
    )
    .join('/');
}

/** What the request that stored the object was: s3rver's own event name cannot tell all of them apart. */
function createdEventName(request: KoaContext): string {
  if (request.method === 'PUT') return request.get('x-amz-copy-source') ? 'ObjectCreated:Copy' : 'ObjectCreated:Put';
  if (request.method === 'POST' && 'uploadId' in request.query) return 'ObjectCreated:CompleteMultipartUpload';
  return 'ObjectCreated:Post';
}

/**
 * Strictly increasing, fixed-width hex: for one key the later event has the
 * larger sequencer, as S3 promises (only per key; here it holds globally).
 */
function sequencerSource(): () => string {
  let last = 0n;
  return () => {
    const now = BigInt(Date.now()) << 16n;
    last = now > last ? now : last + 1n;
    return last.toString(16).toUpperCase().padStart(18, '0');
  };
}

function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex').toUpperCase();
}

function corsXml(origins: readonly string[]): string {
  const rule = [
    ...origins.map((o) => `<AllowedOrigin>${o}</AllowedOrigin>`),
    // As the deployed bucket: presigned POST uploads and GET downloads, no PUT.
    ...['GET', 'HEAD', 'POST'].map((m) => `<AllowedMethod>${m}</AllowedMethod>`),
    '<AllowedHeader>*</AllowedHeader>',
    '<ExposeHeader>ETag</ExposeHeader>',
    '<MaxAgeSeconds>3000</MaxAgeSeconds>',
  ].join('');
  return `<CORSConfiguration><CORSRule>${rule}</CORSRule></CORSConfiguration>`;
}

export async function startLocalS3(options: LocalS3Options): Promise<LocalS3> {
  const region = options.region ?? 'us-east-1';
  await mkdir(options.directory, { recursive: true });
  const server = new S3rver({
    port: options.port ?? 0,
    address: '127.0.0.1',
    directory: options.directory,
    silent: true,
    // Path-style only: `<bucket>.localhost` needs DNS that browsers and Node do not share.
    vhostBuckets: false,
    configureBuckets: [{ name: options.bucket, configs: [corsXml(options.allowedOrigins ?? ['*'])] }],
  });

  // Remember which request is being served, so the event it triggers can be named and attributed.
  const currentRequest = new AsyncLocalStorage<KoaContext>();
  server.middleware.unshift((ctx, next) => currentRequest.run(ctx, next));

  const nextSequencer = sequencerSource();
  const pending = new Set<Promise<void>>();
  const report = options.onDeliveryError ?? ((error: unknown) => console.error('local S3 notification failed', error));

  server.on('event', (raw) => {
    const record = raw.Records[0];
    const request = currentRequest.getStore();
    if (!record || !request || !record.eventName.startsWith('ObjectCreated:')) return;
    const s3Record: S3EventRecord = {
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: region,
      eventTime: new Date().toISOString(),
      eventName: createdEventName(request),
      userIdentity: { principalId: `AWS:${LOCAL_S3_CREDENTIALS.accessKeyId}` },
      requestParameters: { sourceIPAddress: request.ip.replace(/^::ffff:/, '') },
      responseElements: { 'x-amz-request-id': hex(8), 'x-amz-id-2': randomBytes(48).toString('base64') },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'local-object-created',
        bucket: {
          name: record.s3.bucket.name,
          ownerIdentity: { principalId: 'LOCALS3RVEROWNER' },
          arn: `arn:aws:s3:::${record.s3.bucket.name}`,
        },
        object: {
          key: encodeEventKey(record.s3.object.key),
          size: record.s3.object.size ?? 0,
          eTag: (record.s3.object.eTag ?? '').replace(/"/g, ''),
          sequencer: nextSequencer(),
        },
      },
    };
    const event: S3Event = { Records: [s3Record] };
    // Like S3's asynchronous Lambda invocation: the upload's response does not wait for the handler.
    const delivery = Promise.resolve()
      .then(() => options.onObjectCreated(event))
      .catch((error: unknown) => report(error, event))
      .finally(() => pending.delete(delivery));
    pending.add(delivery);
  });

  const address = await server.run();
  const idle = async (): Promise<void> => {
    while (pending.size > 0) await Promise.all([...pending]);
  };
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    port: address.port,
    bucket: options.bucket,
    region,
    credentials: { ...LOCAL_S3_CREDENTIALS },
    idle,
    async stop() {
      await idle();
      const closing = server.close();
      // Keep-alive sockets would otherwise hold the port until they time out.
      server.httpServer?.closeAllConnections();
      await closing;
    },
  };
}
