/**
 * The segment criteria language: a tree of `all` / `any` / `not` groups whose
 * leaves are conditions `{ field, op, value?, ...qualifiers }` on one
 * criterion of `marketing.ref_segment_criteria`. These are the validated
 * shapes; `validate.ts` turns untrusted JSON into them, `compile.ts` into SQL.
 */

export type DataType = 'text' | 'number' | 'date' | 'boolean' | 'uuid';

export type Operator =
  | 'eq' | 'neq' | 'gt' | 'gte' | 'lt' | 'lte' | 'between' | 'in' | 'not_in' | 'contains'
  | 'is_true' | 'is_false' | 'is_null' | 'is_not_null' | 'within_last_days' | 'within_next_days';

/** A scalar as sent: numbers for `number`, strings for the other types. */
export type Scalar = string | number;

export interface Condition {
  field: string;
  op: Operator;
  /** Absent for the operators that take none (is_true, is_null, ...). */
  value?: Scalar | Scalar[];
  /** Event criteria only: restrict to one campaign. */
  campaign_id?: string;
  /** Event criteria only: only events of the last N days. */
  within_last_days?: number;
  /** Event criteria only: at least this many matching events (default 1). */
  at_least?: number;
}

export type Group = { all: Node[] } | { any: Node[] } | { not: Node };
export type Node = Group | Condition;

/** One criterion as the reference table describes it. */
export interface CriterionSpec {
  code: string;
  data_type: DataType;
  operators: readonly string[];
  allowed_values: readonly string[] | null;
  /** Extra condition keys allowed on this field (`config.qualifiers`). */
  qualifiers: readonly string[];
}

export type CriteriaCatalog = ReadonlyMap<string, CriterionSpec>;

/** Bounds that keep one refresh statement small (Data API: 64 KiB SQL) and its plan sane. */
export const MAX_DEPTH = 5;
export const MAX_CONDITIONS = 50;
export const MAX_GROUP_ITEMS = 20;
export const MAX_LIST_VALUES = 100;
export const MAX_DAYS = 36500;
export const MAX_AT_LEAST = 100000;

export const NO_VALUE_OPERATORS: ReadonlySet<Operator> = new Set(['is_true', 'is_false', 'is_null', 'is_not_null']);
export const QUALIFIERS = ['campaign_id', 'within_last_days', 'at_least'] as const;

export function isCondition(node: Node): node is Condition {
  return 'field' in node;
}
