/**
 * Schedule (EventBridge) -> sweep uploads stuck in 'processing' (see sweep.ts).
 * One run is bounded (SWEEP_BATCH assets); a failure on one asset is logged
 * and the rest are still tried, then the run fails so the schedule's retry
 * and the error alarm see it.
 */
import { getExecutor } from '../../platform/db/index.js';
import { logger } from '../../platform/observability.js';
import { sweepStaleUploads, type SweepOutcome } from './sweep.js';

export async function handler(): Promise<SweepOutcome[]> {
  const outcomes = await sweepStaleUploads(getExecutor());
  for (const { assetId, result } of outcomes) {
    if (result.result === 'failed') logger.error('asset sweep failed', { assetId, error: result.error });
    else logger.info(`asset sweep ${result.result}`, { assetId, ...result });
  }
  const failed = outcomes.filter((o) => o.result.result === 'failed').length;
  if (failed > 0) throw new Error(`${failed} of ${outcomes.length} stale uploads could not be swept`);
  return outcomes;
}
