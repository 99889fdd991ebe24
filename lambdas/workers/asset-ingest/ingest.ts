/**
 * One ObjectCreated record -> the asset's outcome. An upload form is single
 * use: the first object judged decides the asset, and every later object
 * posted with the same form is refused and removed without touching it.
 * Steps, in this order:
 *  1. the key must be one we generate (`uploads/<asset uuid>/<name>`); an
 *     object whose asset is gone (deleted after its form was issued) is
 *     removed, so no object is left that nobody tracks;
 *  2. an asset already decided refuses the object and removes it (a redelivery
 *     of the deciding event only finishes removing the upload);
 *  3. HEAD for the real size, a ranged GET of the first bytes for the real
 *     type and, for images, the header's width and height;
 *  4. an accepted object is copied (server side, only if it is still the
 *     event's object) to its stored key under `assets/`, then ONE statement
 *     records the outcome (see repository.ts), then the upload is removed.
 *     A refused object is recorded, then removed. Database before removal: if
 *     a removal fails, the retried event finds the asset decided and removes again.
 */
import { checkStored, type AssetType } from '../../library/allow-list.js';
import { assetIdOfKey, s3Uri, storedKeyFor } from '../../library/object-keys.js';
import { SNIFF_BYTES, SNIFF_BYTES_LARGE, imageFacts, sniffMime, type ImageFacts } from '../../library/sniff.js';
import { deleteObject } from '../../library/storage.js';
import { copyObject, firstBytes, objectSize } from '../../library/stored-objects.js';
import type { SqlExecutor } from '../../platform/db/executor.js';
import { decodeEventKey, normaliseSequencer } from './event-key.js';
import { findDeclaredAsset, recordOutcome } from './repository.js';

export type IngestResult =
  | { result: 'applied'; outcome: 'active' | 'error'; reason: string | null }
  /** A later object posted with a form already used: removed, the asset untouched. */
  | { result: 'refused'; why: string }
  /** An object no asset tracks (its asset was deleted, or not the key its form named): removed. */
  | { result: 'removed'; why: string }
  | { result: 'skipped'; why: string };

export interface IngestRecord {
  bucket: string;
  /** As it appears in the notification (URL-encoded). */
  encodedKey: string;
  sequencer: string | undefined;
  /** The event's object ETag, when known: the copy then takes exactly that object. */
  eTag?: string | undefined;
}

async function readImage(bucket: string, key: string, head: Uint8Array, size: number): Promise<ImageFacts | null> {
  const facts = imageFacts(head);
  if (facts || size <= head.length) return facts;
  const more = await firstBytes(bucket, key, SNIFF_BYTES_LARGE);
  return more ? imageFacts(more) : null;
}

export async function ingestRecord(executor: SqlExecutor, record: IngestRecord): Promise<IngestResult> {
  const key = decodeEventKey(record.encodedKey);
  const assetId = assetIdOfKey(key);
  if (!assetId) return { result: 'skipped', why: `not an upload key: ${key}` };
  const sequencer = normaliseSequencer(record.sequencer);
  if (!sequencer) return { result: 'skipped', why: 'the event has no valid sequencer' };
  const uploadUrl = s3Uri(record.bucket, key);

  const asset = await findDeclaredAsset(executor, assetId);
  if (!asset) {
    await deleteObject(record.bucket, key);
    return { result: 'removed', why: 'no asset has this upload (deleted after its form was issued); the object was removed' };
  }
  if (asset.lastSequencer !== null) {
    if (asset.fileUrl === uploadUrl && asset.status !== 'error') {
      // Ingested before accepted objects moved to assets/: the key IS the asset's object. Removing it would lose
      // the asset; the bucket's versioning keeps the earlier version for an operator to restore.
      return { result: 'skipped', why: 'the asset still reads its upload key (ingested before single use); nothing was removed' };
    }
    await deleteObject(record.bucket, key);
    if (sequencer === asset.lastSequencer) return { result: 'skipped', why: 'duplicate event' };
    return { result: 'refused', why: 'the upload form was already used; this object was removed and the asset left as it was' };
  }
  if (asset.fileUrl !== uploadUrl) {
    await deleteObject(record.bucket, key);
    return { result: 'removed', why: 'not the key this asset was given; the object was removed' };
  }

  const size = await objectSize(record.bucket, key);
  const head = size === null ? null : size === 0 ? new Uint8Array() : await firstBytes(record.bucket, key, SNIFF_BYTES);
  if (size === null || head === null) return { result: 'skipped', why: 'the object no longer exists' };

  const sniffed = sniffMime(head);
  const declared = { assetType: asset.assetType as AssetType, mime: asset.mimeType, sizeBytes: asset.sizeBytes };
  let reason = checkStored(declared, { sizeBytes: size, sniffedMime: sniffed });
  let facts: ImageFacts | null = null;
  if (!reason && sniffed?.startsWith('image/')) {
    facts = await readImage(record.bucket, key, head, size);
    if (!facts) reason = `the ${sniffed} header has no readable width and height`;
  }
  const outcome = reason ? 'error' : 'active';
  const storedKey = outcome === 'active' ? storedKeyFor(key, sequencer.replace(/^0+(?=.)/, '')) : null;
  if (storedKey) await copyObject(record.bucket, key, storedKey, record.eTag);
  const applied = await recordOutcome(executor, {
    assetId,
    objectKey: key,
    uploadUrl,
    storedUrl: storedKey ? s3Uri(record.bucket, storedKey) : null,
    sequencer,
    outcome,
    reason,
    sizeBytes: size,
    mimeType: sniffed,
    dimensions: facts ? { width: facts.width, height: facts.height } : null,
    orientation: facts?.orientation ?? null,
  });
  // Applied or not, the upload has served: refused, stored, or beaten by another object of the same form.
  if (!applied && storedKey) await deleteObject(record.bucket, storedKey);
  await deleteObject(record.bucket, key);
  if (!applied) return { result: 'skipped', why: 'another object decided this upload meanwhile, or its asset was deleted' };
  return { result: 'applied', outcome, reason };
}
