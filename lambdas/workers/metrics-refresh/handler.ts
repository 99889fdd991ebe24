/** EventBridge schedule -> refresh actual_metrics of running campaigns (see refresh.ts). */
import { getExecutor } from '../../platform/db/index.js';
import { logger } from '../../platform/observability.js';
import { refreshCampaignMetrics } from './refresh.js';

export async function handler(): Promise<{ refreshed: number }> {
  const result = await refreshCampaignMetrics(getExecutor());
  logger.info('campaign metrics refreshed', result);
  return result;
}
