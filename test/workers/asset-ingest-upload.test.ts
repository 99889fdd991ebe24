/**
 * The upload flow end to end: request an upload, POST the file to local S3
 * with the returned form, let S3's ObjectCreated event run the ingest handler,
 * and read the asset back. Then the refusals (size, type) and the event rules
 * (duplicates, older sequencers) by calling the handler directly.
 */
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../lambdas/workers/asset-ingest/handler.js';
import { encodeEventKey } from '../../local/s3.js';
import { startTestApi, TEST_BUCKET, type TestApi } from '../support/api.js';
import { makeJpeg, makePng } from '../support/images.js';
import type { Problem } from '../support/types.js';

type Asset = {
  id: string;
  asset_id: string;
  status: string;
  mime_type: string | null;
  file_size_bytes: number | null;
  dimensions: { width: number; height: number } | null;
  orientation: string | null;
  file_url: string;
  filename: string;
};
type Upload = { asset: Asset; upload: { method: string; url: string; fields: Record<string, string>; key: string; expires_at: string } };

let api: TestApi;
let s3: S3Client;
beforeAll(async () => {
  api = await startTestApi({ s3: true });
  s3 = new S3Client({ endpoint: api.s3!.endpoint, forcePathStyle: true, region: 'us-east-1', credentials: api.s3!.credentials });
});
afterAll(async () => {
  s3.destroy();
  await api.stop();
});

async function requestUpload(body: Record<string, unknown>): Promise<Upload> {
  const response = await api.request<Upload>('POST', '/v1/assets/uploads', { as: 'marketer', body });
  expect(response.status).toBe(201);
  return response.body;
}

/** What a browser does with the presigned POST: every field, then the file last. */
async function postFile(upload: Upload['upload'], bytes: Buffer, contentType: string): Promise<number> {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(bytes)], { type: contentType }), 'ignored-by-s3.bin');
  const response = await fetch(upload.url, { method: 'POST', body: form });
  await response.arrayBuffer();
  return response.status;
}

async function asset(id: string): Promise<Asset> {
  const response = await api.request<Asset>('GET', `/v1/assets/${id}`, { as: 'viewer' });
  expect(response.status).toBe(200);
  return response.body;
}

async function objectExists(key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: TEST_BUCKET, Key: key }));
    return true;
  } catch {
    return false;
  }
}

function eventFor(key: string, sequencer: string, size = 1): S3Event {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'us-east-1',
        eventTime: new Date().toISOString(),
        eventName: 'ObjectCreated:Post',
        userIdentity: { principalId: 'AWS:TEST' },
        requestParameters: { sourceIPAddress: '127.0.0.1' },
        responseElements: { 'x-amz-request-id': 'TEST', 'x-amz-id-2': 'TEST' },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'test',
          bucket: { name: TEST_BUCKET, ownerIdentity: { principalId: 'TEST' }, arn: `arn:aws:s3:::${TEST_BUCKET}` },
          object: { key: encodeEventKey(key), size, eTag: 'x', sequencer },
        },
      },
    ],
  };
}

async function objectBytes(key: string): Promise<Buffer | null> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: TEST_BUCKET, Key: key }));
    return Buffer.from(await object.Body!.transformToByteArray());
  } catch {
    return null;
  }
}

/** The key of an asset's stored object, from its file_url. */
function storedKeyOf(row: Record<string, unknown>): string {
  const url = String(row.file_url);
  expect(url).toMatch(new RegExp(`^s3://${TEST_BUCKET}/assets/`));
  return url.slice(`s3://${TEST_BUCKET}/`.length);
}

async function ingestState(assetId: string) {
  const state = await api.db.pool.query<{ sequencer: string; outcome: string; updated_at: Date }>(
    'SELECT sequencer, outcome, updated_at FROM marketing_ops.asset_ingest_state WHERE asset_id = $1',
    [assetId],
  );
  const events = await api.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM marketing_ops.asset_ingest_events WHERE asset_id = $1', [
    assetId,
  ]);
  const row = await api.db.pool.query('SELECT * FROM marketing.content_library WHERE id = $1', [assetId]);
  return { state: state.rows[0], events: events.rows[0]!.n, row: row.rows[0] as Record<string, unknown> };
}

describe('uploading through a presigned POST', () => {
  it('ingests a real PNG: active, real size, MIME type, dimensions and orientation', async () => {
    const png = makePng(30, 20);
    const { asset: created, upload } = await requestUpload({
      filename: '../Villa Azul — Pool (1).PNG',
      asset_type: 'image',
      mime_type: 'image/png',
      size_bytes: png.length,
      tags: ['pool', 'summer'],
    });
    expect(created).toMatchObject({ status: 'processing', filename: '../Villa Azul — Pool (1).PNG', mime_type: 'image/png' });
    const misnamed = await requestUpload({ filename: 'brochure.html', asset_type: 'image', mime_type: 'image/png', size_bytes: png.length });
    expect(created.asset_id).toMatch(/^ASSET-\d{6}$/);
    // The key is built from the asset uuid and a slug, never the raw filename.
    expect(upload.key).toBe(`uploads/${created.id}/villa-azul-pool-1.png`);
    expect(created.file_url).toBe(`s3://${TEST_BUCKET}/${upload.key}`);
    expect(upload.fields).toMatchObject({ key: upload.key, 'Content-Type': 'image/png' });
    const policy = JSON.parse(Buffer.from(upload.fields.Policy!, 'base64').toString('utf8')) as { conditions: unknown[]; expiration: string };
    expect(policy.conditions).toEqual(
      expect.arrayContaining([['content-length-range', png.length, png.length], ['eq', '$Content-Type', 'image/png']]),
    );
    expect(Date.parse(policy.expiration) - Date.now()).toBeLessThanOrEqual(15 * 60 * 1000);

    expect(await postFile(upload, png, 'image/png')).toBe(204);
    await api.s3!.idle();
    const ingested = await asset(created.asset_id);
    expect(ingested).toMatchObject({
      status: 'active',
      mime_type: 'image/png',
      file_size_bytes: png.length,
      dimensions: { width: 30, height: 20 },
      orientation: 'landscape',
    });
    // The accepted object now lives under assets/ and the upload key is empty again.
    expect(ingested.file_url).toMatch(new RegExp(`^s3://${TEST_BUCKET}/assets/${created.id}/[0-9a-f]+/villa-azul-pool-1\\.png$`));
    expect(await objectExists(upload.key)).toBe(false);

    const download = await api.request<{ url: string; expires_at: string }>('GET', `/v1/assets/${created.id}/download`, { as: 'viewer' });
    expect(download.status).toBe(200);
    expect(Date.parse(download.body.expires_at)).toBeGreaterThan(Date.now());
    expect(new URL(download.body.url).searchParams.get('X-Amz-Expires')).toBe('300');
    // Saved under the user's name (its extension matches the detected type), encoded as RFC 8187 says.
    expect(new URL(download.body.url).searchParams.get('response-content-disposition')).toBe(
      `attachment; filename="Villa Azul _ Pool (1).PNG"; filename*=UTF-8''Villa%20Azul%20%E2%80%94%20Pool%20%281%29.PNG`,
    );
    const fetched = Buffer.from(await (await fetch(download.body.url)).arrayBuffer());
    expect(fetched.equals(png)).toBe(true);

    // A name whose extension says another type is saved with the detected type's.
    expect(await postFile(misnamed.upload, png, 'image/png')).toBe(204);
    await api.s3!.idle();
    const renamed = await api.request<{ url: string }>('GET', `/v1/assets/${misnamed.asset.id}/download`, { as: 'viewer' });
    expect(new URL(renamed.body.url).searchParams.get('response-content-disposition')).toBe(
      `attachment; filename="brochure.png"; filename*=UTF-8''brochure.png`,
    );
  });

  it('ingests a real baseline JPEG: portrait 16x24', async () => {
    const jpeg = makeJpeg(16, 24);
    const { asset: created, upload } = await requestUpload({
      filename: 'bedroom.jpeg',
      asset_type: 'image',
      mime_type: 'image/jpeg',
      size_bytes: jpeg.length,
    });
    expect(upload.key).toMatch(/\/bedroom\.jpg$/);
    expect(await postFile(upload, jpeg, 'image/jpeg')).toBe(204);
    await api.s3!.idle();
    expect(await asset(created.id)).toMatchObject({
      status: 'active',
      mime_type: 'image/jpeg',
      file_size_bytes: jpeg.length,
      dimensions: { width: 16, height: 24 },
      orientation: 'portrait',
    });
  });

  it('refuses an object larger than declared (S3 would have; local S3 does not): error, reason recorded, object removed', async () => {
    const png = makePng(40, 40);
    const { asset: created, upload } = await requestUpload({ filename: 'big.png', asset_type: 'image', mime_type: 'image/png', size_bytes: 100 });
    expect(await postFile(upload, png, 'image/png')).toBe(204);
    await api.s3!.idle();
    const refused = await asset(created.id);
    expect(refused.status).toBe('error');
    expect(refused.dimensions).toBeNull();
    expect(await objectExists(upload.key)).toBe(false);
    const history = await api.request<{ data: Array<{ outcome: string; reason: string; size_bytes: number }> }>(
      'GET',
      `/v1/assets/${created.asset_id}/ingest-events`,
      { as: 'viewer' },
    );
    expect(history.body.data).toHaveLength(1);
    expect(history.body.data[0]).toMatchObject({ outcome: 'error', size_bytes: png.length });
    expect(history.body.data[0]!.reason).toMatch(new RegExp(`${png.length} bytes but the upload declared 100`));
    const noDownload = await api.request('GET', `/v1/assets/${created.id}/download`, { as: 'viewer' });
    expect(noDownload.status).toBe(409);
  });

  it('refuses a mislabelled file (JPEG bytes declared as PNG): error, object removed', async () => {
    const jpeg = makeJpeg(8, 8);
    const { asset: created, upload } = await requestUpload({
      filename: 'fake.png',
      asset_type: 'image',
      mime_type: 'image/png',
      size_bytes: jpeg.length,
    });
    expect(await postFile(upload, jpeg, 'image/png')).toBe(204);
    await api.s3!.idle();
    expect((await asset(created.id)).status).toBe('error');
    expect(await objectExists(upload.key)).toBe(false);
    const { rows } = await api.db.pool.query<{ reason: string }>('SELECT reason FROM marketing_ops.asset_ingest_state WHERE asset_id = $1', [created.id]);
    expect(rows[0]!.reason).toBe('the content is image/jpeg but the upload declared image/png');
  });

  it('refuses a bad upload request with 422 and field paths, creating nothing', async () => {
    const before = await api.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM marketing.content_library');
    const wrongType = await api.request<Problem>('POST', '/v1/assets/uploads', {
      as: 'marketer',
      body: { filename: 'clip.mp4', asset_type: 'image', mime_type: 'video/mp4', size_bytes: 30 * 1024 * 1024 },
    });
    expect(wrongType.status).toBe(422);
    expect(wrongType.body.errors?.map((e) => e.path).sort()).toEqual(['body.mime_type', 'body.size_bytes']);
    const bad = await api.request<Problem>('POST', '/v1/assets/uploads', {
      as: 'marketer',
      body: { filename: 'a\u0000b', asset_type: 'hologram', mime_type: 'image/png', size_bytes: 0, status: 'active' },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors?.map((e) => e.path).sort()).toEqual(['body.asset_type', 'body.filename', 'body.size_bytes', 'body.status']);
    expect((await api.request('POST', '/v1/assets/uploads', { as: 'viewer', body: {} })).status).toBe(403);
    const after = await api.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM marketing.content_library');
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('uses one Data API call to start an upload', async () => {
    api.dataApiCalls.length = 0;
    await requestUpload({ filename: 'brochure.pdf', asset_type: 'pdf', mime_type: 'application/pdf', size_bytes: 1234 });
    expect(api.dataApiCalls).toEqual(['Execute']);
  });
});

describe('S3 events: duplicates and order', () => {
  it('applies the same event once: the second delivery changes nothing', async () => {
    const png = makePng(10, 10);
    const { asset: created, upload } = await requestUpload({ filename: 'dup.png', asset_type: 'image', mime_type: 'image/png', size_bytes: png.length });
    await postFile(upload, png, 'image/png');
    await api.s3!.idle();
    const first = await ingestState(created.id);
    expect(first.state?.outcome).toBe('active');
    expect(first.events).toBe(1);
    expect(first.row.orientation).toBe('square');

    // The same record again, byte for byte what S3 would redeliver (same key, same sequencer).
    const sequencer = first.state!.sequencer.replace(/^0+/, '');
    const results = await handler(eventFor(upload.key, sequencer, png.length));
    expect(results).toEqual([{ result: 'skipped', why: 'duplicate event' }]);
    const second = await ingestState(created.id);
    expect(second).toEqual(first);
  });

  it('refuses any later event for a decided upload, older or newer, and leaves the asset and its stored object alone', async () => {
    const png = makePng(12, 5);
    const { asset: created, upload } = await requestUpload({ filename: 'order.png', asset_type: 'image', mime_type: 'image/png', size_bytes: png.length });
    await postFile(upload, png, 'image/png');
    await api.s3!.idle();
    const applied = await ingestState(created.id);
    const recorded = BigInt(`0x${applied.state!.sequencer}`);
    const refused = [{ result: 'refused', why: 'the upload form was already used; this object was removed and the asset left as it was' }];

    // "FF" sorts after "01..." as text; padded, it is the older event. Either way the form was used.
    expect(await handler(eventFor(upload.key, 'FF', png.length))).toEqual(refused);
    expect(await handler(eventFor(upload.key, (recorded - 1n).toString(16).toUpperCase(), png.length))).toEqual(refused);
    expect(await handler(eventFor(upload.key, (recorded + 1n).toString(16).toUpperCase(), png.length))).toEqual(refused);
    expect(await ingestState(created.id)).toEqual(applied);
    expect(await objectBytes(storedKeyOf(applied.row))).toEqual(png);
  });

  it('skips keys that are not upload keys and objects whose asset is gone', async () => {
    expect(await handler(eventFor('elsewhere/file.png', '1'))).toEqual([{ result: 'skipped', why: 'not an upload key: elsewhere/file.png' }]);
    const ghost = 'uploads/0190a5f0-0000-7000-8000-000000000000/x.png';
    expect(await handler(eventFor(ghost, '1'))).toEqual([
      { result: 'removed', why: 'no asset has this upload (deleted after its form was issued); the object was removed' },
    ]);
  });

  it('deletes the asset row first, then its object', async () => {
    const png = makePng(4, 4);
    const { asset: created, upload } = await requestUpload({ filename: 'gone.png', asset_type: 'image', mime_type: 'image/png', size_bytes: png.length });
    await postFile(upload, png, 'image/png');
    await api.s3!.idle();
    const stored = storedKeyOf((await ingestState(created.id)).row);
    expect(await objectExists(stored)).toBe(true);
    expect((await api.request('DELETE', `/v1/assets/${created.id}`, { as: 'marketer' })).status).toBe(403);
    api.dataApiCalls.length = 0;
    expect((await api.request('DELETE', `/v1/assets/${created.asset_id}`, { as: 'admin' })).status).toBe(204);
    expect(api.dataApiCalls).toEqual(['Execute']);
    expect(await objectExists(stored)).toBe(false);
    expect((await api.request('GET', `/v1/assets/${created.id}`)).status).toBe(404);
    const history = await api.db.pool.query('SELECT 1 FROM marketing_ops.asset_ingest_events WHERE asset_id = $1', [created.id]);
    expect(history.rowCount).toBe(0);
  });
});

describe('a presigned POST is single use', () => {
  it('refuses a replayed form after the asset is active: the asset and its object stay, the new object is removed', async () => {
    const png = makePng(9, 9);
    const { asset: created, upload } = await requestUpload({ filename: 'once.png', asset_type: 'image', mime_type: 'image/png', size_bytes: png.length });
    expect(await postFile(upload, png, 'image/png')).toBe(204);
    await api.s3!.idle();
    const accepted = await ingestState(created.id);
    expect(accepted.row.status).toBe('active');

    // The replay of the audit: the same form, 93 bytes of HTML (local S3 does not enforce the policy, as a bypass would not).
    const html = Buffer.from(`<!doctype html><html><body><script>alert(document.domain)</script><p>replayed</p></body></html>`).subarray(0, 93);
    expect(await postFile(upload, html, 'image/png')).toBe(204);
    await api.s3!.idle();
    expect(await ingestState(created.id)).toEqual(accepted);
    expect(await objectBytes(storedKeyOf(accepted.row))).toEqual(png);
    expect(await objectExists(upload.key)).toBe(false);
    const download = await api.request<{ url: string }>('GET', `/v1/assets/${created.id}/download`, { as: 'viewer' });
    expect(Buffer.from(await (await fetch(download.body.url)).arrayBuffer())).toEqual(png);
  });

  it('refuses a replay after a refusal too: the asset stays error with its first reason', async () => {
    const jpeg = makeJpeg(8, 8);
    const { asset: created, upload } = await requestUpload({ filename: 'twice.png', asset_type: 'image', mime_type: 'image/png', size_bytes: jpeg.length });
    await postFile(upload, jpeg, 'image/png');
    await api.s3!.idle();
    const refused = await ingestState(created.id);
    expect(refused.state?.outcome).toBe('error');
    await postFile(upload, makePng(2, 2), 'image/png');
    await api.s3!.idle();
    expect(await ingestState(created.id)).toEqual(refused);
    expect(await objectExists(upload.key)).toBe(false);
  });

  it('removes an object posted with the form of an asset deleted meanwhile', async () => {
    const png = makePng(3, 3);
    const { asset: created, upload } = await requestUpload({ filename: 'orphan.png', asset_type: 'image', mime_type: 'image/png', size_bytes: png.length });
    expect((await api.request('DELETE', `/v1/assets/${created.id}`, { as: 'admin' })).status).toBe(204);
    expect(await postFile(upload, png, 'image/png')).toBe(204);
    await api.s3!.idle();
    expect(await objectExists(upload.key)).toBe(false);
    const { rows } = await api.db.pool.query('SELECT 1 FROM marketing_ops.asset_ingest_events WHERE asset_id = $1', [created.id]);
    expect(rows).toHaveLength(0);
  });
});
