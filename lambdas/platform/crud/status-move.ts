/**
 * One statement that moves a row through a status workflow: it changes the
 * status only from the statuses the move is allowed from and only when
 * If-Match holds, and reports in the same statement whether the row exists,
 * whether If-Match held on it and which status it had, so "not found",
 * "stale If-Match" and "not allowed from here" need no second read. Two
 * concurrent moves cannot both pass from the same status: the condition is in
 * the UPDATE's own WHERE.
 *
 * The precondition comes before the workflow rule, as for PATCH: a stale
 * If-Match is a 412 whatever the status (the client must read the row again
 * before anything it decided from it counts), and only a current one can
 * learn that the move is not allowed (409). See `precondition`.
 */
import { PreconditionFailedError } from '../errors.js';
import type { SqlValue } from '../db/executor.js';
import { sqlValue } from '../db/values.js';
import { ifMatchCondition, settingsCte, type SessionSettings, type Statement } from './statements.js';

export interface StatusMove {
  /** `schema.table`, aliased `t`. */
  table: string;
  /** The row, as a condition on `t`. */
  where: Statement;
  to: string;
  /** Statuses the move is allowed from. */
  sources: readonly string[];
  ifMatch: string[] | '*' | undefined;
  /** `RETURNING …` of the moved row (its columns and version). */
  returning: string;
  /** Further assignments of the move (SQL over `t`), e.g. a timestamp set on publishing. */
  alsoSet?: string;
  /** A further condition the move needs (SQL over `t`). */
  alsoWhere?: string;
  /** Columns of the row as it was, reported as `_<column>` (why a move did not happen). */
  facts?: readonly string[];
  /** Transaction-local settings for the table's triggers. */
  settings?: SessionSettings;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * The statement; its one row has `_found`, `_if_match_held` (If-Match held on
 * the row as it was; true without If-Match), `_from_status`, the `_<fact>`
 * columns and the moved row (NULLs when it did not move).
 */
export function statusMoveStatement(move: StatusMove): Statement {
  const facts = move.facts ?? [];
  for (const fact of facts) if (!IDENTIFIER.test(fact)) throw new Error(`Not a plain column name: ${fact}`);
  const version = ifMatchCondition(move.ifMatch);
  const cte = settingsCte(move.settings);
  const sql = `WITH ${cte ? `${cte.sql},\n` : ''}target AS (SELECT t.id, t.status, ${version.sql} AS if_match_held${facts.map((f) => `, t.${f}`).join('')} FROM ${move.table} t WHERE ${move.where.sql}),
changed AS (
  UPDATE ${move.table} AS t SET status = CAST(:to_status AS text)${move.alsoSet ? `, ${move.alsoSet}` : ''}
  FROM target${cte ? ', settings' : ''}
  WHERE t.id = target.id AND t.status = ANY(CAST(:from_statuses AS text[])) AND ${version.sql}${move.alsoWhere ? ` AND (${move.alsoWhere})` : ''}
  ${move.returning}
)
SELECT EXISTS (SELECT 1 FROM target) AS _found, (SELECT if_match_held FROM target) AS _if_match_held,
       (SELECT status FROM target) AS _from_status${facts
    .map((f) => `, (SELECT ${f} FROM target) AS _${f}`)
    .join('')}, changed.*
FROM (SELECT 1) one LEFT JOIN changed ON true`;
  const params: Record<string, SqlValue> = {
    ...move.where.params,
    ...version.params,
    ...(cte?.params ?? {}),
    to_status: move.to,
    from_statuses: sqlValue.textArray(move.sources),
  };
  return { sql, params };
}

/**
 * A move's outcomes in order, once the row is known to exist: a stale
 * If-Match is a 412 before any workflow rule is looked at (the caller's copy
 * is stale; what it may do next depends on the row it has not seen).
 * `held` is the statement's `_if_match_held`.
 */
export function checkPrecondition(held: unknown): void {
  if (held === false) throw new PreconditionFailedError();
}
