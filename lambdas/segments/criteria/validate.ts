/**
 * Untrusted criteria JSON -> a validated tree, or every problem at once with
 * its path (`body.criteria.any[2].field`). Which fields and operators exist,
 * each field's type, its fixed values and its qualifiers come from the
 * reference table (`catalog`); the shape, the bounds and the value syntax are
 * checked here. Nothing from the input is trusted as SQL later: the compiler
 * only ever binds the values as parameters.
 */
import type { FieldError } from '../../platform/errors.js';
import { compiledType } from './fields.js';
import {
  MAX_AT_LEAST,
  MAX_CONDITIONS,
  MAX_DAYS,
  MAX_DEPTH,
  MAX_GROUP_ITEMS,
  MAX_LIST_VALUES,
  NO_VALUE_OPERATORS,
  QUALIFIERS,
  type Condition,
  type CriteriaCatalog,
  type CriterionSpec,
  type Node,
  type Operator,
  type Scalar,
} from './language.js';

export type Validated = { ok: true; criteria: Node } | { ok: false; errors: FieldError[] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MAX_TEXT = 500;
const MAX_NUMBER = 1e12;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function isDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1 && date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Why `value` is not a scalar of `type`, or null when it is one. */
function scalarProblem(spec: CriterionSpec, value: unknown): string | null {
  switch (spec.data_type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && Math.abs(value) < MAX_NUMBER ? null : 'must be a number';
    case 'date':
      return typeof value === 'string' && isDate(value) ? null : 'must be a date (YYYY-MM-DD)';
    case 'uuid':
      return typeof value === 'string' && UUID.test(value) ? null : 'must be a UUID';
    case 'text':
      if (typeof value !== 'string' || value.length === 0 || value.length > MAX_TEXT || value.includes('\u0000')) {
        return `must be a text of 1 to ${MAX_TEXT} characters`;
      }
      if (spec.allowed_values && !spec.allowed_values.includes(value)) return `must be one of ${spec.allowed_values.join(', ')}`;
      return null;
    case 'boolean':
      return 'takes no value';
  }
}

const compare = (a: Scalar, b: Scalar): number => (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b)));

function wholeNumber(value: unknown, min: number, max: number): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

class Checker {
  readonly errors: FieldError[] = [];
  conditions = 0;

  constructor(private readonly catalog: CriteriaCatalog) {}

  fail(path: string, message: string): undefined {
    this.errors.push({ path, message });
    return undefined;
  }

  node(raw: unknown, path: string, depth: number): Node | undefined {
    if (!isObject(raw)) return this.fail(path, 'must be an object: a group ({"all": [...]}, {"any": [...]}, {"not": {...}}) or a condition ({"field", "op", "value"})');
    if ('field' in raw) return this.condition(raw, path);
    const keys = Object.keys(raw);
    const group = keys.filter((k) => k === 'all' || k === 'any' || k === 'not');
    if (group.length !== 1) return this.fail(path, 'must have exactly one of all, any, not (or be a condition with field)');
    for (const k of keys) if (k !== group[0]) this.fail(`${path}.${k}`, 'Unknown field');
    if (depth > MAX_DEPTH) return this.fail(path, `groups nest at most ${MAX_DEPTH} levels deep`);
    const kind = group[0] as 'all' | 'any' | 'not';
    if (kind === 'not') {
      const inner = this.node(raw.not, `${path}.not`, depth + 1);
      return inner && { not: inner };
    }
    const items = raw[kind];
    if (!Array.isArray(items) || items.length === 0 || items.length > MAX_GROUP_ITEMS) {
      return this.fail(`${path}.${kind}`, `must be a list of 1 to ${MAX_GROUP_ITEMS} groups or conditions`);
    }
    const nodes = items.map((item, i) => this.node(item, `${path}.${kind}[${i}]`, depth + 1));
    if (nodes.some((n) => n === undefined)) return undefined;
    return kind === 'all' ? { all: nodes as Node[] } : { any: nodes as Node[] };
  }

  condition(raw: Record<string, unknown>, path: string): Condition | undefined {
    this.conditions += 1;
    const before = this.errors.length;
    const known = new Set<string>(['field', 'op', 'value', ...QUALIFIERS]);
    for (const k of Object.keys(raw)) if (!known.has(k)) this.fail(`${path}.${k}`, 'Unknown field');
    const field = raw.field;
    const spec = typeof field === 'string' ? this.catalog.get(field) : undefined;
    if (!spec) {
      return this.fail(`${path}.field`, `is not an available criterion (see GET /v1/reference/segment-criteria)`);
    }
    if (compiledType(spec.code) !== spec.data_type) return this.fail(`${path}.field`, `criterion ${spec.code} is not supported by the segment engine`);
    const op = raw.op;
    if (typeof op !== 'string' || !spec.operators.includes(op)) {
      return this.fail(`${path}.op`, `must be one of ${spec.operators.join(', ')} for ${spec.code}`);
    }
    const value = this.value(spec, op as Operator, raw, `${path}.value`);
    for (const q of QUALIFIERS) {
      if (raw[q] === undefined) continue;
      if (!spec.qualifiers.includes(q)) {
        this.fail(`${path}.${q}`, `is not allowed on ${spec.code}`);
        continue;
      }
      const ok = q === 'campaign_id' ? typeof raw[q] === 'string' && UUID.test(raw[q]) : q === 'at_least' ? wholeNumber(raw[q], 1, MAX_AT_LEAST) : wholeNumber(raw[q], 1, MAX_DAYS);
      if (!ok) this.fail(`${path}.${q}`, q === 'campaign_id' ? 'must be a UUID' : `must be a whole number from 1 to ${q === 'at_least' ? MAX_AT_LEAST : MAX_DAYS}`);
    }
    if (this.errors.length > before) return undefined;
    const condition: Condition = { field: spec.code, op: op as Operator };
    if (value !== undefined) condition.value = value;
    if (typeof raw.campaign_id === 'string') condition.campaign_id = raw.campaign_id.toLowerCase();
    if (typeof raw.within_last_days === 'number') condition.within_last_days = raw.within_last_days;
    if (typeof raw.at_least === 'number') condition.at_least = raw.at_least;
    return condition;
  }

  value(spec: CriterionSpec, op: Operator, raw: Record<string, unknown>, path: string): Scalar | Scalar[] | undefined {
    const value = raw.value;
    const has = 'value' in raw;
    if (NO_VALUE_OPERATORS.has(op)) return has ? this.fail(path, `${op} takes no value`) : undefined;
    if (!has) return this.fail(path, 'Required');
    if (op === 'within_last_days' || op === 'within_next_days') {
      return wholeNumber(value, 0, MAX_DAYS) ? (value as number) : this.fail(path, `must be a whole number of days from 0 to ${MAX_DAYS}`);
    }
    if (op === 'in' || op === 'not_in' || op === 'between') {
      const [min, max] = op === 'between' ? [2, 2] : [1, MAX_LIST_VALUES];
      if (!Array.isArray(value) || value.length < min || value.length > max) {
        return this.fail(path, op === 'between' ? 'must be a list of two values [from, to]' : `must be a list of 1 to ${MAX_LIST_VALUES} values`);
      }
      const before = this.errors.length;
      value.forEach((v, i) => {
        const problem = scalarProblem(spec, v);
        if (problem) this.fail(`${path}[${i}]`, problem);
      });
      if (this.errors.length > before) return undefined;
      const list = value as Scalar[];
      if (op === 'between' && compare(list[0]!, list[1]!) > 0) return this.fail(path, 'from must not be after to');
      return list;
    }
    if (op === 'contains' && (typeof value !== 'string' || value.length === 0 || value.length > MAX_TEXT)) {
      return this.fail(path, `must be a text of 1 to ${MAX_TEXT} characters`);
    }
    const problem = op === 'contains' ? null : scalarProblem(spec, value);
    return problem ? this.fail(path, problem) : (value as Scalar);
  }
}

/** Validates a criteria document against the catalog; `path` is where it sits in the request. */
export function validateCriteria(raw: unknown, catalog: CriteriaCatalog, path: string): Validated {
  const checker = new Checker(catalog);
  const criteria = checker.node(raw, path, 1);
  if (checker.conditions > MAX_CONDITIONS) checker.fail(path, `has ${checker.conditions} conditions; at most ${MAX_CONDITIONS} are allowed`);
  if (checker.errors.length > 0 || !criteria) return { ok: false, errors: checker.errors };
  return { ok: true, criteria };
}
