/**
 * SQL of property content (marketing.property_content): attach, list, change,
 * detach and reorder, each ONE statement. The hero rule: a statement that sets
 * is_hero clears the property's previous hero itself (a CTE), and a deferred
 * exclusion constraint (schema/90_asset_ingest_log.sql) rejects the rare
 * concurrent double hero at commit.
 */
import type { Row, SqlExecutor, SqlValue } from '../platform/db/executor.js';
import { sqlValue } from '../platform/db/values.js';
import { idCondition, ifMatchCondition, rowVersionSql } from '../platform/crud/index.js';
import { ConflictError, NotFoundError, PreconditionFailedError, ValidationError } from '../platform/errors.js';
import { DatabaseError } from '../platform/db/errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COLUMN = /^[a-z_]+$/;

/** The attachment's columns plus a summary of its asset; `c` is property_content, `a` content_library. */
const ITEM_SQL = `c.id, c.property_id, c.library_asset_id, c.display_order, c.is_hero, c.channel_orders, c.room_type, c.status, c.created_at,
  jsonb_build_object('asset_id', a.asset_id, 'filename', a.filename, 'asset_type', a.asset_type, 'mime_type', a.mime_type,
    'status', a.status, 'dimensions', a.dimensions, 'orientation', a.orientation, 'alt_text', a.alt_text) AS asset`;

function propertyParam(propertyId: string): Record<string, SqlValue> {
  if (!UUID.test(propertyId)) throw new NotFoundError(`No property ${propertyId}.`);
  return { property_id: sqlValue.uuid(propertyId) };
}

function assetCondition(ref: string, alias: string, what = 'asset'): { sql: string; params: Record<string, SqlValue> } {
  const match = idCondition(ref, alias, 'asset_ref', 'asset_id');
  if (!match) throw new NotFoundError(`No ${what} ${ref}.`);
  return match;
}

/** The deferred exclusion constraint fires only when two writers set a hero at once. */
async function heroSafe<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DatabaseError && error.sqlState === '23P01') {
      throw new ConflictError('Another request set a hero for this property at the same time; read the list and try again.', {
        errors: [{ path: 'body.is_hero', message: 'At most one hero per property' }],
      });
    }
    throw error;
  }
}

/** Why an asset in these statuses cannot join a gallery: its file is not (yet, or ever) a verified object. */
const UNATTACHABLE: Readonly<Record<string, string>> = {
  processing: 'its upload has not been ingested yet; attach it once it is active.',
  error: 'its upload was refused (see its ingest-events); upload the file again.',
};

function split(row: Row): { row: Row; version: string } {
  const { _version: version, _found: _f, _property: _p, _asset_status: _a, ...rest } = row;
  return { row: rest, version: String(version) };
}

export async function attach(executor: SqlExecutor, propertyId: string, body: Record<string, unknown> & { asset_id: string }): Promise<{ row: Row; version: string }> {
  const { asset_id: ref, ...values } = body;
  const asset = assetCondition(ref, 'a');
  const columns = Object.keys(values).filter((c) => COLUMN.test(c));
  const { rows } = await heroSafe(() =>
    executor.query(
      `WITH prop AS (SELECT p.id FROM property.properties p WHERE p.id = :property_id),
       found AS (SELECT a.id, a.status FROM marketing.content_library a WHERE ${asset.sql}),
       asset AS (SELECT found.id FROM found WHERE found.status NOT IN ('processing', 'error')),
       r AS (SELECT * FROM jsonb_populate_record(NULL::marketing.property_content, CAST(:body AS jsonb))),
       cleared AS (
         UPDATE marketing.property_content c SET is_hero = false
         FROM prop, r WHERE c.property_id = prop.id AND c.is_hero AND r.is_hero IS TRUE AND EXISTS (SELECT 1 FROM asset)
         RETURNING c.id
       ),
       c AS (
         INSERT INTO marketing.property_content AS t (property_id, library_asset_id${columns.map((k) => `, ${k}`).join('')})
         SELECT prop.id, asset.id${columns.map((k) => `, r.${k}`).join('')} FROM prop, asset, r
         RETURNING t.*, ${rowVersionSql('t')}
       )
       SELECT EXISTS (SELECT 1 FROM prop) AS _property, (SELECT status FROM found) AS _asset_status, c._version, ${ITEM_SQL}
       FROM (SELECT 1) one
       LEFT JOIN (c JOIN marketing.content_library a ON a.id = c.library_asset_id) ON true`,
      { ...propertyParam(propertyId), ...asset.params, body: sqlValue.json(values) },
    ),
  );
  const result = rows[0]!;
  if (!result._property) throw new NotFoundError(`No property ${propertyId}.`);
  const status = result._asset_status as string | null;
  if (status === null) {
    throw new ConflictError(`asset_id refers to an asset that does not exist.`, {
      errors: [{ path: 'body.asset_id', message: 'Refers to an asset that does not exist' }],
    });
  }
  const unusable = Object.hasOwn(UNATTACHABLE, status) ? UNATTACHABLE[status] : undefined;
  if (unusable) throw new ConflictError(`The asset is ${status}: ${unusable}`, { errors: [{ path: 'body.asset_id', message: `Is ${status}: ${unusable}` }] });
  return split(result);
}


/**
 * One attachment in an item path (`…/assets/{assetId}`): the asset's uuid or
 * business ID, or the gallery row's own `id` (what the list's rows carry as
 * `id`). uuids are unique across tables (v7), so a uuid names one row either
 * way. `c` is property_content, `a` content_library.
 */
function attachmentCondition(ref: string): { sql: string; params: Record<string, SqlValue> } {
  if (UUID.test(ref)) return { sql: '(c.id = :asset_ref OR a.id = :asset_ref)', params: { asset_ref: sqlValue.uuid(ref.toLowerCase()) } };
  return assetCondition(ref, 'a', 'attached asset');
}

/** The attachment of one asset to one property, by attachmentCondition. */
function targetSql(assetSql: string): string {
  return `SELECT c.id, c.property_id FROM marketing.property_content c JOIN marketing.content_library a ON a.id = c.library_asset_id
          WHERE c.property_id = :property_id AND ${assetSql}`;
}

/**
 * If-Match sits in the UPDATE's own WHERE: when a concurrent write commits
 * first, PostgreSQL re-evaluates that WHERE on the newest row version, so a
 * stale ETag writes nothing (412). The previous hero is cleared from the
 * UPDATE's RETURNING, so it is only cleared when the change really happened.
 */
export async function updateAttachment(
  executor: SqlExecutor,
  propertyId: string,
  assetRef: string,
  values: Record<string, unknown>,
  ifMatch: string[] | '*' | undefined,
): Promise<{ row: Row; version: string }> {
  const asset = attachmentCondition(assetRef);
  const version = ifMatchCondition(ifMatch);
  const columns = Object.keys(values).filter((c) => COLUMN.test(c));
  const set = columns.length === 1 ? `${columns[0]} = r.${columns[0]}` : `(${columns.join(', ')}) = (${columns.map((k) => `r.${k}`).join(', ')})`;
  const { rows } = await heroSafe(() =>
    executor.query(
      `WITH target AS (${targetSql(asset.sql)}),
       r AS (SELECT * FROM jsonb_populate_record(NULL::marketing.property_content, CAST(:body AS jsonb))),
       c AS (
         UPDATE marketing.property_content AS t SET ${set} FROM r, target WHERE t.id = target.id AND ${version.sql}
         RETURNING t.*, ${rowVersionSql('t')}
       ),
       cleared AS (
         UPDATE marketing.property_content x SET is_hero = false
         FROM c, r WHERE x.property_id = c.property_id AND x.id <> c.id AND x.is_hero AND r.is_hero IS TRUE
         RETURNING x.id
       )
       SELECT EXISTS (SELECT 1 FROM target) AS _found, c._version, ${ITEM_SQL}
       FROM (SELECT 1) one
       LEFT JOIN (c JOIN marketing.content_library a ON a.id = c.library_asset_id) ON true`,
      { ...propertyParam(propertyId), ...asset.params, ...version.params, body: sqlValue.json(values) },
    ),
  );
  const result = rows[0]!;
  if (!result._found) throw new NotFoundError(`Asset ${assetRef} is not attached to property ${propertyId}.`);
  if (result.id === null) throw new PreconditionFailedError();
  return split(result);
}

export async function getAttachment(executor: SqlExecutor, propertyId: string, assetRef: string): Promise<{ row: Row; version: string }> {
  const asset = attachmentCondition(assetRef);
  const { rows } = await executor.query(
    `SELECT ${rowVersionSql('c')}, ${ITEM_SQL}
     FROM marketing.property_content c JOIN marketing.content_library a ON a.id = c.library_asset_id
     WHERE c.property_id = :property_id AND ${asset.sql}`,
    { ...propertyParam(propertyId), ...asset.params },
  );
  if (!rows[0]) throw new NotFoundError(`Asset ${assetRef} is not attached to property ${propertyId}.`);
  return split(rows[0]);
}

export async function detach(executor: SqlExecutor, propertyId: string, assetRef: string, ifMatch: string[] | '*' | undefined): Promise<void> {
  const asset = attachmentCondition(assetRef);
  const version = ifMatchCondition(ifMatch);
  const { rows } = await executor.query<{ _found: boolean; _removed: boolean }>(
    `WITH target AS (${targetSql(asset.sql)}),
     removed AS (DELETE FROM marketing.property_content AS t USING target WHERE t.id = target.id AND ${version.sql} RETURNING t.id)
     SELECT EXISTS (SELECT 1 FROM target) AS _found, EXISTS (SELECT 1 FROM removed) AS _removed`,
    { ...propertyParam(propertyId), ...asset.params, ...version.params },
  );
  if (!rows[0]?._found) throw new NotFoundError(`Asset ${assetRef} is not attached to property ${propertyId}.`);
  if (!rows[0]._removed) throw new PreconditionFailedError();
}

export interface OrderItem {
  asset_id: string;
  display_order: number;
  channel_orders?: Record<string, number> | null;
}

/**
 * The whole gallery's order in one statement: the items travel as one JSON
 * parameter (jsonb_to_recordset), the UPDATE runs only when every item names
 * an attached asset, no asset is named twice (zod cannot see that a uuid and a
 * business ID are the same row; the database can), and every attached asset
 * is listed, and the new rows come
 * back from its RETURNING. Otherwise nothing is written and the response says
 * which items (by index) or which attached assets are wrong.
 */
export async function reorder(executor: SqlExecutor, propertyId: string, items: readonly OrderItem[]): Promise<Row[]> {
  const payload = items.map((item, ord) => ({
    ord,
    ref: UUID.test(item.asset_id) ? item.asset_id.toLowerCase() : item.asset_id,
    display_order: item.display_order,
    has_channels: item.channel_orders !== undefined,
    channel_orders: item.channel_orders ?? null,
  }));
  const { rows } = await executor.query<Row & { _property: boolean; _unknown: number[]; _unlisted: string[]; _repeated: Array<[number, number]> }>(
    `WITH prop AS (SELECT p.id FROM property.properties p WHERE p.id = :property_id),
     attached AS (
       SELECT c.id, a.id::text AS uuid, a.asset_id FROM marketing.property_content c
       JOIN marketing.content_library a ON a.id = c.library_asset_id WHERE c.property_id = :property_id
     ),
     items AS (
       SELECT x.*, attached.id AS row_id
       FROM jsonb_to_recordset(CAST(:items AS jsonb)) AS x(ord int, ref text, display_order int, has_channels boolean, channel_orders jsonb)
       LEFT JOIN attached ON attached.uuid = x.ref OR attached.asset_id = x.ref
     ),
     unknown_items AS (SELECT ord FROM items WHERE row_id IS NULL),
     repeated AS (
       SELECT ord, first_ord FROM (
         SELECT ord, min(ord) OVER (PARTITION BY row_id) AS first_ord FROM items WHERE row_id IS NOT NULL
       ) named WHERE ord > first_ord
     ),
     unlisted AS (SELECT asset_id FROM attached WHERE id NOT IN (SELECT row_id FROM items WHERE row_id IS NOT NULL)),
     c AS (
       UPDATE marketing.property_content AS t
       SET display_order = items.display_order,
           channel_orders = CASE WHEN items.has_channels THEN items.channel_orders ELSE t.channel_orders END
       FROM items
       WHERE t.id = items.row_id AND EXISTS (SELECT 1 FROM prop)
         AND NOT EXISTS (SELECT 1 FROM unknown_items) AND NOT EXISTS (SELECT 1 FROM unlisted) AND NOT EXISTS (SELECT 1 FROM repeated)
       RETURNING t.*
     )
     SELECT EXISTS (SELECT 1 FROM prop) AS _property,
            (SELECT coalesce(jsonb_agg(ord ORDER BY ord), '[]'::jsonb) FROM unknown_items) AS _unknown,
            (SELECT coalesce(jsonb_agg(asset_id ORDER BY asset_id), '[]'::jsonb) FROM unlisted) AS _unlisted,
            (SELECT coalesce(jsonb_agg(jsonb_build_array(ord, first_ord) ORDER BY ord), '[]'::jsonb) FROM repeated) AS _repeated,
            ${ITEM_SQL}
     FROM (SELECT 1) one
     LEFT JOIN (c JOIN marketing.content_library a ON a.id = c.library_asset_id) ON true
     ORDER BY c.display_order ASC NULLS LAST, c.id ASC`,
    { ...propertyParam(propertyId), items: sqlValue.json(payload) },
  );
  const result = rows[0]!;
  if (!result._property) throw new NotFoundError(`No property ${propertyId}.`);
  const errors = [
    ...result._unknown.map((i) => ({ path: `body[${i}].asset_id`, message: `${items[i]?.asset_id ?? ''} is not attached to this property` })),
    ...result._repeated.map(([i, first]) => ({ path: `body[${i}].asset_id`, message: `names the same attached asset as body[${first}]` })),
    ...result._unlisted.map((assetId) => ({ path: 'body', message: `${assetId} is attached but not listed; send the full list` })),
  ];
  if (errors.length > 0) throw new ValidationError(errors, 'The order must list exactly the attached assets; nothing was changed.');
  return rows.filter((r) => r.id !== null).map(({ _property: _p, _unknown: _u, _unlisted: _l, _repeated: _r, ...row }) => row);
}
