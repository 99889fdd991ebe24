/**
 * A dynamic segment's refresh: who joins, returns and leaves, written in ONE
 * set-based statement (inserts, re-admissions, leavers stamped,
 * last_calculated_at; the statement triggers of schema/98 add the changes to
 * member_count), after ONE statement that takes the segment's refresh lock.
 *
 * Why the lock is a statement of its own, in the same transaction: under READ
 * COMMITTED a statement's snapshot is taken when it starts. A lock taken
 * inside the refresh statement could be granted after a refresh that
 * committed while this one started, whose rows the snapshot then does not
 * see: those rows had to be tried with ON CONFLICT DO NOTHING, and a
 * speculative insert costs every inserted row of a first build (~15% of it at
 * a million contacts). Taken first, the lock makes the refresh statement's
 * snapshot see every refresh before it, so the statement inserts only rows
 * no refresh has written; the caller's transaction holds the lock to commit.
 *
 * Who changes comes from ONE full outer join of the criteria's contacts with
 * the segment's member rows (current or not), both sorted by contact id: the
 * planner then merges them (no hash of either side; at a million contacts the
 * hash of 430,000 members cost more than the sorts). A FULL JOIN is only ever
 * a merge or hash join, never a nested loop, so stale statistics (a first
 * build into an empty table) cannot make it quadratic.
 *
 * New member rows get their UUIDv7 ids from one generate_uuid_v7() per
 * statement: its first 80 bits (the millisecond, version, random bits and
 * variant), then a 48-bit counter seeded from its random low bits and
 * incremented per row in contact order (RFC 9562 §6.2, monotonic random). The
 * ids stay time-ordered and unique; the column default would cost one
 * gen_random_uuid() per row (~10% of a first build at a million contacts).
 */
import type { SqlExecutor } from '../platform/db/executor.js';
import { sqlValue } from '../platform/db/values.js';
import { membersQuery, type CompiledCriteria } from './criteria/compile.js';

const SEGMENTS = 'marketing.segments';
const MEMBERS = 'marketing.segment_members';

/** The advisory-lock key of a segment's refresh is hashtextextended(this || segment uuid, 0). */
export const REFRESH_LOCK_PREFIX = 'marketing.segment_refresh:';

export interface RefreshOutcome {
  /** False: another refresh of this segment holds the lock; nothing was done. */
  locked: boolean;
  /** False: no dynamic segment with this id. */
  found: boolean;
  added: number;
  readmitted: number;
  removed: number;
  memberCount: number;
  lastCalculatedAt: string | null;
}

/**
 * Settings for the rest of the refresh's transaction (e.g. the worker's
 * statement budget), applied by the lock statement itself: one Data API call
 * fewer than a SET of their own. They are in force from the refresh statement
 * on; the lock statement only tries a lock, so it needs none of them.
 */
export type RefreshSettings = Readonly<Record<string, string>>;

function lockSql(settings: RefreshSettings): { sql: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  const applied = Object.entries(settings).map(([name, value], i) => {
    params[`setting_${i}`] = name;
    params[`value_${i}`] = value;
    return `set_config(:setting_${i}, :value_${i}, true) AS _setting_${i}, `;
  });
  return {
    sql: `SELECT ${applied.join('')}pg_try_advisory_xact_lock(hashtextextended('${REFRESH_LOCK_PREFIX}' || CAST(CAST(:segment_uuid AS uuid) AS text), 0)) AS got`,
    params,
  };
}

/** 2^47 - 1: the counter's seed keeps its top bit clear, so seed + row number never wraps past 48 bits. */
const SEED_MASK = '140737488355327';

function refreshSql(compiled: CompiledCriteria): string {
  return `WITH seg AS (
  SELECT s.id, coalesce(s.member_count, 0) AS member_count FROM ${SEGMENTS} s
   WHERE s.id = CAST(:segment_uuid AS uuid) AND s.segment_type = 'dynamic'),
-- Only the changes; both sides sorted by contact, so the FULL JOIN is a merge join.
diff AS MATERIALIZED (
  SELECT coalesce(w.contact_id, p.contact_id) AS contact_id,
         CASE WHEN p.contact_id IS NULL THEN 'join' WHEN w.contact_id IS NULL THEN 'leave' ELSE 'return' END AS change
    FROM (SELECT x.contact_id FROM (${membersQuery(compiled)}) x WHERE EXISTS (SELECT 1 FROM seg) ORDER BY x.contact_id) w
    FULL JOIN (SELECT m.contact_id, m.removed_at IS NULL AS is_current FROM ${MEMBERS} m
                WHERE m.segment_id = (SELECT id FROM seg) ORDER BY m.contact_id) p ON p.contact_id = w.contact_id
   WHERE p.contact_id IS NULL
      OR (w.contact_id IS NULL AND p.is_current)
      OR (w.contact_id IS NOT NULL AND NOT p.is_current)),
v7 AS (SELECT replace(CAST(public.generate_uuid_v7() AS text), '-', '') AS hex),
inserted AS (
  INSERT INTO ${MEMBERS} (id, segment_id, contact_id, added_by)
  SELECT CAST(substr(v7.hex, 1, 20) || lpad(to_hex((CAST(CAST('x' || substr(v7.hex, 21, 12) AS bit(48)) AS bigint) & ${SEED_MASK}) + d.n), 12, '0') AS uuid),
         seg.id, d.contact_id, CAST(:actor AS text)
    FROM seg, v7, (SELECT contact_id, row_number() OVER (ORDER BY contact_id) AS n FROM diff WHERE change = 'join') d
  -- In key order: each index of segment_members is then walked forward, not hit at random; a first build inserts
  -- every member. Their references are checked once for the statement (schema/113), not per row.
  ORDER BY d.contact_id
  RETURNING 1),
readmitted AS (
  UPDATE ${MEMBERS} AS m SET removed_at = NULL, added_at = now(), added_by = CAST(:actor AS text)
   WHERE m.segment_id = (SELECT id FROM seg) AND m.removed_at IS NOT NULL
     AND m.contact_id = ANY (ARRAY(SELECT contact_id FROM diff WHERE change = 'return'))
  RETURNING 1),
leavers AS (
  UPDATE ${MEMBERS} AS m SET removed_at = now()
   WHERE m.segment_id = (SELECT id FROM seg) AND m.removed_at IS NULL
     AND m.contact_id = ANY (ARRAY(SELECT contact_id FROM diff WHERE change = 'leave'))
  RETURNING 1),
stamped AS (
  UPDATE ${SEGMENTS} AS s SET last_calculated_at = now() FROM seg WHERE s.id = seg.id
  RETURNING s.last_calculated_at)
SELECT EXISTS (SELECT 1 FROM seg) AS _found,
       (SELECT count(*) FROM inserted) AS added, (SELECT count(*) FROM readmitted) AS readmitted,
       (SELECT count(*) FROM leavers) AS removed, (SELECT member_count FROM seg) AS member_count_before,
       (SELECT last_calculated_at FROM stamped) AS last_calculated_at`;
}

/**
 * Recomputes a dynamic segment's members. `tx` must be a transaction (the
 * caller's): the lock it takes first is held until that transaction ends, and
 * `settings` last as long. A segment another refresh is working on is left
 * alone (`locked` false).
 */
export async function refreshSegmentMembers(
  tx: SqlExecutor,
  segmentUuid: string,
  compiled: CompiledCriteria,
  actor: string | null,
  settings: RefreshSettings = {},
): Promise<RefreshOutcome> {
  const segment_uuid = sqlValue.uuid(segmentUuid);
  const lockStatement = lockSql(settings);
  const lock = await tx.query(lockStatement.sql, { ...lockStatement.params, segment_uuid });
  if (lock.rows[0]?.got !== true) return { locked: false, found: false, added: 0, readmitted: 0, removed: 0, memberCount: 0, lastCalculatedAt: null };
  const { rows } = await tx.query(refreshSql(compiled), { ...compiled.params, segment_uuid, actor });
  const r = rows[0] ?? {};
  const [added, readmitted, removed] = [Number(r.added ?? 0), Number(r.readmitted ?? 0), Number(r.removed ?? 0)];
  return {
    locked: true,
    found: r._found === true,
    added,
    readmitted,
    removed,
    // What the triggers make of it when this statement commits (no other refresh can run meanwhile).
    memberCount: Number(r.member_count_before ?? 0) + added + readmitted - removed,
    lastCalculatedAt: (r.last_calculated_at as string | null) ?? null,
  };
}
