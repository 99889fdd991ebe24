/**
 * An asset the way a client makes one: request an upload, POST a real PNG to
 * local S3 with the returned form, and wait until S3's ObjectCreated event has
 * run the ingest worker (status active).
 */
import { makePng } from '../../support/images.js';
import type { Client } from './client.js';

export interface UploadedAsset {
  id: string;
  assetId: string;
  key: string;
  size: number;
  status: string;
  etag: string | null;
}

interface UploadAnswer {
  asset: { id: string; asset_id: string; status: string };
  upload: { url: string; fields: Record<string, string>; key: string };
}

export async function uploadPng(client: Client, name: string, width = 8, height = 6): Promise<UploadedAsset> {
  const png = makePng(width, height);
  const started = await client.call<UploadAnswer>('POST', '/v1/assets/uploads', {
    as: 'marketer',
    body: { filename: `${name}.png`, asset_type: 'image', mime_type: 'image/png', size_bytes: png.length },
  });
  if (started.status !== 201) throw new Error(`upload request answered ${started.status}: ${started.text.slice(0, 300)}`);
  const { asset, upload } = started.body;
  const form = new FormData();
  for (const [field, value] of Object.entries(upload.fields)) form.append(field, value);
  form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), `${name}.png`);
  const posted = await fetch(upload.url, { method: 'POST', body: form });
  await posted.arrayBuffer();
  if (posted.status >= 300) throw new Error(`S3 POST answered ${posted.status}`);
  // Local S3 hands the event to the ingest worker after answering; poll (bounded) for its outcome.
  for (let i = 0; i < 100; i++) {
    const read = await client.call<{ status: string }>('GET', `/v1/assets/${asset.id}`, { as: 'viewer' });
    if (read.status === 200 && read.body.status !== 'processing') {
      return { id: asset.id, assetId: asset.asset_id, key: upload.key, size: png.length, status: read.body.status, etag: read.headers.get('etag') };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`asset ${asset.id} still processing after 5 s`);
}
