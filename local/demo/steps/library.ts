/**
 * Assets with real images, uploaded as a browser does: ask for an upload, POST
 * the file to local S3 with the presigned form, and wait for the S3 event's
 * ingest to make the asset active. Then a gallery for Villa Azul with a hero.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VILLA_AZUL } from '../data.js';
import { eq, type DemoApi } from '../api.js';

const IMAGES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'images');

const UPLOADS = [
  { key: 'pool', filename: 'Villa Azul pool.jpg', file: 'villa-azul-pool.jpg', mime: 'image/jpeg', tags: ['pool', 'summer'], room: 'pool' },
  { key: 'terrace', filename: 'Villa Azul terrace.png', file: 'villa-azul-terrace.png', mime: 'image/png', tags: ['terrace', 'summer'], room: 'terrace' },
  { key: 'garden', filename: 'Casa Limón garden.jpg', file: 'casa-limon-garden.jpg', mime: 'image/jpeg', tags: ['garden'], room: 'garden' },
] as const;

interface UploadAnswer {
  asset: { id: string; asset_id: string };
  upload: { url: string; fields: Record<string, string> };
}

async function upload(api: DemoApi, item: (typeof UPLOADS)[number]): Promise<{ id: string; asset_id: string }> {
  const bytes = await readFile(path.join(IMAGES, item.file));
  const started = await api.call<UploadAnswer>('POST', '/v1/assets/uploads', {
    body: { filename: item.filename, asset_type: 'image', mime_type: item.mime, size_bytes: bytes.length, tags: item.tags, alt_text: item.filename.replace(/\.\w+$/, '') },
    expect: [201],
  });
  const form = new FormData();
  for (const [field, value] of Object.entries(started.body.upload.fields)) form.append(field, value);
  form.append('file', new Blob([new Uint8Array(bytes)], { type: item.mime }), item.file);
  const posted = await fetch(started.body.upload.url, { method: 'POST', body: form });
  await posted.arrayBuffer();
  if (posted.status >= 300) throw new Error(`local S3 answered ${posted.status} to the upload of ${item.file}`);
  // S3's ObjectCreated event runs the ingest after S3 has answered: wait for its outcome (bounded).
  for (let i = 0; i < 200; i++) {
    const read = await api.call<{ status: string }>('GET', `/v1/assets/${started.body.asset.id}`, { as: 'viewer' });
    if (read.body.status === 'active') return started.body.asset;
    if (read.body.status !== 'processing') throw new Error(`the ingest refused ${item.file}: status ${read.body.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${item.file} was still processing after 20 s`);
}

export async function loadLibrary(api: DemoApi): Promise<Record<'pool' | 'terrace' | 'garden', string>> {
  const ids: Record<string, string> = {};
  const gallery = await api.call<{ data: Array<{ library_asset_id: string }> }>('GET', `/v1/properties/${VILLA_AZUL}/assets?limit=200`, { as: 'viewer' });
  const attached = new Set(gallery.body.data.map((row) => row.library_asset_id));
  for (const item of UPLOADS) {
    const found = await api.findOne(`/v1/assets?filename=${eq(item.filename)}`);
    const asset = found ? { id: found.id, asset_id: String(found.asset_id) } : await upload(api, item);
    ids[item.key] = asset.asset_id;
    // Casa Limón's garden stays out of Villa Azul's gallery.
    const attach = item.key !== 'garden' && !attached.has(asset.id);
    if (attach) {
      await api.call('POST', `/v1/properties/${VILLA_AZUL}/assets`, {
        body: { asset_id: asset.id, is_hero: item.key === 'pool', room_type: item.room, channel_orders: { airbnb: item.key === 'pool' ? 1 : 2 } },
        expect: [201],
      });
    }
    if (!found) api.created.push(`asset "${item.filename}" (uploaded and ingested)`);
    else if (attach) api.completed.push(`asset "${item.filename}" (added to the gallery)`);
    else api.found.push(`asset "${item.filename}"`);
  }
  return ids as Record<'pool' | 'terrace' | 'garden', string>;
}
