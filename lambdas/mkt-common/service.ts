/**
 * The common module's rules on plain inputs: what a set replacement refuses
 * (an unknown campaign, members that do not exist), what a day's KPI PUT
 * means (a full replacement: figures not given are 0), and 404s for unknown
 * channels and reference codes. Each operation is one repository call.
 */
import { getExecutor } from '../platform/db/index.js';
import type { Row } from '../platform/db/executor.js';
import { NotFoundError, ValidationError } from '../platform/errors.js';
import { getByCode } from './repository.js';
import { campaignWhere, readSet, replaceSet } from './sets-repository.js';
import type { AssignmentSet } from './sets.js';
import * as kpis from './kpi-repository.js';
import { KPI_INT_METRICS, KPI_MONEY_METRICS, SOCIAL_METRICS } from './schemas.js';

function whereOf(campaignId: string) {
  const where = campaignWhere(campaignId);
  if (!where) throw new NotFoundError(`No campaign ${campaignId}.`);
  return where;
}

export async function campaignSet(set: AssignmentSet, campaignId: string): Promise<Row[]> {
  const outcome = await readSet(getExecutor(), set, whereOf(campaignId));
  if (!outcome.found) throw new NotFoundError(`No campaign ${campaignId}.`);
  return outcome.members;
}

export async function replaceCampaignSet(
  set: AssignmentSet,
  campaignId: string,
  input: { ids: readonly string[]; primary?: string | null | undefined },
  actor: string | null,
): Promise<Row[]> {
  const outcome = await replaceSet(getExecutor(), set, whereOf(campaignId), input.ids, input.primary ?? null, actor);
  if (!outcome.found) throw new NotFoundError(`No campaign ${campaignId}.`);
  if (outcome.missing.length > 0) {
    throw new ValidationError(
      outcome.missing.map((i) => ({ path: `body.ids[${i}]`, message: `No ${set.noun.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()} ${input.ids[i] ?? ''}` })),
      'Some of the given members do not exist; nothing was changed.',
    );
  }
  return outcome.members;
}

/** A PUT replaces the whole day: a figure left out is 0 (the column default), as if the day had been written fresh. */
function kpiValues(body: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return {
    ...Object.fromEntries(KPI_INT_METRICS.map((m) => [m, body[m] ?? 0])),
    ...Object.fromEntries(KPI_MONEY_METRICS.map((m) => [m, body[m] ?? 0])),
    currency: body.currency ?? 'USD',
    notes: body.notes ?? null,
  };
}

export function putKpiDay(kpiDate: string, body: Readonly<Record<string, unknown>>) {
  return kpis.upsertKpiDay(getExecutor(), kpiDate, kpiValues(body));
}

export async function putSocialKpiDay(channel: string, kpiDate: string, body: Readonly<Record<string, unknown>>) {
  const values = Object.fromEntries(SOCIAL_METRICS.map((m) => [m, body[m] ?? 0]));
  const result = await kpis.upsertSocialKpiDay(getExecutor(), channel, kpiDate, values);
  if (!result) throw new NotFoundError(`No channel ${channel}.`);
  return result;
}

export const kpiDays = (range: kpis.Range) => kpis.kpiDays(getExecutor(), range);
export const kpiTotals = (range: kpis.Range, period: string) => kpis.kpiTotals(getExecutor(), range, period);

export async function socialKpiDays(range: kpis.Range, channel: string | undefined): Promise<Row[]> {
  const rows = await kpis.socialKpiDays(getExecutor(), range, channel);
  if (!rows) throw new NotFoundError(`No channel ${channel ?? ''}.`);
  return rows;
}

export async function socialKpiTotals(range: kpis.Range, period: string, channel: string | undefined): Promise<Row[]> {
  const rows = await kpis.socialKpiTotals(getExecutor(), range, period, channel);
  if (!rows) throw new NotFoundError(`No channel ${channel ?? ''}.`);
  return rows;
}

export async function referenceRow(table: string, select: string, what: string, code: string): Promise<Row> {
  const row = await getByCode(getExecutor(), table, select, code);
  if (!row) throw new NotFoundError(`No ${what} with code '${code}'.`);
  return row;
}
