/** EventBridge schedule -> recompute member counts of auto-refresh segments. */
import { Logger } from '@aws-lambda-powertools/logger';
import { getExecutor } from '../../platform/db/index.js';
import { refreshSegments } from './refresh.js';

const logger = new Logger();

export async function handler(): Promise<{ refreshed: number }> {
  const result = await refreshSegments(getExecutor());
  logger.info('segments refreshed', result);
  return result;
}
