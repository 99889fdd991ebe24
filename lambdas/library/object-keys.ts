/**
 * Where an asset's object lives. A browser uploads to
 * `uploads/<asset uuid>/<safe name>.<ext>`; the ingest copies an accepted
 * object to `assets/<asset uuid>/<event id>/<safe name>.<ext>` and removes the
 * upload, so `uploads/` only ever holds objects not judged yet, and a form
 * posted again cannot overwrite an asset's object (it lands in `uploads/`,
 * where the ingest refuses and removes it).
 * The per-asset prefix makes keys unique without trusting names; the name is
 * a slug of the user's filename (ASCII letters, digits, dashes) with the
 * extension of the declared MIME type, so a user's filename never reaches a
 * key raw (no `../`, no control characters, no misleading `.exe.jpg`).
 * `file_url` stores the object as an `s3://bucket/key` URI.
 */

/** Browser uploads land here (presigned POST); the ingest function is notified for this prefix only. */
export const UPLOAD_PREFIX = 'uploads/';
/** Accepted objects, copied here by the ingest; nothing outside our functions writes here. */
export const ASSET_PREFIX = 'assets/';

const MAX_SLUG = 60;

/** `Villa Azul — Pool (1).JPG` + `jpg` -> `villa-azul-pool-1.jpg`. */
export function safeObjectName(filename: string, extension: string): string {
  const base = filename.split(/[\\/]/).pop() ?? '';
  const withoutExtension = base.includes('.') ? base.slice(0, base.lastIndexOf('.')) : base;
  const slug = withoutExtension
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_SLUG)
    .replace(/-+$/, '');
  return `${slug || 'asset'}.${extension}`;
}

export function s3Uri(bucket: string, key: string): string {
  return `s3://${bucket}/${key}`;
}

/** The bucket and key of an `s3://` URI, or null for anything else (e.g. an external URL). */
export function parseS3Uri(uri: string): { bucket: string; key: string } | null {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  return match ? { bucket: match[1]!, key: match[2]! } : null;
}

const UPLOAD_KEY = /^uploads\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/[a-z0-9-]+\.[a-z0-9]+$/;

/** The asset uuid of an upload key we generated, or null for any other key. */
export function assetIdOfKey(key: string): string | null {
  return UPLOAD_KEY.exec(key)?.[1] ?? null;
}

/**
 * The key an accepted upload is copied to. `eventId` (the S3 sequencer without
 * its padding) makes it unique per event, so two events racing for one upload
 * never write the same stored object, and the same event redelivered copies to
 * the same key again.
 */
export function storedKeyFor(uploadKey: string, eventId: string): string {
  const [, assetId, name] = /^uploads\/([^/]+)\/(.+)$/.exec(uploadKey) ?? [];
  if (!assetId || !name || !/^[0-9A-Za-z]{1,64}$/.test(eventId)) throw new Error(`Not an upload key or event id: ${uploadKey} ${eventId}`);
  return `${ASSET_PREFIX}${assetId}/${eventId.toLowerCase()}/${name}`;
}

/** Keys our functions may delete when an asset goes: its upload or its stored object. */
export function isOwnedKey(key: string): boolean {
  return key.startsWith(UPLOAD_PREFIX) || key.startsWith(ASSET_PREFIX);
}
