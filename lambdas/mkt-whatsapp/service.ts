/** WhatsApp rules beyond generic CRUD: 404 for an unknown campaign around the figures statement. */
import { getExecutor } from '../platform/db/index.js';
import type { Row } from '../platform/db/executor.js';
import { NotFoundError } from '../platform/errors.js';
import { campaignStats, campaignWhere } from './repository.js';

export async function statsOf(campaignId: string): Promise<Row> {
  const where = campaignWhere(campaignId);
  const stats = where ? await campaignStats(getExecutor(), where) : null;
  if (!stats) throw new NotFoundError(`No campaign ${campaignId}.`);
  return stats;
}
