/**
 * Campaign rules beyond generic CRUD, on plain inputs: the status workflow.
 * One repository call (one Data API call); what the statement reports becomes
 * the platform's typed errors (not found, not allowed, stale If-Match).
 */
import { checkPrecondition } from '../platform/crud/status-move.js';
import { getExecutor } from '../platform/db/index.js';
import type { Row } from '../platform/db/executor.js';
import { ConflictError, NotFoundError, PreconditionFailedError } from '../platform/errors.js';
import { readMetrics, refreshMetrics, type Range } from './metrics-repository.js';
import { campaignWhere, changeStatus as moveStatus } from './repository.js';
import { TRANSITIONS, allowedSources, type CampaignStatus } from './workflow.js';

export type IfMatch = string[] | '*' | undefined;

export interface Written {
  row: Row;
  version: string;
}

const noCampaign = (id: string) => new NotFoundError(`No campaign ${id}.`);

export async function changeStatus(id: string, to: CampaignStatus, ifMatch: IfMatch): Promise<Written> {
  const where = campaignWhere(id, 't');
  if (!where) throw noCampaign(id);
  const sources = allowedSources(to);
  const result = await moveStatus(getExecutor(), where, to, sources, ifMatch);
  if (!result.found) throw noCampaign(id);
  checkPrecondition(result.ifMatchHeld);
  if (result.row && result.version) return { row: result.row, version: result.version };
  const from = result.from;
  // The move was allowed from where it stood, so only If-Match can have stopped it.
  if (from !== null && sources.includes(from as CampaignStatus)) throw new PreconditionFailedError();
  const next = from === null ? [] : (TRANSITIONS[from as CampaignStatus] ?? []);
  throw new ConflictError(
    `Campaign ${id} cannot move from ${from ?? '(no status)'} to ${to}; ` +
      (next.length > 0 ? `from ${from} it can move to ${next.join(', ')}.` : `${from ?? 'it'} is final.`),
    { errors: [{ path: 'body.status', message: `Not allowed from ${from ?? '(no status)'}` }] },
  );
}

export interface Metrics {
  campaign_id: string;
  from: string | null;
  to: string | null;
  [key: string]: unknown;
}

/** The campaign's metrics over [from, to), computed in one statement. */
export async function metrics(id: string, range: Range): Promise<Metrics> {
  const where = campaignWhere(id, 't');
  if (!where) throw noCampaign(id);
  const computed = await readMetrics(getExecutor(), where, range);
  if (!computed) throw noCampaign(id);
  // The campaign's uuid comes from the metrics' own statement only when found; the path may be a business ID.
  return { campaign_id: String(computed.campaign_uuid), from: range.from ?? null, to: range.to ?? null, ...withoutId(computed) };
}

function withoutId({ campaign_uuid: _id, ...rest }: Record<string, unknown>): Record<string, unknown> {
  return rest;
}

/** Recomputes the all-time metrics and stores them in actual_metrics. */
export async function refresh(id: string): Promise<Written> {
  const where = campaignWhere(id, 't');
  if (!where) throw noCampaign(id);
  const written = await refreshMetrics(getExecutor(), where);
  if (!written) throw noCampaign(id);
  return written;
}
