/**
 * Reorder a gallery of any size by moves relative to neighbours: each move puts
 * one attached asset immediately `before` or `after` another (the anchor), at
 * most MAX_MOVES per request, so neither the request nor the work grows with
 * the gallery's length.
 *
 * Rules, checked before anything is written (422 naming the move otherwise):
 * the asset and the anchor are attached, different, each asset moves once,
 * and no anchor is itself moved in the same batch (so the moves do not depend
 * on their order). Assets moved next to the same anchor on the same side keep
 * the batch's order: [{a, after: x}, {b, after: x}] gives x, a, b.
 *
 * Positions: a moved asset gets a display_order strictly between its new
 * neighbours', so only moved rows are written. When the gap is too small (or a
 * neighbour has no display_order), the whole gallery is renumbered in steps of
 * RENUMBER_STEP in its new order, which leaves gaps for later moves.
 *
 * Concurrency: one transaction takes a per-property advisory lock first, then
 * reads and writes in a second statement, whose snapshot is taken after the
 * lock: two batches on one property run one after the other, each on the
 * other's result. Nothing else (PATCH, attach) waits on that lock. A deadlock
 * with a concurrent write loses the whole transaction (nothing written), so it
 * is run again, as the executor does for single statements; then a 409.
 */
import type { Row, SqlExecutor } from '../platform/db/executor.js';
import { ConcurrencyConflictError } from '../platform/db/errors.js';
import { sqlValue } from '../platform/db/values.js';
import { NotFoundError, ValidationError } from '../platform/errors.js';

export const MAX_MOVES = 100;
export const RENUMBER_STEP = 1024;
const ATTEMPTS = 3;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Exactly one of before/after (the body schema checks it). */
export interface Move {
  asset_id: string;
  before?: string | undefined;
  after?: string | undefined;
}

const normalise = (ref: string): string => (UUID.test(ref) ? ref.toLowerCase() : ref);

const LOCK_SQL = `SELECT EXISTS (SELECT 1 FROM property.properties p WHERE p.id = :property_id) AS _property,
  pg_advisory_xact_lock(hashtextextended('property-gallery:' || CAST(CAST(:property_id AS uuid) AS text), 0)) IS NULL AS _locked`;

/*
 * g: the gallery in its current order (rn). m: the moves with their rows and anchors.
 * seq: rows that stay keep (rn, 0, 0); a moved row sorts at (anchor rn, -1 before / +1 after, batch order).
 * placed: each moved row's new neighbours among the rows that stay (lo, hi), its slot in that gap (i of k),
 * and whether a row without display_order precedes it (then no value can place it: renumber).
 */
const MOVE_SQL = `WITH g AS (
  SELECT c.id, c.display_order, a.id::text AS uuid, a.asset_id,
         row_number() OVER (ORDER BY c.display_order ASC NULLS LAST, c.id ASC) AS rn
  FROM marketing.property_content c JOIN marketing.content_library a ON a.id = c.library_asset_id
  WHERE c.property_id = :property_id
),
m AS (
  SELECT x.ord, x.side, mv.id AS row_id, an.id AS anchor_id, an.rn AS anchor_rn
  FROM jsonb_to_recordset(CAST(:moves AS jsonb)) AS x(ord int, ref text, anchor text, side int)
  LEFT JOIN g mv ON mv.uuid = x.ref OR mv.asset_id = x.ref
  LEFT JOIN g an ON an.uuid = x.anchor OR an.asset_id = x.anchor
),
problems AS (
  SELECT ord, 'asset_id' AS field, 'is not attached to this property' AS message FROM m WHERE row_id IS NULL
  UNION ALL SELECT ord, 'anchor', 'is not attached to this property' FROM m WHERE anchor_id IS NULL
  UNION ALL SELECT ord, 'anchor', 'names the asset being moved' FROM m WHERE row_id = anchor_id
  UNION ALL SELECT m1.ord, 'asset_id', 'is moved by an earlier move of this batch too (body.moves[' || min(m0.ord) || '])'
    FROM m m1 JOIN m m0 ON m0.row_id = m1.row_id AND m0.ord < m1.ord GROUP BY m1.ord
  UNION ALL SELECT m1.ord, 'anchor', 'is moved in this batch (body.moves[' || min(m0.ord) || ']); anchor on an asset that stays'
    FROM m m1 JOIN m m0 ON m0.row_id = m1.anchor_id AND m0.row_id <> m1.row_id GROUP BY m1.ord
),
seq AS (
  SELECT g.id, g.display_order AS old, false AS moved, g.rn AS k1, 0 AS k2, 0 AS k3 FROM g
  WHERE NOT EXISTS (SELECT 1 FROM m WHERE m.row_id = g.id)
  UNION ALL
  SELECT g.id, g.display_order, true, m.anchor_rn, m.side, m.ord FROM m JOIN g ON g.id = m.row_id
),
ranked AS (
  SELECT seq.*, row_number() OVER (ORDER BY k1, k2, k3) AS pos,
         count(*) FILTER (WHERE NOT moved) OVER (ORDER BY k1, k2, k3 ROWS UNBOUNDED PRECEDING) AS gap,
         bool_or(NOT moved AND old IS NULL) OVER (ORDER BY k1, k2, k3 ROWS UNBOUNDED PRECEDING) AS after_unordered,
         max(old) FILTER (WHERE NOT moved) OVER (ORDER BY k1, k2, k3 ROWS UNBOUNDED PRECEDING) AS lo,
         min(old) FILTER (WHERE NOT moved) OVER (ORDER BY k1, k2, k3 ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS hi
  FROM seq
),
placed AS (
  SELECT r.*, row_number() OVER (PARTITION BY gap ORDER BY pos) AS i, count(*) OVER (PARTITION BY gap) AS k
  FROM ranked r WHERE moved
),
bounds AS (
  SELECT p.*, CAST(coalesce(p.lo, p.hi - ${RENUMBER_STEP} * (p.k + 1)) AS bigint) AS l,
              CAST(coalesce(p.hi, p.lo + ${RENUMBER_STEP} * (p.k + 1)) AS bigint) AS h
  FROM placed p
),
slots AS (
  SELECT b.id, b.l + (b.i * (b.h - b.l)) / (b.k + 1) AS target,
         b.after_unordered OR b.l IS NULL OR b.h - b.l < b.k + 1 OR b.l < -2147483648 OR b.h > 2147483647 AS no_room
  FROM bounds b
),
decision AS (SELECT coalesce(bool_or(no_room), false) AS renumber FROM slots),
plan AS (
  SELECT r.id, r.moved,
         CASE WHEN (SELECT renumber FROM decision) THEN r.pos * ${RENUMBER_STEP} ELSE s.target END AS target
  FROM ranked r LEFT JOIN slots s ON s.id = r.id
  WHERE r.moved OR (SELECT renumber FROM decision)
),
written AS (
  UPDATE marketing.property_content t SET display_order = CAST(plan.target AS integer)
  FROM plan
  WHERE t.id = plan.id AND t.display_order IS DISTINCT FROM CAST(plan.target AS integer) AND NOT EXISTS (SELECT 1 FROM problems)
  RETURNING t.id
)
SELECT (SELECT coalesce(jsonb_agg(jsonb_build_array(ord, field, message) ORDER BY ord, field), '[]'::jsonb) FROM problems) AS _problems,
       (SELECT renumber FROM decision) AS _renumbered, (SELECT count(*) FROM written) AS _written,
       c.id, c.property_id, c.library_asset_id, CAST(plan.target AS integer) AS display_order, c.is_hero, c.channel_orders,
       c.room_type, c.status, c.created_at,
       jsonb_build_object('asset_id', a.asset_id, 'filename', a.filename, 'asset_type', a.asset_type, 'mime_type', a.mime_type,
         'status', a.status, 'dimensions', a.dimensions, 'orientation', a.orientation, 'alt_text', a.alt_text) AS asset
FROM (SELECT 1) one
LEFT JOIN (plan JOIN marketing.property_content c ON c.id = plan.id AND plan.moved
           JOIN marketing.content_library a ON a.id = c.library_asset_id) ON NOT EXISTS (SELECT 1 FROM problems)
ORDER BY plan.target ASC, c.id ASC`;

export interface MoveResult {
  /** The moved attachments, in their new order, with their new display_order. */
  data: Row[];
  /** True when the gallery had no room between the neighbours and was renumbered. */
  renumbered: boolean;
}

async function moveOnce(executor: SqlExecutor, propertyId: string, moves: readonly Move[]): Promise<MoveResult> {
  const params = { property_id: sqlValue.uuid(propertyId) };
  const payload = moves.map((move, ord) => ({
    ord,
    ref: normalise(move.asset_id),
    anchor: normalise(move.before ?? move.after ?? ''),
    side: move.before !== undefined ? -1 : 1,
  }));
  return executor.transaction(async (tx) => {
    const { rows: lock } = await tx.query<{ _property: boolean }>(LOCK_SQL, params);
    if (!lock[0]?._property) throw new NotFoundError(`No property ${propertyId}.`);
    const { rows } = await tx.query<Row & { _problems: Array<[number, string, string]>; _renumbered: boolean; _written: unknown }>(MOVE_SQL, {
      ...params,
      moves: sqlValue.json(payload),
    });
    const first = rows[0];
    const problems = first?._problems ?? [];
    if (problems.length > 0) {
      const errors = problems.map(([i, field, message]) => {
        const name = field === 'anchor' ? (moves[i]?.before !== undefined ? 'before' : 'after') : 'asset_id';
        return { path: `body.moves[${i}].${name}`, message };
      });
      throw new ValidationError(errors, 'The moves cannot be applied; nothing was changed.');
    }
    return {
      renumbered: first?._renumbered === true,
      data: rows.filter((r) => r.id !== null).map(({ _problems: _p, _renumbered: _r, _written: _w, ...row }) => row),
    };
  });
}

export async function moveAttachments(executor: SqlExecutor, propertyId: string, moves: readonly Move[]): Promise<MoveResult> {
  if (!UUID.test(propertyId)) throw new NotFoundError(`No property ${propertyId}.`);
  for (let attempt = 1; ; attempt++) {
    try {
      return await moveOnce(executor, propertyId, moves);
    } catch (error) {
      if (!(error instanceof ConcurrencyConflictError) || attempt >= ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10 + Math.floor(Math.random() * 40 * attempt)));
    }
  }
}
