/**
 * SQL of the campaign assignment sets. A replacement is one transaction of
 * two statements: the first locks the campaign row, the second resolves every
 * requested member and, only when every member resolves, deletes the members
 * no longer wanted, fixes the primary flag and inserts the new ones. It
 * returns the new set, or which list positions named nothing.
 *
 * Why two statements, not one: under READ COMMITTED a statement reads with
 * the snapshot taken when it started. A `FOR UPDATE` CTE inside the replacing
 * statement does make a second replacement wait for the first, but once it
 * gets the lock it still reads the assignment rows as they were before the
 * first committed: it cannot see (so cannot delete) the first's inserted
 * rows, and its inserts of shared members hit ON CONFLICT DO NOTHING, so
 * the campaign kept a mix of both sets. A transaction's next statement takes
 * a new snapshot, so the replacing statement, run after the lock, sees the
 * set as the previous replacement left it and replaces it whole. The lock is
 * FOR NO KEY UPDATE: it queues replacements (and PATCHes) of this campaign,
 * but not inserts elsewhere that merely reference it (their foreign-key
 * check takes FOR KEY SHARE).
 */
import type { Row, SqlExecutor } from '../platform/db/executor.js';
import { idCondition, settingsCte, type Statement } from '../platform/crud/index.js';
import { sqlValue } from '../platform/db/values.js';
import type { AssignmentSet } from './sets.js';

const UUID_SQL = `'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'`;

/** The campaign named by a path `{id}` (uuid or MCMP-NNNNNN), or null when it can be neither. */
export function campaignWhere(raw: string): Statement | null {
  return idCondition(raw, 'c', 'campaign_ref', 'campaign_code');
}

/** Matches member table `t` to the text reference `ref` by uuid or by its key; the CASE keeps a non-uuid from being cast. */
function resolves(set: AssignmentSet, ref: string): string {
  return `(t.id = CASE WHEN ${ref} ~ ${UUID_SQL} THEN CAST(${ref} AS uuid) END OR t.${set.keyColumn} = ${ref})`;
}

function memberJson(set: AssignmentSet, primarySql: string | null): string {
  return `jsonb_build_object('id', t.id, '${set.keyColumn}', t.${set.keyColumn}, '${set.labelColumn}', t.${set.labelColumn}${
    primarySql ? `, 'is_primary', ${primarySql}` : ''
  })`;
}

export interface SetOutcome {
  found: boolean;
  /** 0-based positions in the request's `ids` that name no member. */
  missing: number[];
  members: Row[];
}

export async function readSet(executor: SqlExecutor, set: AssignmentSet, campaign: Statement): Promise<SetOutcome> {
  const sql = `WITH campaign AS (SELECT c.id FROM public.mkt_campaigns c WHERE ${campaign.sql})
SELECT EXISTS (SELECT 1 FROM campaign) AS _found,
       (SELECT coalesce(jsonb_agg(${memberJson(set, set.hasPrimary ? 'a.is_primary' : null)} ORDER BY ${set.orderBy}), '[]')
        FROM ${set.table} a JOIN campaign ON a.campaign_id = campaign.id JOIN ${set.target} t ON t.id = a.${set.column}) AS _members`;
  const { rows } = await executor.query(sql, campaign.params);
  return { found: rows[0]?._found === true, missing: [], members: (rows[0]?._members as Row[] | undefined) ?? [] };
}

/** The campaign's uuid, its row locked until the transaction ends; null when there is no such campaign. */
async function lockCampaign(tx: SqlExecutor, campaign: Statement): Promise<string | null> {
  const { rows } = await tx.query<{ id: string }>(`SELECT c.id FROM public.mkt_campaigns c WHERE ${campaign.sql} FOR NO KEY UPDATE`, campaign.params);
  return rows[0]?.id ?? null;
}

export function replaceSet(
  executor: SqlExecutor,
  set: AssignmentSet,
  campaign: Statement,
  ids: readonly string[],
  primary: string | null,
  actor: string | null,
): Promise<SetOutcome> {
  return executor.transaction(async (tx) => {
    const campaignId = await lockCampaign(tx, campaign);
    if (campaignId === null) return { found: false, missing: [], members: [] };
    return replaceLocked(tx, set, campaignId, ids, primary, actor);
  });
}

/** The replacing statement, run on a campaign this transaction has locked (so its snapshot postdates any earlier replacement). */
async function replaceLocked(
  executor: SqlExecutor,
  set: AssignmentSet,
  campaignId: string,
  ids: readonly string[],
  primary: string | null,
  actor: string | null,
): Promise<SetOutcome> {
  const settings = settingsCte({ 'app.actor': actor })!;
  const a = set.table;
  const col = set.column;
  // Gates on every write: every reference resolved (so a bad list changes nothing).
  const gate = `NOT EXISTS (SELECT 1 FROM missing)`;
  const mine = `x.campaign_id = (SELECT id FROM campaign)`;
  const primaryId = set.hasPrimary ? `(SELECT t.id FROM ${set.target} t WHERE ${resolves(set, 'CAST(:primary_ref AS text)')})` : 'NULL::uuid';
  // At most one primary per campaign is a unique index, checked row by row: the old primary must be
  // removed or demoted before the new one is written. Referencing those CTEs' counts in the later
  // writes' WHERE makes PostgreSQL run them to completion first (an uncorrelated subquery is
  // evaluated once, before the first row), so the order is fixed rather than left to the planner.
  const after = `(SELECT count(*) FROM removed) + (SELECT count(*) FROM demoted) >= 0`;
  const sql = `WITH ${settings.sql},
campaign AS (SELECT CAST(:campaign_id AS uuid) AS id),
wanted AS (
  SELECT w.ord, (SELECT t.id FROM ${set.target} t WHERE ${resolves(set, 'w.ref')}) AS member_id
  FROM jsonb_array_elements_text(CAST(:refs AS jsonb)) WITH ORDINALITY AS w(ref, ord)
),
missing AS (SELECT ord FROM wanted WHERE member_id IS NULL),
members AS (SELECT DISTINCT member_id FROM wanted WHERE member_id IS NOT NULL),
primary_member AS (SELECT ${primaryId} AS id),
removed AS (
  DELETE FROM ${a} x WHERE ${gate} AND ${mine} AND x.${col} NOT IN (SELECT member_id FROM members)
  RETURNING x.id
),
demoted AS (
  ${set.hasPrimary
    ? `UPDATE ${a} x SET is_primary = false WHERE ${gate} AND ${mine} AND x.is_primary
     AND x.${col} IN (SELECT member_id FROM members) AND x.${col} IS DISTINCT FROM (SELECT id FROM primary_member)
  RETURNING x.id`
    : 'SELECT NULL::uuid AS id WHERE false'}
),
promoted AS (
  ${set.hasPrimary
    ? `UPDATE ${a} x SET is_primary = true WHERE ${gate} AND ${mine} AND NOT x.is_primary
     AND x.${col} = (SELECT id FROM primary_member) AND ${after}
  RETURNING x.id`
    : 'SELECT NULL::uuid AS id WHERE false'}
),
inserted AS (
  INSERT INTO ${a} AS x (campaign_id, ${col}${set.hasPrimary ? ', is_primary' : ''})
  SELECT (SELECT id FROM campaign), m.member_id${set.hasPrimary ? ', m.member_id IS NOT DISTINCT FROM (SELECT id FROM primary_member)' : ''}
  FROM members m, settings
  WHERE ${gate} AND ${after}
  ON CONFLICT (campaign_id, ${col}) DO NOTHING
  RETURNING x.id
)
SELECT (SELECT coalesce(jsonb_agg(ord - 1 ORDER BY ord), '[]') FROM missing) AS _missing,
       (SELECT coalesce(jsonb_agg(${memberJson(set, set.hasPrimary ? 't.id IS NOT DISTINCT FROM (SELECT id FROM primary_member)' : null)} ORDER BY ${set.orderBy}), '[]')
        FROM members m JOIN ${set.target} t ON t.id = m.member_id) AS _members`;
  const { rows } = await executor.query(sql, {
    ...settings.params,
    campaign_id: sqlValue.uuid(campaignId),
    refs: sqlValue.json(ids),
    ...(set.hasPrimary ? { primary_ref: primary } : {}),
  });
  const row = rows[0] ?? {};
  return {
    found: true,
    missing: (row._missing as number[] | undefined) ?? [],
    members: (row._members as Row[] | undefined) ?? [],
  };
}
