/**
 * Assets whose S3 event was lost (the database was down when asset-ingest
 * ran, and its retries and dead-letter queue did not bring it back) would stay
 * 'processing' forever. Each run takes at most SWEEP_BATCH of the oldest that
 * are older than STALE_AFTER_MINUTES (well past the 15-minute upload form):
 *  - the upload object exists: it is ingested exactly as its event would have
 *    been (same checks, same single-use gate, so a late real event is refused);
 *  - it does not: the asset becomes 'error' with the reason, through the same
 *    gate and history as a refused upload, so a form posted after that is
 *    refused too.
 */
import { assetIdOfKey, parseS3Uri } from '../../library/object-keys.js';
import { objectSize } from '../../library/stored-objects.js';
import type { SqlExecutor } from '../../platform/db/executor.js';
import { ingestRecord, type IngestResult } from '../asset-ingest/ingest.js';
import { recordOutcome } from '../asset-ingest/repository.js';
import { findStaleUploads, type StaleUpload } from './repository.js';

export const STALE_AFTER_MINUTES = 60;
export const SWEEP_BATCH = 20;
/** The sweep's stand-in for an S3 sequencer: lower than any real one, and valid hex for the gate. */
export const SWEEP_SEQUENCER = '0';

export interface SweepOutcome {
  assetId: string;
  result: IngestResult | { result: 'failed'; error: string };
}

export const NO_OBJECT_REASON = `no object was uploaded within ${STALE_AFTER_MINUTES} minutes of the upload request (or its upload event was lost and the object is gone)`;

export async function sweepStaleUploads(
  executor: SqlExecutor,
  options: { staleMinutes?: number; limit?: number } = {},
): Promise<SweepOutcome[]> {
  const stale = await findStaleUploads(executor, options.staleMinutes ?? STALE_AFTER_MINUTES, options.limit ?? SWEEP_BATCH);
  const outcomes: SweepOutcome[] = [];
  for (const asset of stale) {
    try {
      outcomes.push({ assetId: asset.id, result: await sweepOne(executor, asset) });
    } catch (error) {
      // One asset's failure (S3 or the database) must not starve the others of this run.
      outcomes.push({ assetId: asset.id, result: { result: 'failed', error: (error as Error).message } });
    }
  }
  return outcomes;
}

async function sweepOne(executor: SqlExecutor, asset: StaleUpload): Promise<IngestResult> {
  const location = parseS3Uri(asset.fileUrl);
  const isUpload = location !== null && assetIdOfKey(location.key) === asset.id;
  const size = isUpload ? await objectSize(location.bucket, location.key) : null;
  if (isUpload && size !== null) {
    // Keys we generate hold only [a-z0-9-./], which S3's event encoding leaves as they are.
    return ingestRecord(executor, { bucket: location.bucket, encodedKey: location.key, sequencer: SWEEP_SEQUENCER });
  }
  const applied = await recordOutcome(executor, {
    assetId: asset.id,
    objectKey: location?.key ?? asset.fileUrl,
    uploadUrl: asset.fileUrl,
    storedUrl: null,
    sequencer: SWEEP_SEQUENCER.padStart(64, '0'),
    outcome: 'error',
    reason: NO_OBJECT_REASON,
    sizeBytes: null,
    mimeType: null,
    dimensions: null,
    orientation: null,
  });
  return applied ? { result: 'applied', outcome: 'error', reason: NO_OBJECT_REASON } : { result: 'skipped', why: 'decided meanwhile' };
}
