/**
 * S3 ObjectCreated (prefix uploads/) -> record each uploaded object's real
 * size, type and dimensions on its asset (see ingest.ts). Every record is
 * tried; if any failed, the invocation fails so Lambda's asynchronous retry
 * redelivers the event, which is safe because ingest is idempotent. After the
 * retries the event goes to the function's dead-letter queue (lib/), and the
 * asset-sweep worker finds any asset it left in 'processing'.
 */
import type { S3Event } from 'aws-lambda';
import { getExecutor } from '../../platform/db/index.js';
import { logger } from '../../platform/observability.js';
import { ingestRecord, type IngestResult } from './ingest.js';

export async function handler(event: S3Event): Promise<IngestResult[]> {
  const results: IngestResult[] = [];
  const failures: unknown[] = [];
  for (const record of event.Records) {
    const s3 = record.s3;
    const context = { key: s3.object.key, sequencer: s3.object.sequencer, eventName: record.eventName };
    try {
      const result = await ingestRecord(getExecutor(), {
        bucket: s3.bucket.name,
        encodedKey: s3.object.key,
        sequencer: s3.object.sequencer,
        eTag: s3.object.eTag,
      });
      results.push(result);
      if (result.result === 'applied' && result.outcome === 'error') logger.warn('upload refused', { ...context, reason: result.reason });
      else if (result.result === 'refused' || result.result === 'removed') logger.warn(`upload object ${result.result}`, { ...context, why: result.why });
      else logger.info(`ingest ${result.result}`, { ...context, ...result });
    } catch (error) {
      failures.push(error);
      logger.error('ingest failed', { ...context, error: error as Error });
    }
  }
  if (failures.length > 0) throw new AggregateError(failures, `${failures.length} of ${event.Records.length} records failed`);
  return results;
}
