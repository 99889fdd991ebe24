/**
 * The post moves as ONE statement each: the UPDATE happens only from an
 * allowed status (and, for scheduling, with scheduled_at set) and If-Match;
 * the same statement reports the status it found, so a refused move (409) is
 * told from a stale If-Match (412) and from a missing post (404) in one call.
 */
import { statusMoveStatement } from '../platform/crud/status-move.js';
import { ifMatchCondition, rowVersionSql, updateOne, type Statement } from '../platform/crud/index.js';
import type { Row, SqlExecutor } from '../platform/db/executor.js';
import { sqlValue } from '../platform/db/values.js';
import { socialPostResource } from './post-resources.js';

const POSTS = 'marketing.social_posts';
const RETURNING = `RETURNING ${socialPostResource.select
  .split(',')
  .map((c) => `t.${c.trim()}`)
  .join(', ')}, ${rowVersionSql('t')}`;

export interface MoveOutcome {
  found: boolean;
  /** If-Match held on the row as it was (true without If-Match, and for writes that do not report it). */
  ifMatchHeld: boolean;
  fromStatus: string | null;
  scheduledAt: string | null;
  row: Row | null;
  version: string | null;
}

function outcome(raw: Row | undefined): MoveOutcome {
  const { _found, _if_match_held, _from_status, _scheduled_at, _version, ...row } = raw ?? {};
  const written = _version !== null && _version !== undefined;
  return {
    found: _found === true,
    ifMatchHeld: _if_match_held !== false,
    fromStatus: (_from_status as string | null) ?? null,
    scheduledAt: (_scheduled_at as string | null) ?? null,
    row: written ? row : null,
    version: written ? String(_version) : null,
  };
}

export async function movePost(
  db: SqlExecutor,
  where: Statement,
  to: string,
  from: readonly string[],
  ifMatch: string[] | '*' | undefined,
): Promise<MoveOutcome> {
  const move = statusMoveStatement({
    table: POSTS,
    where,
    to,
    sources: from,
    ifMatch,
    returning: RETURNING,
    // A post is scheduled only with a time to publish it at.
    alsoWhere: `CAST(:to_status AS text) <> 'scheduled' OR t.scheduled_at IS NOT NULL`,
    facts: ['scheduled_at'],
  });
  const { rows } = await db.query(move.sql, move.params);
  return outcome(rows[0]);
}

/** Records an approval decision and who made it (from the token). */
export async function approvePost(db: SqlExecutor, where: Statement, decision: string, actor: string | null, ifMatch: string[] | '*' | undefined): Promise<MoveOutcome> {
  const version = ifMatchCondition(ifMatch);
  const sql = `WITH target AS (SELECT t.id, t.status, t.scheduled_at FROM ${POSTS} t WHERE ${where.sql}),
changed AS (
  UPDATE ${POSTS} AS t SET approval_status = CAST(:decision AS text), approved_by = CAST(:actor AS text)
    FROM target
   WHERE t.id = target.id AND ${version.sql}
  ${RETURNING})
SELECT EXISTS (SELECT 1 FROM target) AS _found, (SELECT status FROM target) AS _from_status,
       (SELECT scheduled_at FROM target) AS _scheduled_at, changed.*
  FROM (SELECT 1) one LEFT JOIN changed ON true`;
  const { rows } = await db.query(sql, { ...where.params, ...version.params, decision, actor });
  return outcome(rows[0]);
}

/** PATCH of a post's content, only while its status is one of `editable`; `_found` is false otherwise too. */
export async function editPost(db: SqlExecutor, where: Statement, values: Record<string, unknown>, editable: readonly string[], ifMatch: string[] | '*' | undefined): Promise<Row | undefined> {
  const guarded = { sql: `${where.sql} AND t.status = ANY(CAST(:editable AS text[]))`, params: { ...where.params, editable: sqlValue.textArray(editable) } };
  const statement = updateOne(POSTS, socialPostResource.select, guarded, values, ifMatch, undefined, socialPostResource.references);
  const { rows } = await db.query(statement.sql, statement.params);
  return rows[0];
}

/** The dispatch worker's record of a post (schema/103); attempts 0 when never claimed; undefined when no such post. */
export async function readDispatch(db: SqlExecutor, where: Statement): Promise<Row | undefined> {
  const iso = (c: string) => `to_char(${c} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  const { rows } = await db.query(
    `SELECT t.id AS post_id, t.social_post_id, t.status, coalesce(d.attempts, 0) AS attempts, ${iso('d.started_at')} AS started_at,
            ${iso('d.lease_until')} AS lease_until, d.outcome, ${iso('d.not_before')} AS not_before, d.container_id, d.failure_reason
       FROM ${POSTS} t LEFT JOIN marketing_ops.social_post_dispatch d ON d.post_id = t.id
      WHERE ${where.sql}`,
    where.params,
  );
  return rows[0];
}
