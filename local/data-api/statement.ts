/**
 * Runs one ExecuteStatement on a connection and builds the Data API response:
 * one statement per call (counted with PostgreSQL's own parser), parameters
 * bound with Data API types, results encoded per type, and the documented
 * response and row size limits enforced on the database's data (result-size.ts).
 */
import { parse } from 'libpg-query';
import type pg from 'pg';
import { bindParameters, type BoundStatement, type WireParameter } from './bind-params.js';
import type { Catalog, TypeInfo } from './catalog.js';
import { columnMetadata, jsonField, recordField, toJson, type ResultOptions, type WireValue } from './encode.js';
import { checkResultSize } from './result-size.js';
import { badRequest, validation } from './service-error.js';

export interface ExecuteRequest {
  sql?: string;
  parameters?: WireParameter[];
  includeResultMetadata?: boolean;
  formatRecordsAs?: string;
  resultSetOptions?: { longReturnType?: string; decimalReturnType?: string };
  continueAfterTimeout?: boolean;
}

export interface Limits {
  maxSqlChars: number;
  /** Data the database returns for one call (result-size.ts). */
  maxResponseBytes: number;
  maxRowBytes: number;
  /** The `formattedRecords` JSON string. */
  maxFormattedRecordsBytes: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxSqlChars: 65_536,
  maxResponseBytes: 1024 * 1024,
  maxRowBytes: 64 * 1024,
  maxFormattedRecordsBytes: 10 * 1024 * 1024,
};

export async function countStatements(text: string): Promise<number> {
  try {
    const tree = (await parse(text)) as { stmts?: unknown[] };
    return tree.stmts?.length ?? 0;
  } catch {
    return 1; // a syntax error: let PostgreSQL report it in its own words
  }
}

/** Checks the SQL text and binds parameters; throws the service's own errors for what it refuses. */
export async function prepare(sql: string | undefined, parameters: WireParameter[] | undefined, limits: Limits): Promise<BoundStatement> {
  if (typeof sql !== 'string' || sql.trim() === '') throw badRequest('SQL statement is required');
  if (sql.length > limits.maxSqlChars) {
    throw validation(
      `1 validation error detected: Value at 'sql' failed to satisfy constraint: Member must have length less than or equal to ${limits.maxSqlChars}`,
    );
  }
  const bound = bindParameters(sql, parameters);
  if ((await countStatements(bound.text)) > 1) throw validation("Multistatements aren't supported.");
  return bound;
}

/** Raw text for every column: the encoder, not node-postgres, decides how each type is returned. */
function rawTypes(paramTypes: number[]): unknown {
  return Object.assign([...paramTypes], { getTypeParser: () => (value: string) => value });
}

export function runBound(client: pg.PoolClient, bound: BoundStatement): Promise<pg.QueryArrayResult<(string | null)[]>> {
  return client.query({
    text: bound.text,
    values: bound.values,
    rowMode: 'array',
    // Parse-message parameter types (read by pg-protocol's serializer), so strings bind as text as in AWS.
    types: rawTypes(bound.types) as pg.CustomTypesConfig,
  });
}

const UPDATING = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE', 'COPY']);

export async function buildResponse(
  client: pg.PoolClient,
  catalog: Catalog,
  request: ExecuteRequest,
  result: pg.QueryArrayResult<(string | null)[]>,
  limits: Limits,
): Promise<string> {
  const updated = UPDATING.has(result.command) ? (result.rowCount ?? 0) : 0;
  const response: Record<string, WireValue> = {};
  const fields = result.fields ?? [];
  if (fields.length > 0) {
    const types = await catalog.typesOf(client, fields.map((f) => f.dataTypeID));
    const typeOf = (i: number): TypeInfo => types.get(fields[i]?.dataTypeID ?? 0) as TypeInfo;
    const options: ResultOptions = {
      longAsString: request.resultSetOptions?.longReturnType === 'STRING',
      decimalAsNumber: request.resultSetOptions?.decimalReturnType === 'DOUBLE_OR_LONG',
    };
    checkResultSize(result.rows, fields.map((_, i) => typeOf(i).name), limits);
    if (request.formatRecordsAs === 'JSON') {
      // Each row becomes one JSON object keyed by column label (data-api-json: "The column labels are the keys
      // of the object that represents each row"): a repeated label would silently drop a value, so it is refused.
      const seen = new Set<string>();
      const repeated = fields.map((f) => f.name).filter((name) => seen.size === seen.add(name).size);
      if (repeated.length > 0) {
        throw badRequest(`The result set has duplicate column names (${[...new Set(repeated)].join(', ')}): give each column a unique alias with AS`);
      }
      const objects = result.rows.map((row) => {
        const object: Record<string, WireValue> = {};
        fields.forEach((f, i) => {
          object[f.name] = jsonField(row[i] ?? null, typeOf(i), f.name, options);
        });
        return object;
      });
      response.formattedRecords = toJson(objects);
      if (Buffer.byteLength(response.formattedRecords) > limits.maxFormattedRecordsBytes) {
        throw badRequest('Database returned more than the allowed response size limit');
      }
    } else {
      response.records = result.rows.map((row) => fields.map((f, i) => recordField(row[i] ?? null, typeOf(i), f.name, options)));
      if (request.includeResultMetadata) {
        const columns = await catalog.columnsOf(client, fields);
        response.columnMetadata = fields.map((f, i) =>
          columnMetadata({
            name: f.name,
            type: typeOf(i),
            typeModifier: f.dataTypeModifier,
            notNull: columns[i]?.notNull,
            table: columns[i]?.table,
            schema: columns[i]?.schema,
          }),
        );
      }
    }
  }
  response.numberOfRecordsUpdated = updated;
  response.generatedFields = [];
  return toJson(response);
}
