/**
 * A validated criteria tree -> parameterised SQL over `directory.contacts c`.
 * Every user value travels as a named parameter (`:k1`, ...) cast in SQL; the
 * SQL text holds only what this file writes (column names, operators, the
 * joins). Each condition compiles to a two-valued boolean (NULL becomes
 * false before any `not` applies), so `not` means "the condition does not
 * hold" even for contacts without the data.
 *
 * Reservation criteria read one per-contact aggregate of reservations and
 * each event condition one per-contact count, both LEFT JOINed: a hash join
 * over the whole table instead of a correlated subquery per contact.
 */
import type { SqlValue } from '../../platform/db/executor.js';
import { sqlValue } from '../../platform/db/values.js';
import { FIELDS, TODAY, staysJoin, type FieldKind } from './fields.js';
import { isCondition, type Condition, type DataType, type Node, type Scalar } from './language.js';

export interface CompiledCriteria {
  /** `LEFT JOIN ...` clauses to put after `FROM directory.contacts c`. */
  joins: string;
  /** The whole tree as one boolean expression. */
  where: string;
  /** One boolean expression per condition, in document order (for explanations). */
  conditions: string[];
  params: Record<string, SqlValue>;
}

export interface CompileOptions {
  /** SQL of one contact id (a parameter): aggregates only that contact's rows. */
  onlyContactSql?: string;
  /** Prefix of the parameter names, so the result can sit beside other parameters. */
  paramPrefix?: string;
}

const SQL_TYPE: Readonly<Record<DataType, string>> = { text: 'text', number: 'numeric', date: 'date', boolean: 'boolean', uuid: 'uuid' };
const COMPARISON: Readonly<Record<string, string>> = { eq: '=', gt: '>', gte: '>=', lt: '<', lte: '<=' };

class Compiler {
  readonly params: Record<string, SqlValue> = {};
  readonly joins: string[] = [];
  readonly conditions: string[] = [];
  private n = 0;
  /** Columns of the reservation aggregate `st` the conditions read; the join is added at the end. */
  readonly stayColumns = new Set<string>();

  constructor(private readonly options: CompileOptions) {}

  param(value: SqlValue): string {
    this.n += 1;
    const name = `${this.options.paramPrefix ?? 'k'}${this.n}`;
    this.params[name] = value;
    return `:${name}`;
  }

  scalar(type: DataType, value: Scalar): string {
    const text = type === 'text' ? String(value).toLowerCase() : String(value);
    return `CAST(${this.param(text)} AS ${SQL_TYPE[type]})`;
  }

  list(type: DataType, values: readonly Scalar[]): string {
    const texts = values.map((v) => (type === 'text' ? String(v).toLowerCase() : String(v)));
    return `CAST(${this.param(sqlValue.textArray(texts))} AS ${SQL_TYPE[type]}[])`;
  }

  node(node: Node): string {
    if (isCondition(node)) {
      const sql = this.condition(node);
      this.conditions.push(sql);
      return sql;
    }
    if ('not' in node) return `(NOT ${this.node(node.not)})`;
    if ('all' in node) return `(${node.all.map((n) => this.node(n)).join(' AND ')})`;
    return `(${node.any.map((n) => this.node(n)).join(' OR ')})`;
  }

  /** The condition as a boolean that is never NULL. */
  condition(c: Condition): string {
    const field = FIELDS[c.field] as FieldKind;
    switch (field.kind) {
      case 'contact':
        return this.onValue(field.type, field.sql, c);
      case 'stays':
        this.stayColumns.add(c.field);
        return this.onValue(field.type, field.sql, c);
      case 'stayed_at': {
        this.stayColumns.add('property_ids');
        const held = `coalesce(st.property_ids && ${this.list('uuid', c.value as Scalar[])}, false)`;
        return c.op === 'not_in' ? `(NOT ${held})` : held;
      }
      case 'membership': {
        const held = `EXISTS (SELECT 1 FROM marketing.segment_members sm
   WHERE sm.contact_id = c.id AND sm.removed_at IS NULL AND sm.segment_id = ANY(${this.list('uuid', c.value as Scalar[])}))`;
        return c.op === 'not_in' ? `(NOT ${held})` : held;
      }
      case 'events':
        return this.events(field.fixedTypes, c);
    }
  }

  /** A per-contact count of the matching campaign events, LEFT JOINed as `evN`. */
  events(fixedTypes: readonly string[] | null, c: Condition): string {
    const alias = `ev${this.joins.length + 1}`;
    const values = c.value as Scalar[];
    const filters = fixedTypes
      ? [`e.event_type = ANY(${this.list('text', fixedTypes)})`, `e.campaign_id = ANY(${this.list('uuid', values)})`]
      : [`e.event_type = ANY(${this.list('text', values)})`];
    if (c.campaign_id) filters.push(`e.campaign_id = ${this.scalar('uuid', c.campaign_id)}`);
    if (c.within_last_days) filters.push(`e.event_timestamp >= now() - make_interval(days => CAST(${this.param(c.within_last_days)} AS integer))`);
    if (this.options.onlyContactSql) filters.push(`e.contact_id = ${this.options.onlyContactSql}`);
    this.joins.push(`LEFT JOIN (
  SELECT e.contact_id, count(*) AS n FROM marketing.campaign_events e
   WHERE ${filters.join('\n     AND ')}
   GROUP BY e.contact_id) ${alias} ON ${alias}.contact_id = c.id`);
    const held = `coalesce(${alias}.n, 0) >= ${this.param(c.at_least ?? 1)}`;
    return c.op === 'not_in' ? `(NOT ${held})` : `(${held})`;
  }

  /** A comparison of a scalar expression; NULL (no data) makes it false. */
  onValue(type: DataType, expr: string, c: Condition): string {
    const v = c.value;
    const held = (sql: string) => `coalesce(${sql}, false)`;
    switch (c.op) {
      case 'is_true':
        return held(expr);
      case 'is_false':
        return `(NOT ${held(expr)})`;
      case 'is_null':
        return `(${expr} IS NULL)`;
      case 'is_not_null':
        return `(${expr} IS NOT NULL)`;
      case 'neq':
        return `(NOT ${held(`${expr} = ${this.scalar(type, v as Scalar)}`)})`;
      case 'in':
        return held(`${expr} = ANY(${this.list(type, v as Scalar[])})`);
      case 'not_in':
        return `(NOT ${held(`${expr} = ANY(${this.list(type, v as Scalar[])})`)})`;
      case 'between': {
        const [from, to] = v as Scalar[];
        return held(`${expr} BETWEEN ${this.scalar(type, from!)} AND ${this.scalar(type, to!)}`);
      }
      case 'contains':
        return held(`strpos(${expr}, ${this.scalar('text', v as Scalar)}) > 0`);
      case 'within_last_days':
        return held(`${expr} BETWEEN ${TODAY} - CAST(${this.param(v as number)} AS integer) AND ${TODAY}`);
      case 'within_next_days':
        return held(`${expr} BETWEEN ${TODAY} AND ${TODAY} + CAST(${this.param(v as number)} AS integer)`);
      default:
        return held(`${expr} ${COMPARISON[c.op]!} ${this.scalar(type, v as Scalar)}`);
    }
  }
}

export function compileCriteria(criteria: Node, options: CompileOptions = {}): CompiledCriteria {
  const compiler = new Compiler(options);
  const where = compiler.node(criteria);
  const joins = compiler.stayColumns.size > 0 ? [staysJoin(compiler.stayColumns, options.onlyContactSql ?? null), ...compiler.joins] : compiler.joins;
  return { joins: joins.join('\n'), where, conditions: compiler.conditions, params: compiler.params };
}

/** The contacts the criteria select, as a query of one column `contact_id`. */
export function membersQuery(compiled: CompiledCriteria): string {
  return `SELECT c.id AS contact_id FROM directory.contacts c
${compiled.joins}
WHERE ${compiled.where}`;
}
