/** The attributed-revenue summary on plain inputs: rows from one statement, grouped per model. */
import { getExecutor } from '../platform/db/index.js';
import { attributionSummary, type SummaryInput } from './summary-repository.js';

export interface SummaryLine {
  key: string | null;
  label: string | null;
  revenue: string;
  touches: number;
  reservations: number;
}

export interface ModelSummary {
  model: string;
  by_campaign: SummaryLine[];
  by_channel: SummaryLine[];
}

export async function summary(input: SummaryInput): Promise<{ from: string | null; to: string | null; models: ModelSummary[]; truncated: boolean }> {
  const { rows, truncated } = await attributionSummary(getExecutor(), input);
  const models = new Map<string, ModelSummary>();
  for (const row of rows) {
    const model = String(row.model);
    let entry = models.get(model);
    if (!entry) models.set(model, (entry = { model, by_campaign: [], by_channel: [] }));
    const line: SummaryLine = {
      key: (row.key as string | null) ?? null,
      label: (row.label as string | null) ?? null,
      revenue: String(row.revenue),
      touches: Number(row.touches),
      reservations: Number(row.reservations),
    };
    (row.dimension === 'campaign' ? entry.by_campaign : entry.by_channel).push(line);
  }
  return { from: input.from ?? null, to: input.to ?? null, models: [...models.values()], truncated };
}
