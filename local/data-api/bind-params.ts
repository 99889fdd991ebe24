/**
 * Turns Data API `parameters` into node-postgres values with explicit
 * parameter types, the way the current service binds them: a plain string is
 * `text` (so `uuid_col = :id` fails with `operator does not exist: uuid = text`
 * without a cast or the UUID hint, as users of the service report: drizzle-orm
 * #2583, #1912), a long is `int8`, a double `float8`, and a type hint picks the
 * type after validating the documented format. Array values are refused.
 */
import { toPositional } from '../named-params.js';
import { badRequest } from './service-error.js';

const OID = {
  unknown: 0,
  bool: 16,
  bytea: 17,
  int8: 20,
  text: 25,
  json: 114,
  float8: 701,
  date: 1082,
  time: 1083,
  timestamp: 1114,
  numeric: 1700,
  uuid: 2950,
} as const;

export interface WireField {
  isNull?: boolean;
  booleanValue?: boolean;
  longValue?: number;
  doubleValue?: number;
  stringValue?: string;
  blobValue?: string;
  arrayValue?: unknown;
}

export interface WireParameter {
  name?: string;
  value?: WireField;
  typeHint?: string;
}

export interface BoundStatement {
  text: string;
  values: unknown[];
  types: number[];
}

/** Index of the first character where `value` stops matching `pattern` (`9` = digit), as java.time reports it. */
function mismatchAt(value: string, pattern: RegExp, shape: string): number {
  if (pattern.test(value)) return -1;
  for (let i = 0; i < shape.length; i++) {
    const want = shape[i];
    const got = value[i];
    if (got === undefined) return i;
    if (want === '9' ? !/\d/.test(got) : got !== want) return i;
  }
  return shape.length;
}

const FORMATS: Record<string, { pattern: RegExp; shape: string }> = {
  DATE: { pattern: /^\d{4}-\d{2}-\d{2}$/, shape: '9999-99-99' },
  TIME: { pattern: /^\d{2}:\d{2}:\d{2}(\.\d{1,9})?$/, shape: '99:99:99' },
  TIMESTAMP: { pattern: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,9})?$/, shape: '9999-99-99 99:99:99' },
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function hinted(hint: string, value: string): { value: unknown; type: number } {
  const format = FORMATS[hint];
  if (format) {
    const at = mismatchAt(value, format.pattern, format.shape);
    if (at >= 0) throw badRequest(`Text '${value}' could not be parsed at index ${at}`);
  }
  switch (hint) {
    case 'DATE':
      return { value, type: OID.date };
    case 'TIME':
      return { value, type: OID.time };
    case 'TIMESTAMP':
      return { value, type: OID.timestamp };
    case 'UUID':
      if (!UUID.test(value)) throw badRequest(`Invalid UUID string: ${value}`);
      return { value, type: OID.uuid };
    case 'DECIMAL':
      if (!DECIMAL.test(value)) throw badRequest(`Invalid DECIMAL value: ${value}`);
      return { value, type: OID.numeric };
    case 'JSON':
      return { value, type: OID.json };
    default:
      throw badRequest(`Invalid type hint: ${hint}`);
  }
}

function bindOne(parameter: WireParameter): { value: unknown; type: number } {
  const field = parameter.value ?? {};
  if (field.arrayValue !== undefined) throw badRequest('Array parameters are not supported.');
  if (parameter.typeHint !== undefined) {
    if (field.stringValue === undefined) throw badRequest(`Type hint ${parameter.typeHint} requires a stringValue`);
    return hinted(parameter.typeHint, field.stringValue);
  }
  if (field.isNull) return { value: null, type: OID.unknown };
  if (field.booleanValue !== undefined) return { value: field.booleanValue ? 'true' : 'false', type: OID.bool };
  if (field.longValue !== undefined) return { value: String(field.longValue), type: OID.int8 };
  if (field.doubleValue !== undefined) return { value: String(field.doubleValue), type: OID.float8 };
  if (field.stringValue !== undefined) return { value: field.stringValue, type: OID.text };
  if (field.blobValue !== undefined) return { value: Buffer.from(field.blobValue, 'base64'), type: OID.bytea };
  throw badRequest(`Parameter ${parameter.name ?? ''} has no value`);
}

export function bindParameters(sql: string, parameters: readonly WireParameter[] = []): BoundStatement {
  const byName = new Map<string, WireParameter>();
  for (const p of parameters) {
    if (!p.name) throw badRequest('Parameter name is required');
    byName.set(p.name, p);
  }
  const { text, names } = toPositional(sql);
  const values: unknown[] = [];
  const types: number[] = [];
  for (const name of names) {
    const parameter = byName.get(name);
    if (!parameter) throw badRequest(`No value specified for parameter: ${name}`);
    const bound = bindOne(parameter);
    values.push(bound.value);
    types.push(bound.type);
  }
  // Parameters the SQL never names are still checked, as the service validates every one it receives.
  for (const p of parameters) if (!names.includes(p.name as string)) bindOne(p);
  return { text, values, types };
}
