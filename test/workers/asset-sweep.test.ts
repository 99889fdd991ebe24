/**
 * The sweep of uploads left 'processing': S3 events are lost here on purpose
 * (the ingest handler local S3 calls is replaced by one that drops them), as
 * when the database was down when asset-ingest ran. A stale asset whose object
 * exists is ingested; one without an object becomes 'error' with a reason, and
 * its form is then single use like any other; recent uploads are left alone;
 * one run does a bounded batch, oldest first.
 */
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ingestRecord } from '../../lambdas/workers/asset-ingest/ingest.js';
import { handler } from '../../lambdas/workers/asset-sweep/handler.js';
import { NO_OBJECT_REASON, SWEEP_BATCH } from '../../lambdas/workers/asset-sweep/sweep.js';
import { getExecutor } from '../../lambdas/platform/db/index.js';
import { startTestApi, TEST_BUCKET, type TestApi } from '../support/api.js';
import { makePng } from '../support/images.js';

const lost = vi.hoisted(() => ({ events: 0 }));
vi.mock('../../lambdas/workers/asset-ingest/handler.js', () => ({
  handler: () => {
    lost.events++;
    return Promise.resolve([]);
  },
}));

type Upload = { asset: { id: string; asset_id: string }; upload: { url: string; fields: Record<string, string>; key: string } };

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

async function requestUpload(name: string, size: number): Promise<Upload> {
  const response = await api.request<Upload>('POST', '/v1/assets/uploads', {
    as: 'marketer',
    body: { filename: `${name}.png`, asset_type: 'image', mime_type: 'image/png', size_bytes: size },
  });
  expect(response.status).toBe(201);
  return response.body;
}

async function postFile(upload: Upload['upload'], bytes: Buffer): Promise<void> {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'image/png' }), 'x.png');
  const response = await fetch(upload.url, { method: 'POST', body: form });
  await response.arrayBuffer();
  expect(response.status).toBe(204);
  await api.s3!.idle();
}

async function exists(key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: TEST_BUCKET, Key: key }));
    return true;
  } catch {
    return false;
  }
}

const age = (id: string, minutes: number) =>
  api.db.pool.query(`UPDATE marketing.content_library SET created_at = now() - make_interval(mins => $2) WHERE id = $1`, [id, minutes]);
const row = async (id: string) =>
  (await api.db.pool.query<{ status: string; file_url: string; dimensions: unknown }>('SELECT status, file_url, dimensions FROM marketing.content_library WHERE id = $1', [id])).rows[0]!;
/** Stale assets of earlier tests are decided by the run that follows them; start each test from none. */
const settle = async () => {
  await api.db.pool.query(`UPDATE marketing.content_library SET status = 'archived' WHERE status = 'processing'`);
};

describe('asset sweep', () => {
  it('ingests a stale upload whose object exists (its event was lost), and leaves a recent one alone', async () => {
    await settle();
    const png = makePng(6, 4);
    const stale = await requestUpload('lost-event', png.length);
    const recent = await requestUpload('recent', png.length);
    const before = lost.events;
    await postFile(stale.upload, png);
    await postFile(recent.upload, png);
    expect(lost.events).toBe(before + 2);
    expect((await row(stale.asset.id)).status).toBe('processing');
    await age(stale.asset.id, 61);

    const outcomes = await handler();
    expect(outcomes).toEqual([{ assetId: stale.asset.id, result: { result: 'applied', outcome: 'active', reason: null } }]);
    const swept = await row(stale.asset.id);
    expect(swept).toMatchObject({ status: 'active', dimensions: { width: 6, height: 4 } });
    expect(swept.file_url).toMatch(new RegExp(`^s3://${TEST_BUCKET}/assets/${stale.asset.id}/`));
    expect(await exists(stale.upload.key)).toBe(false);
    expect((await row(recent.asset.id)).status).toBe('processing');
    expect(await exists(recent.upload.key)).toBe(true);
  });

  it('fails a stale upload without an object, with the reason, and then refuses its form', async () => {
    await settle();
    const png = makePng(2, 2);
    const never = await requestUpload('never-posted', png.length);
    await age(never.asset.id, 120);
    expect(await handler()).toEqual([{ assetId: never.asset.id, result: { result: 'applied', outcome: 'error', reason: NO_OBJECT_REASON } }]);
    expect((await row(never.asset.id)).status).toBe('error');
    const history = await api.request<{ data: Array<{ outcome: string; reason: string }> }>('GET', `/v1/assets/${never.asset.asset_id}/ingest-events`, {
      as: 'viewer',
    });
    expect(history.body.data).toMatchObject([{ outcome: 'error', reason: NO_OBJECT_REASON }]);

    // The form is posted late; its (real) event is refused and the object removed.
    await postFile(never.upload, png);
    const result = await ingestRecord(getExecutor(), { bucket: TEST_BUCKET, encodedKey: never.upload.key, sequencer: '0193A1B2C3D4E5F600' });
    expect(result.result).toBe('refused');
    expect(await exists(never.upload.key)).toBe(false);
    expect((await row(never.asset.id)).status).toBe('error');
    expect(await handler()).toEqual([]);
  });

  it(`sweeps at most ${SWEEP_BATCH} per run, oldest first`, async () => {
    await settle();
    const ids: string[] = [];
    for (let i = 0; i < SWEEP_BATCH + 3; i++) {
      const { asset } = await requestUpload(`batch-${i}`, 10);
      await age(asset.id, 500 - i);
      ids.push(asset.id);
    }
    const first = await handler();
    expect(first.map((o) => o.assetId)).toEqual(ids.slice(0, SWEEP_BATCH));
    const second = await handler();
    expect(second.map((o) => o.assetId)).toEqual(ids.slice(SWEEP_BATCH));
    expect(await handler()).toEqual([]);
  });
});
