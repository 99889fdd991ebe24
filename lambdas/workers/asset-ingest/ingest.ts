/**
 * One ObjectCreated record -> the asset's outcome. Steps, in this order:
 *  1. the key must be one we generated (`uploads/<asset uuid>/<name>`) and its
 *     asset must still point at it; otherwise the object is not ours to judge;
 *  2. an event not newer than the last applied one is dropped before any S3
 *     call (duplicates and late deliveries are normal for S3 notifications);
 *  3. HEAD for the real size, a ranged GET of the first bytes for the real
 *     type and, for images, the header's width and height;
 *  4. one statement records the outcome (see repository.ts), then a refused
 *     object is deleted. Database first: if the delete fails, the retried event
 *     finds its own sequencer recorded as 'error' and deletes again.
 */
import { checkStored, type AssetType } from '../../library/allow-list.js';
import { assetIdOfKey, s3Uri } from '../../library/object-keys.js';
import { SNIFF_BYTES, SNIFF_BYTES_LARGE, imageFacts, sniffMime, type ImageFacts } from '../../library/sniff.js';
import { deleteObject, firstBytes, objectSize } from '../../library/storage.js';
import type { SqlExecutor } from '../../platform/db/executor.js';
import { decodeEventKey, isNewerSequencer, normaliseSequencer } from './event-key.js';
import { findDeclaredAsset, recordOutcome } from './repository.js';

export type IngestResult =
  | { result: 'applied'; outcome: 'active' | 'error'; reason: string | null }
  | { result: 'skipped'; why: string };

export interface IngestRecord {
  bucket: string;
  /** As it appears in the notification (URL-encoded). */
  encodedKey: string;
  sequencer: string | undefined;
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

  const asset = await findDeclaredAsset(executor, assetId, s3Uri(record.bucket, key));
  if (!asset) return { result: 'skipped', why: 'no asset has this object (deleted, or not ours)' };
  if (!isNewerSequencer(sequencer, asset.lastSequencer)) {
    if (sequencer === asset.lastSequencer && asset.lastOutcome === 'error') await deleteObject(record.bucket, key);
    return { result: 'skipped', why: sequencer === asset.lastSequencer ? 'duplicate event' : 'a newer event was applied' };
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
  const applied = await recordOutcome(executor, {
    assetId,
    objectKey: key,
    sequencer,
    outcome,
    reason,
    sizeBytes: size,
    mimeType: sniffed,
    dimensions: facts ? { width: facts.width, height: facts.height } : null,
    orientation: facts?.orientation ?? null,
  });
  if (!applied) return { result: 'skipped', why: 'a newer event was applied meanwhile' };
  if (outcome === 'error') await deleteObject(record.bucket, key);
  return { result: 'applied', outcome, reason };
}
