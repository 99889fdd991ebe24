/** EventBridge schedule -> refresh the members of auto-refresh dynamic segments. */
import { getExecutor } from '../../platform/db/index.js';
import { logger } from '../../platform/observability.js';
import { refreshSegments } from './refresh.js';

export async function handler(): Promise<{ refreshed: number; skipped: number }> {
  const run = await refreshSegments(getExecutor());
  for (const skipped of run.skipped) logger.warn('segment not refreshed', skipped);
  logger.info('segments refreshed', { refreshed: run.refreshed.length, skipped: run.skipped.length });
  return { refreshed: run.refreshed.length, skipped: run.skipped.length };
}
