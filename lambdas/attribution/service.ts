/**
 * Computed attribution on plain inputs: one statement replaces the
 * reservation's rows for the requested models (see attribution-repository).
 */
import { getExecutor } from '../platform/db/index.js';
import type { Row } from '../platform/db/executor.js';
import { ConflictError, NotFoundError } from '../platform/errors.js';
import { ATTRIBUTION_MODELS, computeAttribution, type AttributionModel } from './repository.js';

export const DEFAULT_LOOKBACK_DAYS = 90;

export interface ComputeRequest {
  reservation_id: string;
  models?: AttributionModel[] | undefined;
  lookback_days?: number | undefined;
  revenue?: string | number | undefined;
}

export async function compute(input: ComputeRequest): Promise<Row[]> {
  const outcome = await computeAttribution(getExecutor(), {
    reservationId: input.reservation_id,
    models: input.models ? [...new Set(input.models)] : ATTRIBUTION_MODELS,
    lookbackDays: input.lookback_days ?? DEFAULT_LOOKBACK_DAYS,
    revenue: input.revenue === undefined ? undefined : String(input.revenue),
  });
  if (!outcome.found) throw new NotFoundError(`No reservation ${input.reservation_id}.`);
  if (!outcome.hasContact) {
    throw new ConflictError(`Reservation ${input.reservation_id} has no contact, so it has no touches to attribute.`, {
      errors: [{ path: 'body.reservation_id', message: 'The reservation has no contact_id' }],
    });
  }
  const order = new Map<string, number>(ATTRIBUTION_MODELS.map((m, i) => [m, i]));
  return outcome.rows.sort((a, b) => (order.get(String(a.attribution_model)) ?? 0) - (order.get(String(b.attribution_model)) ?? 0));
}
