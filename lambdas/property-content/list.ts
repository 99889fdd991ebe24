/**
 * One page of a property's gallery, like every list of the API: keyset paging
 * (`limit`, `cursor`) by the platform list builder, in display order or, with
 * `?channel=`, in that channel's order first. ONE statement also says whether
 * the property exists, so an unknown property is a 404 rather than an empty page.
 *
 * The builder reads a table by name; here it reads `gallery`, a CTE of the
 * property's rows plus the channel position as a column (NOT MATERIALIZED, so
 * PostgreSQL plans through it onto idx_property_content_property_display_order_id).
 * The position column is named after the channel, so a cursor issued for one
 * channel's order is refused (422) on another's.
 */
import type { Row, SqlExecutor } from '../platform/db/executor.js';
import type { ListDeclaration } from '../platform/http/route.js';
import { columnSql, type ColumnDeclarations } from '../platform/lists/filters.js';
import { buildListQuery, toPage, type Page, type QueryInput } from '../platform/lists/list-query.js';
import { NotFoundError } from '../platform/errors.js';
import { sqlValue } from '../platform/db/values.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What a client may filter and order the gallery by (the channel position is added per request). */
export const galleryColumns: ColumnDeclarations = {
  id: { type: 'uuid', operators: [], nullable: false },
  display_order: { type: 'integer', orderable: true },
  is_hero: { type: 'boolean' },
  room_type: { type: 'text', operators: ['eq', 'neq', 'in', 'is'] },
  status: { type: 'text', operators: ['eq', 'neq', 'in', 'is'] },
};

/** For the list-order index check: the gallery is always read within one property. */
export const galleryListDeclaration: ListDeclaration = {
  table: 'marketing.property_content',
  idColumn: 'id',
  scope: 'property_id',
  columns: galleryColumns,
};

const GALLERY_COLUMNS = 'id, property_id, library_asset_id, display_order, is_hero, channel_orders, room_type, status, created_at';

function channelColumn(channel: string): string {
  // Channel names are ^[a-z][a-z0-9_]{0,39}$ (schemas.ts), so this is a plain identifier (columnSql checks).
  return `${channel}_position`;
}

export async function listGalleryPage(executor: SqlExecutor, propertyId: string, channel: string | undefined, query: QueryInput): Promise<Page<Row>> {
  if (!UUID.test(propertyId)) throw new NotFoundError(`No property ${propertyId}.`);
  const position = channel ? channelColumn(channel) : undefined;
  const list = buildListQuery(
    {
      table: 'gallery',
      // The position is selected too, so the outer ORDER BY can repeat the page's order; it leaves the response below.
      select: position ? `${GALLERY_COLUMNS}, ${columnSql(position)}` : GALLERY_COLUMNS,
      columns: position ? { ...galleryColumns, [position]: { type: 'integer', orderable: true, operators: [] } } : galleryColumns,
      defaultOrder: position ? `${position}.asc,display_order.asc` : 'display_order.asc',
      passThrough: ['channel'],
    },
    query,
  );
  // A position that is not a plain integer (written around the API) sorts as unlisted rather than failing the cast.
  const positionSql = position
    ? `, CASE WHEN (c.channel_orders ->> CAST(:gallery_channel AS text)) ~ '^-?[0-9]{1,9}$'
              THEN CAST(c.channel_orders ->> CAST(:gallery_channel AS text) AS integer) END AS ${columnSql(position)}`
    : '';
  const outerOrder = list.order
    .map((k) => `page.${columnSql(k.column)} ${k.direction === 'asc' ? 'ASC NULLS LAST' : 'DESC NULLS FIRST'}`)
    .join(', ');
  const sql = `WITH prop AS (SELECT p.id FROM property.properties p WHERE p.id = :gallery_property),
gallery AS NOT MATERIALIZED (
  SELECT c.*${positionSql} FROM marketing.property_content c WHERE c.property_id = :gallery_property
)
SELECT EXISTS (SELECT 1 FROM prop) AS _property_found, page.*,
  jsonb_build_object('asset_id', a.asset_id, 'filename', a.filename, 'asset_type', a.asset_type, 'mime_type', a.mime_type,
    'status', a.status, 'dimensions', a.dimensions, 'orientation', a.orientation, 'alt_text', a.alt_text) AS asset
FROM (SELECT 1) one
LEFT JOIN ((${list.sql}) page JOIN marketing.content_library a ON a.id = page.library_asset_id) ON true
ORDER BY ${outerOrder}`;
  const { rows } = await executor.query(sql, {
    ...list.params,
    gallery_property: sqlValue.uuid(propertyId),
    ...(channel ? { gallery_channel: channel } : {}),
  });
  if (rows[0]?._property_found !== true) throw new NotFoundError(`No property ${propertyId}.`);
  const page = toPage(
    rows.filter((r) => r.id !== null).map(({ _property_found: _p, ...r }) => r),
    list,
  );
  if (position) for (const row of page.data) delete row[position];
  return page;
}
