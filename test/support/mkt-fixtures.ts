/**
 * Small builders for rows of the mkt_* module (schema/70–74), for tests that
 * need a campaign, a pillar, a piece of content or a WhatsApp account without
 * spelling out every NOT NULL column. Seeded reference rows are found by their
 * stable `code`, as the API finds them.
 */
import type pg from 'pg';

export type Queryable = Pick<pg.Pool, 'query'>;

/** Reference tables with a seeded, unique `code` column. */
export type MktReferenceTable =
  | 'mkt_segments'
  | 'mkt_channels'
  | 'mkt_ndp_categories'
  | 'mkt_con_types'
  | 'mkt_con_pillar_types';

const REFERENCE_TABLES: ReadonlySet<string> = new Set<MktReferenceTable>([
  'mkt_segments',
  'mkt_channels',
  'mkt_ndp_categories',
  'mkt_con_types',
  'mkt_con_pillar_types',
]);

async function one<T>(db: Queryable, sql: string, params: unknown[] = []): Promise<T> {
  const { rows } = await db.query(sql, params);
  const row = rows[0] as T | undefined;
  if (row === undefined) throw new Error(`no row returned by: ${sql}`);
  return row;
}

/** The id of a seeded reference row, e.g. idByCode(db, 'mkt_channels', 'whatsapp'). */
export async function idByCode(db: Queryable, table: MktReferenceTable, code: string): Promise<string> {
  // The table name is interpolated, so only the known reference tables are accepted.
  if (!REFERENCE_TABLES.has(table)) throw new Error(`not an mkt reference table: ${table}`);
  const row = await one<{ id: string }>(db, `SELECT id FROM public.${table} WHERE code = $1`, [code]);
  return row.id;
}

export async function insertProfile(db: Queryable, fullName = 'Marketing Manager'): Promise<string> {
  return (await one<{ id: string }>(db, 'INSERT INTO public.profiles (full_name) VALUES ($1) RETURNING id', [fullName])).id;
}

export interface CampaignRow {
  id: string;
  campaign_code: string;
}

export async function insertCampaign(
  db: Queryable,
  fields: { name?: string; ownerId?: string | null; createdBy?: string | null } = {},
): Promise<CampaignRow> {
  return one<CampaignRow>(
    db,
    `INSERT INTO public.mkt_campaigns (name, objective, owner_id, created_by)
     VALUES ($1, 'owner_acquisition', $2, $3) RETURNING id, campaign_code`,
    [fields.name ?? 'Spring owner acquisition', fields.ownerId ?? null, fields.createdBy ?? null],
  );
}

export async function insertNdpTopic(db: Queryable, categoryCode = 'pain'): Promise<{ id: string; topic_code: string }> {
  const categoryId = await idByCode(db, 'mkt_ndp_categories', categoryCode);
  return one(
    db,
    `INSERT INTO public.mkt_ndp_topics (category_id, title, icp_statement, source)
     VALUES ($1, 'Guest calls at night', 'I am tired of being woken at 2am because a guest cannot find the key.', 'owner_interview')
     RETURNING id, topic_code`,
    [categoryId],
  );
}

export async function insertPillar(db: Queryable, pillarTypeCode = 'case_study'): Promise<{ id: string; pillar_code: string }> {
  const typeId = await idByCode(db, 'mkt_con_pillar_types', pillarTypeCode);
  return one(
    db,
    `INSERT INTO public.mkt_con_pillars (pillar_type_id, title)
     VALUES ($1, 'How a beach condo went from 48% to 81% occupancy') RETURNING id, pillar_code`,
    [typeId],
  );
}

export async function insertContent(
  db: Queryable,
  fields: { typeCode?: string; parentId?: string; title?: string } = {},
): Promise<{ id: string; content_code: string }> {
  const typeId = await idByCode(db, 'mkt_con_types', fields.typeCode ?? 'blog_article');
  return one(
    db,
    `INSERT INTO public.mkt_con_content (content_type_id, content_role, parent_content_id, title)
     VALUES ($1, $2, $3, $4) RETURNING id, content_code`,
    [typeId, fields.parentId ? 'repurposed' : 'master', fields.parentId ?? null, fields.title ?? 'Five things owners ask before handing over the keys'],
  );
}

export async function insertWapAccount(db: Queryable, phoneE164: string): Promise<string> {
  const row = await one<{ id: string }>(
    db,
    `INSERT INTO public.mkt_wap_accounts (display_name, phone_e164) VALUES ('Owner Relations', $1) RETURNING id`,
    [phoneE164],
  );
  return row.id;
}

export async function insertWapContact(
  db: Queryable,
  phoneE164: string,
  fields: { personaContactId?: string; optedOut?: boolean } = {},
): Promise<string> {
  const row = await one<{ id: string }>(
    db,
    `INSERT INTO public.mkt_wap_contacts (phone_e164, persona_contact_id, opt_in_status, opted_out_at)
     VALUES ($1, $2, $3, $4) RETURNING id`,
    [phoneE164, fields.personaContactId ?? null, fields.optedOut ? 'opted_out' : 'unknown', fields.optedOut ? new Date() : null],
  );
  return row.id;
}
