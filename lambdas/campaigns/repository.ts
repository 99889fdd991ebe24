/**
 * The campaign SQL beyond generic CRUD: the status move. ONE statement that
 * also reports whether the campaign exists and the status it had, so the
 * service can answer 404, 409 or 412 without a second read.
 */
import { statusMoveStatement } from '../platform/crud/status-move.js';
import type { Row, SqlExecutor } from '../platform/db/executor.js';
import { idCondition, rowVersionSql, VERSION_COLUMN, type Statement } from '../platform/crud/index.js';
import { campaignResource } from './resources.js';

const CAMPAIGNS = 'marketing.campaigns';
const RETURNING = `RETURNING ${campaignResource.select
  .split(',')
  .map((c) => `t.${c.trim()}`)
  .join(', ')}, ${rowVersionSql('t')}`;

/** `WHERE` of the campaign named by a path `{id}`, or null when it can be neither uuid nor CMP-NNNNNN. */
export function campaignWhere(raw: string, alias: string): Statement | null {
  return idCondition(raw, alias, 'campaign_ref', campaignResource.businessIdColumn);
}

export interface StatusOutcome {
  found: boolean;
  /** If-Match held on the row as it was (true without If-Match). */
  ifMatchHeld: boolean;
  /** The status before the statement (null when not found). */
  from: string | null;
  /** The moved row and its version, when the move happened. */
  row: Row | null;
  version: string | null;
}

/** Moves a campaign to `to` when its status is one of `sources` and If-Match holds. */
export async function changeStatus(
  executor: SqlExecutor,
  where: Statement,
  to: string,
  sources: readonly string[],
  ifMatch: string[] | '*' | undefined,
): Promise<StatusOutcome> {
  const move = statusMoveStatement({ table: CAMPAIGNS, where, to, sources, ifMatch, returning: RETURNING });
  const { rows } = await executor.query(move.sql, move.params);
  const { _found, _if_match_held, _from_status, [VERSION_COLUMN]: rowVersion, ...row } = rows[0] ?? {};
  const moved = rowVersion !== null && rowVersion !== undefined;
  return {
    found: _found === true,
    ifMatchHeld: _if_match_held !== false,
    from: typeof _from_status === 'string' ? _from_status : null,
    row: moved ? row : null,
    version: moved ? String(rowVersion) : null,
  };
}
