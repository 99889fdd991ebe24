/**
 * Request fields the current Data API validates before it runs anything, so a
 * request that AWS refuses is refused here too instead of being half-honoured:
 * - `schema`: "Currently, the schema parameter isn't supported" (API_ExecuteStatement,
 *   API_BatchExecuteStatement, API_BeginTransaction); the service answers
 *   `ValidationException` (data-api.differences).
 * - the enums of the service model: `formatRecordsAs` NONE | JSON (API_ExecuteStatement),
 *   `resultSetOptions.longReturnType` STRING | LONG and `decimalReturnType`
 *   STRING | DOUBLE_OR_LONG (API_ResultSetOptions), worded as AWS's JSON
 *   protocols word a failed constraint.
 */
import { validation } from './service-error.js';

const ENUMS: ReadonlyArray<{ path: string; pick: (body: RequestFields) => unknown; values: readonly string[] }> = [
  { path: 'formatRecordsAs', pick: (b) => b.formatRecordsAs, values: ['NONE', 'JSON'] },
  { path: 'resultSetOptions.longReturnType', pick: (b) => b.resultSetOptions?.longReturnType, values: ['STRING', 'LONG'] },
  { path: 'resultSetOptions.decimalReturnType', pick: (b) => b.resultSetOptions?.decimalReturnType, values: ['STRING', 'DOUBLE_OR_LONG'] },
];

export interface RequestFields {
  schema?: unknown;
  formatRecordsAs?: unknown;
  resultSetOptions?: { longReturnType?: unknown; decimalReturnType?: unknown };
}

export function checkRequestFields(body: RequestFields): void {
  if (body.schema !== undefined && body.schema !== null) throw validation("The schema parameter isn't supported");
  const failed = ENUMS.map((e) => ({ ...e, value: e.pick(body) })).filter(
    (e) => e.value !== undefined && e.value !== null && !e.values.includes(e.value as string),
  );
  if (failed.length === 0) return;
  const details = failed.map(
    (e) => `Value '${String(e.value)}' at '${e.path}' failed to satisfy constraint: Member must satisfy enum value set: [${e.values.join(', ')}]`,
  );
  throw validation(`${failed.length} validation error${failed.length > 1 ? 's' : ''} detected: ${details.join('; ')}`);
}
