/**
 * The mkt_* module (schema/70–74) on a migrated database: the 30 tables, their
 * seed data, and the rules the database enforces whatever the caller does —
 * CHECKs, UNIQUEs, ON DELETE actions (including the foreign keys added by a
 * later file than their table), UUIDv7 keys, business codes, updated_at
 * triggers, the master/repurposed hierarchy and WhatsApp consent and token
 * rules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import {
  idByCode,
  insertCampaign,
  insertContent,
  insertNdpTopic,
  insertPillar,
  insertProfile,
  insertWapAccount,
  insertWapContact,
  type MktReferenceTable,
} from '../support/mkt-fixtures.js';

const MKT_TABLES = [
  // 70_mkt_common.sql
  'mkt_segments',
  'mkt_channels',
  'mkt_campaigns',
  'mkt_campaign_segment_assignments',
  'mkt_campaign_ndp_assignments',
  'mkt_campaign_pillar_assignments',
  'mkt_campaign_content_assignments',
  'mkt_kpis',
  'mkt_social_kpis',
  // 71_mkt_ndp.sql
  'mkt_ndp_categories',
  'mkt_ndp_topics',
  'mkt_ndp_topic_segments',
  // 72_mkt_content.sql
  'mkt_con_types',
  'mkt_con_pillar_types',
  'mkt_con_pillars',
  'mkt_con_pillar_content_types',
  'mkt_con_ideas',
  'mkt_con_content',
  'mkt_con_tags',
  'mkt_con_tag_assignments',
  'mkt_con_pillar_tag_assignments',
  'mkt_con_schedule',
  // 73_mkt_persona.sql
  'mkt_persona_contacts',
  'mkt_persona_scores',
  'mkt_persona_attributes',
  // 74_mkt_whatsapp.sql
  'mkt_wap_accounts',
  'mkt_wap_groups',
  'mkt_wap_contacts',
  'mkt_wap_messages',
  'mkt_persona_group_memberships',
];

let db: TestDatabase;
let phoneCounter = 0;

/** A distinct, valid E.164 number per call, so tests never collide on UNIQUE phones. */
function nextPhone(): string {
  phoneCounter += 1;
  return `+1305555${String(phoneCounter).padStart(4, '0')}`;
}

async function rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.pool.query(sql, params)).rows as T[];
}

async function scalar<T>(sql: string, params: unknown[] = []): Promise<T> {
  const [row] = await rows<Record<string, T>>(sql, params);
  if (!row) throw new Error(`no row: ${sql}`);
  return Object.values(row)[0] as T;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db.drop();
});

describe('tables', () => {
  it('creates exactly the 30 mkt_* tables, all in public', async () => {
    const names = await rows<{ relname: string; nspname: string }>(`
      SELECT c.relname, n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind = 'r' AND c.relname LIKE 'mkt\\_%'`);
    expect(new Set(MKT_TABLES).size).toBe(30);
    expect(names.map((r) => r.relname).sort()).toEqual([...MKT_TABLES].sort());
    expect(new Set(names.map((r) => r.nspname))).toEqual(new Set(['public']));
  });

  it('keeps mkt_con_pillar_types for pillar types and names the pillar -> content type join separately', async () => {
    const columnsOf = async (table: string) =>
      (await rows<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1`,
        [table],
      )).map((r) => r.column_name);
    expect(await columnsOf('mkt_con_pillar_types')).toEqual(expect.arrayContaining(['code', 'name']));
    expect(await columnsOf('mkt_con_pillar_content_types')).toEqual(expect.arrayContaining(['pillar_id', 'content_type_id']));
  });

  it('gives every table a uuid primary key `id` defaulting to generate_uuid_v7()', async () => {
    const keys = await rows<{ table: string; column: string; type: string; default: string | null }>(`
      SELECT c.relname AS table, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type,
             pg_get_expr(d.adbin, d.adrelid) AS default
      FROM pg_constraint con
      JOIN pg_class c ON c.oid = con.conrelid
      JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = ANY (con.conkey)
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE con.contype = 'p' AND c.relname = ANY ($1)`, [MKT_TABLES]);
    expect(keys).toHaveLength(30);
    for (const key of keys) {
      expect(key, key.table).toMatchObject({ column: 'id', type: 'uuid', default: 'generate_uuid_v7()' });
    }
  });

  it('indexes every foreign-key column (as the leading column of some index)', async () => {
    const unindexed = await rows<{ table: string; column: string }>(`
      SELECT con.conrelid::regclass::text AS table, a.attname AS column
      FROM pg_constraint con
      JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
      WHERE con.contype = 'f' AND con.conrelid::regclass::text = ANY ($1)
        AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = con.conrelid AND i.indkey[0] = con.conkey[1])`,
      [MKT_TABLES]);
    expect(unindexed).toEqual([]);
    const fkCount = await scalar<number>(
      `SELECT count(*)::int FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY ($1)`, [MKT_TABLES]);
    expect(fkCount).toBeGreaterThan(60);
  });

  it('has a BEFORE UPDATE update_updated_at_column() trigger on every table with updated_at', async () => {
    const withUpdatedAt = (await rows<{ table_name: string }>(`
      SELECT table_name FROM information_schema.columns
      WHERE table_schema = 'public' AND column_name = 'updated_at' AND table_name = ANY ($1)`, [MKT_TABLES]))
      .map((r) => r.table_name).sort();
    const triggered = (await rows<{ table: string }>(`
      SELECT DISTINCT t.tgrelid::regclass::text AS table FROM pg_trigger t
      JOIN pg_proc p ON p.oid = t.tgfoid
      WHERE p.proname = 'update_updated_at_column' AND NOT t.tgisinternal
        AND (t.tgtype & 2) = 2 AND (t.tgtype & 16) = 16 AND t.tgrelid::regclass::text = ANY ($1)`, [MKT_TABLES]))
      .map((r) => r.table).sort();
    expect(withUpdatedAt.length).toBeGreaterThanOrEqual(20);
    expect(triggered).toEqual(withUpdatedAt);
  });

  it('adds the campaign assignment foreign keys from the files that create their targets, with CASCADE', async () => {
    const fks = await rows<{ table: string; references: string; on_delete: string }>(`
      SELECT conrelid::regclass::text AS table, confrelid::regclass::text AS references, confdeltype AS on_delete
      FROM pg_constraint
      WHERE contype = 'f' AND conname IN ('mkt_campaign_ndp_assignments_ndp_topic_id_fkey',
        'mkt_campaign_pillar_assignments_pillar_id_fkey', 'mkt_campaign_content_assignments_content_id_fkey')
      ORDER BY 1`);
    expect(fks).toEqual([
      { table: 'mkt_campaign_content_assignments', references: 'mkt_con_content', on_delete: 'c' },
      { table: 'mkt_campaign_ndp_assignments', references: 'mkt_ndp_topics', on_delete: 'c' },
      { table: 'mkt_campaign_pillar_assignments', references: 'mkt_con_pillars', on_delete: 'c' },
    ]);
  });
});

describe('seed data', () => {
  it.each([
    ['mkt_segments', 11],
    ['mkt_ndp_categories', 6],
    ['mkt_con_types', 24],
    ['mkt_con_pillar_types', 6],
    ['mkt_channels', 10],
  ])('%s has %i rows with distinct codes and names', async (table, count) => {
    const seeded = await rows<{ code: string; name: string }>(`SELECT code, name FROM public.${table}`);
    expect(seeded).toHaveLength(count);
    expect(new Set(seeded.map((r) => r.code)).size).toBe(count);
    expect(new Set(seeded.map((r) => r.name)).size).toBe(count);
  });

  it('seeds the rows the seed document names, findable by code', async () => {
    const codes = async (table: string) => (await rows<{ code: string }>(`SELECT code FROM public.${table}`)).map((r) => r.code);
    expect(await codes('mkt_ndp_categories')).toEqual(expect.arrayContaining(['need', 'desire', 'pain']));
    expect(await codes('mkt_con_types')).toEqual(expect.arrayContaining(['linkedin_post', 'blog_article']));
    expect(await codes('mkt_con_pillar_types')).toEqual(expect.arrayContaining(['research', 'case_study']));
    expect(await codes('mkt_channels')).toEqual(expect.arrayContaining(['linkedin', 'facebook', 'whatsapp']));
    expect(await codes('mkt_segments')).toEqual(expect.arrayContaining(['prospective_owners', 'property_investors', 'leisure_families']));
  });

  it('links content types to their default channel', async () => {
    const channel = await scalar<string>(`
      SELECT ch.code FROM mkt_con_types t JOIN mkt_channels ch ON ch.id = t.default_channel_id WHERE t.code = 'linkedin_post'`);
    expect(channel).toBe('linkedin');
    expect(await scalar<number>(`SELECT count(*)::int FROM mkt_con_types WHERE default_channel_id IS NOT NULL`)).toBe(21);
  });
});

describe('CHECK constraints', () => {
  it.each([
    ["UPDATE mkt_campaigns SET status = 'launched' WHERE id = $1", 'mkt_campaigns_status_check'],
    ["UPDATE mkt_campaigns SET start_date = '2026-06-30', end_date = '2026-06-01' WHERE id = $1", 'mkt_campaigns_dates_check'],
    ["UPDATE mkt_campaigns SET budget_amount = -1 WHERE id = $1", 'mkt_campaigns_budget_check'],
    ["UPDATE mkt_campaigns SET campaign_code = 'CAMP-1' WHERE id = $1", 'mkt_campaigns_campaign_code_format'],
  ])('rejects %s', async (sql, constraint) => {
    const campaign = await insertCampaign(db.pool);
    await expect(db.pool.query(sql, [campaign.id])).rejects.toMatchObject({ code: '23514', constraint });
  });

  it('rejects an unknown segment stakeholder group and a malformed code', async () => {
    await expect(db.pool.query(
      `INSERT INTO mkt_segments (code, name, stakeholder_group) VALUES ('tenants', 'Tenants', 'tenant')`,
    )).rejects.toMatchObject({ code: '23514', constraint: 'mkt_segments_stakeholder_group_check' });
    await expect(db.pool.query(
      `INSERT INTO mkt_channels (code, name, channel_type) VALUES ('Pinterest Ads', 'Pinterest', 'social')`,
    )).rejects.toMatchObject({ code: '23514', constraint: 'mkt_channels_code_format' });
  });

  it('ties content_role to parent_content_id', async () => {
    const typeId = await idByCode(db.pool, 'mkt_con_types', 'linkedin_post');
    await expect(db.pool.query(
      `INSERT INTO mkt_con_content (content_type_id, content_role, title) VALUES ($1, 'repurposed', 'Orphan')`, [typeId],
    )).rejects.toMatchObject({ code: '23514', constraint: 'mkt_con_content_role_check' });
    const master = await insertContent(db.pool);
    await expect(db.pool.query(
      `INSERT INTO mkt_con_content (content_type_id, content_role, parent_content_id, title) VALUES ($1, 'master', $2, 'x')`,
      [typeId, master.id],
    )).rejects.toMatchObject({ code: '23514', constraint: 'mkt_con_content_role_check' });
  });

  it('keeps repurposing one level deep: the parent must be master content', async () => {
    const master = await insertContent(db.pool);
    const reel = await insertContent(db.pool, { typeCode: 'instagram_reel', parentId: master.id });
    await expect(insertContent(db.pool, { typeCode: 'instagram_story', parentId: reel.id }))
      .rejects.toMatchObject({ code: '23514', constraint: 'mkt_con_content_parent_is_master' });
    const otherMaster = await insertContent(db.pool);
    await expect(db.pool.query(
      `UPDATE mkt_con_content SET content_role = 'repurposed', parent_content_id = $1 WHERE id = $2`,
      [otherMaster.id, master.id],
    )).rejects.toMatchObject({ code: '23514', constraint: 'mkt_con_content_parent_is_master' });
  });

  it('rejects out-of-range NDP intensity and persona scores', async () => {
    const topic = await insertNdpTopic(db.pool);
    await expect(db.pool.query(`UPDATE mkt_ndp_topics SET intensity = 6 WHERE id = $1`, [topic.id]))
      .rejects.toMatchObject({ code: '23514', constraint: 'mkt_ndp_topics_intensity_check' });
    const persona = await scalar<string>(`INSERT INTO mkt_persona_contacts (full_name) VALUES ('Dana Whitfield') RETURNING id`);
    const segmentId = await idByCode(db.pool, 'mkt_segments', 'prospective_owners');
    await expect(db.pool.query(
      `INSERT INTO mkt_persona_scores (persona_contact_id, segment_id, score) VALUES ($1, $2, 101)`, [persona, segmentId],
    )).rejects.toMatchObject({ code: '23514', constraint: 'mkt_persona_scores_score_check' });
  });

  it('rejects phone numbers that are not E.164', async () => {
    await expect(db.pool.query(`INSERT INTO mkt_wap_contacts (phone_e164) VALUES ('305-555-0100')`))
      .rejects.toMatchObject({ code: '23514', constraint: 'mkt_wap_contacts_phone_check' });
  });

  it('rejects messages with no group and no contact, and inbound messages not marked received', async () => {
    const account = await insertWapAccount(db.pool, nextPhone());
    const contact = await insertWapContact(db.pool, nextPhone());
    await expect(db.pool.query(
      `INSERT INTO mkt_wap_messages (account_id, direction, status, body) VALUES ($1, 'outbound', 'queued', 'Hi')`, [account],
    )).rejects.toMatchObject({ code: '23514', constraint: 'mkt_wap_messages_target_check' });
    await expect(db.pool.query(
      `INSERT INTO mkt_wap_messages (account_id, contact_id, direction, status, body) VALUES ($1, $2, 'inbound', 'sent', 'Hi')`,
      [account, contact],
    )).rejects.toMatchObject({ code: '23514', constraint: 'mkt_wap_messages_direction_status_check' });
  });
});

describe('UNIQUE constraints', () => {
  it('rejects a duplicate reference code', async () => {
    await expect(db.pool.query(
      `INSERT INTO mkt_segments (code, name, stakeholder_group) VALUES ('property_investors', 'Investors again', 'investor')`,
    )).rejects.toMatchObject({ code: '23505', constraint: 'mkt_segments_code_key' });
    await expect(db.pool.query(
      `INSERT INTO mkt_con_types (code, name, format) VALUES ('linkedin_post', 'LinkedIn Post 2', 'text')`,
    )).rejects.toMatchObject({ code: '23505', constraint: 'mkt_con_types_code_key' });
  });

  it('rejects the same campaign/segment pair twice', async () => {
    const campaign = await insertCampaign(db.pool);
    const segmentId = await idByCode(db.pool, 'mkt_segments', 'managed_owners');
    const assign = () => db.pool.query(
      `INSERT INTO mkt_campaign_segment_assignments (campaign_id, segment_id) VALUES ($1, $2)`, [campaign.id, segmentId]);
    await assign();
    await expect(assign()).rejects.toMatchObject({ code: '23505', constraint: 'mkt_campaign_segment_assignments_pair_key' });
  });

  it('rejects a duplicate tag slug, WhatsApp phone number and persona email (case-insensitive)', async () => {
    await db.pool.query(`INSERT INTO mkt_con_tags (slug, name) VALUES ('gulf-coast', 'Gulf Coast')`);
    await expect(db.pool.query(`INSERT INTO mkt_con_tags (slug, name) VALUES ('gulf-coast', 'Gulf coast (dup)')`))
      .rejects.toMatchObject({ code: '23505', constraint: 'mkt_con_tags_slug_key' });
    const phone = nextPhone();
    await insertWapContact(db.pool, phone);
    await expect(insertWapContact(db.pool, phone)).rejects.toMatchObject({ code: '23505', constraint: 'mkt_wap_contacts_phone_e164_key' });
    await db.pool.query(`INSERT INTO mkt_persona_contacts (email) VALUES ('owner@example.com')`);
    await expect(db.pool.query(`INSERT INTO mkt_persona_contacts (email) VALUES ('Owner@Example.com')`))
      .rejects.toMatchObject({ code: '23505', constraint: 'uq_mkt_persona_contacts_email' });
  });

  it('allows one KPI row per channel per day', async () => {
    const channelId = await idByCode(db.pool, 'mkt_channels', 'instagram');
    const insert = () => db.pool.query(
      `INSERT INTO mkt_social_kpis (channel_id, kpi_date, impressions, engagements) VALUES ($1, '2026-03-01', 2000, 90)`, [channelId]);
    await insert();
    await expect(insert()).rejects.toMatchObject({ code: '23505', constraint: 'mkt_social_kpis_channel_date_key' });
    expect(await scalar<string>(
      `SELECT engagement_rate::text FROM mkt_social_kpis WHERE channel_id = $1 AND kpi_date = '2026-03-01'`, [channelId],
    )).toBe('0.0450');
  });
});

describe('ON DELETE behaviour', () => {
  it('CASCADE: deleting a campaign removes its segment, NDP, pillar and content assignments', async () => {
    const campaign = await insertCampaign(db.pool);
    const topic = await insertNdpTopic(db.pool);
    const pillar = await insertPillar(db.pool);
    const content = await insertContent(db.pool);
    const segmentId = await idByCode(db.pool, 'mkt_segments', 'property_investors');
    await db.pool.query(`INSERT INTO mkt_campaign_segment_assignments (campaign_id, segment_id) VALUES ($1, $2)`, [campaign.id, segmentId]);
    await db.pool.query(`INSERT INTO mkt_campaign_ndp_assignments (campaign_id, ndp_topic_id) VALUES ($1, $2)`, [campaign.id, topic.id]);
    await db.pool.query(`INSERT INTO mkt_campaign_pillar_assignments (campaign_id, pillar_id) VALUES ($1, $2)`, [campaign.id, pillar.id]);
    await db.pool.query(`INSERT INTO mkt_campaign_content_assignments (campaign_id, content_id) VALUES ($1, $2)`, [campaign.id, content.id]);
    const count = () => scalar<number>(`
      SELECT (SELECT count(*) FROM mkt_campaign_segment_assignments WHERE campaign_id = $1)
           + (SELECT count(*) FROM mkt_campaign_ndp_assignments WHERE campaign_id = $1)
           + (SELECT count(*) FROM mkt_campaign_pillar_assignments WHERE campaign_id = $1)
           + (SELECT count(*) FROM mkt_campaign_content_assignments WHERE campaign_id = $1)`, [campaign.id]);
    expect(Number(await count())).toBe(4);
    await db.pool.query(`DELETE FROM mkt_campaigns WHERE id = $1`, [campaign.id]);
    expect(Number(await count())).toBe(0);
    // The assigned topic, pillar and content themselves survive.
    expect(await scalar<number>(`SELECT count(*)::int FROM mkt_con_content WHERE id = $1`, [content.id])).toBe(1);
  });

  it('CASCADE across files: deleting an NDP topic removes its campaign assignments', async () => {
    const campaign = await insertCampaign(db.pool);
    const topic = await insertNdpTopic(db.pool, 'fear');
    await db.pool.query(`INSERT INTO mkt_campaign_ndp_assignments (campaign_id, ndp_topic_id) VALUES ($1, $2)`, [campaign.id, topic.id]);
    await db.pool.query(`DELETE FROM mkt_ndp_topics WHERE id = $1`, [topic.id]);
    expect(await scalar<number>(`SELECT count(*)::int FROM mkt_campaign_ndp_assignments WHERE campaign_id = $1`, [campaign.id])).toBe(0);
  });

  it('rejects an assignment to a topic, pillar or content that does not exist (the deferred FKs are real)', async () => {
    const campaign = await insertCampaign(db.pool);
    const missing = '01890000-0000-7000-8000-000000000000';
    for (const [table, column] of [
      ['mkt_campaign_ndp_assignments', 'ndp_topic_id'],
      ['mkt_campaign_pillar_assignments', 'pillar_id'],
      ['mkt_campaign_content_assignments', 'content_id'],
    ] as const) {
      await expect(db.pool.query(`INSERT INTO ${table} (campaign_id, ${column}) VALUES ($1, $2)`, [campaign.id, missing]))
        .rejects.toMatchObject({ code: '23503' });
    }
  });

  it('CASCADE: deleting content removes its schedule slots and tag assignments', async () => {
    const content = await insertContent(db.pool);
    const channelId = await idByCode(db.pool, 'mkt_channels', 'website');
    const tagId = await scalar<string>(`INSERT INTO mkt_con_tags (slug, name, tag_group) VALUES ('owner-education', 'Owner education', 'audience') RETURNING id`);
    await db.pool.query(`INSERT INTO mkt_con_schedule (content_id, channel_id, scheduled_for) VALUES ($1, $2, now() + interval '1 day')`, [content.id, channelId]);
    await db.pool.query(`INSERT INTO mkt_con_tag_assignments (content_id, tag_id) VALUES ($1, $2)`, [content.id, tagId]);
    await db.pool.query(`DELETE FROM mkt_con_content WHERE id = $1`, [content.id]);
    expect(await scalar<number>(`SELECT count(*)::int FROM mkt_con_schedule WHERE content_id = $1`, [content.id])).toBe(0);
    expect(await scalar<number>(`SELECT count(*)::int FROM mkt_con_tag_assignments WHERE content_id = $1`, [content.id])).toBe(0);
    expect(await scalar<number>(`SELECT count(*)::int FROM mkt_con_tags WHERE id = $1`, [tagId])).toBe(1);
  });

  it('SET NULL: deleting a profile clears owner/created_by but keeps the campaign', async () => {
    const profile = await insertProfile(db.pool, 'Ava Moreno');
    const campaign = await insertCampaign(db.pool, { ownerId: profile, createdBy: profile });
    await db.pool.query(`DELETE FROM profiles WHERE id = $1`, [profile]);
    const [row] = await rows<{ owner_id: string | null; created_by: string | null }>(
      `SELECT owner_id, created_by FROM mkt_campaigns WHERE id = $1`, [campaign.id]);
    expect(row).toEqual({ owner_id: null, created_by: null });
  });

  it('SET NULL: deleting a campaign keeps its WhatsApp messages and schedule slots, unlinked', async () => {
    const campaign = await insertCampaign(db.pool);
    const account = await insertWapAccount(db.pool, nextPhone());
    const contact = await insertWapContact(db.pool, nextPhone());
    const content = await insertContent(db.pool, { typeCode: 'whatsapp_broadcast' });
    const channelId = await idByCode(db.pool, 'mkt_channels', 'whatsapp');
    const message = await scalar<string>(`
      INSERT INTO mkt_wap_messages (account_id, campaign_id, content_id, contact_id, direction, status, message_type, template_name)
      VALUES ($1, $2, $3, $4, 'outbound', 'queued', 'template', 'owner_guide') RETURNING id`,
      [account, campaign.id, content.id, contact]);
    const slot = await scalar<string>(`
      INSERT INTO mkt_con_schedule (content_id, channel_id, campaign_id, scheduled_for) VALUES ($1, $2, $3, now()) RETURNING id`,
      [content.id, channelId, campaign.id]);
    await db.pool.query(`DELETE FROM mkt_campaigns WHERE id = $1`, [campaign.id]);
    expect(await scalar<string | null>(`SELECT campaign_id FROM mkt_wap_messages WHERE id = $1`, [message])).toBeNull();
    expect(await scalar<string | null>(`SELECT campaign_id FROM mkt_con_schedule WHERE id = $1`, [slot])).toBeNull();
  });

  it('RESTRICT: a pillar type, a channel with KPI history and a master with repurposed pieces cannot be deleted', async () => {
    await insertPillar(db.pool, 'market_insight');
    await expect(db.pool.query(`DELETE FROM mkt_con_pillar_types WHERE code = 'market_insight'`))
      .rejects.toMatchObject({ code: '23503' });
    const channelId = await idByCode(db.pool, 'mkt_channels', 'tiktok');
    await db.pool.query(`INSERT INTO mkt_social_kpis (channel_id, kpi_date, followers) VALUES ($1, '2026-03-02', 1200)`, [channelId]);
    await expect(db.pool.query(`DELETE FROM mkt_channels WHERE id = $1`, [channelId])).rejects.toMatchObject({ code: '23503' });
    const master = await insertContent(db.pool);
    await insertContent(db.pool, { typeCode: 'linkedin_carousel', parentId: master.id });
    await expect(db.pool.query(`DELETE FROM mkt_con_content WHERE id = $1`, [master.id])).rejects.toMatchObject({ code: '23503' });
  });

  it('erasing a platform contact erases its persona, scores, attributes and memberships, and unlinks its WhatsApp contact', async () => {
    const contactId = await scalar<string>(`INSERT INTO directory.contacts (full_name) VALUES ('Marcus Lee') RETURNING id`);
    const persona = await scalar<string>(
      `INSERT INTO mkt_persona_contacts (contact_id, full_name, region) VALUES ($1, 'Marcus Lee', 'Gulf Coast') RETURNING id`, [contactId]);
    const segmentId = await idByCode(db.pool, 'mkt_segments', 'property_investors');
    await db.pool.query(`INSERT INTO mkt_persona_scores (persona_contact_id, segment_id, score) VALUES ($1, $2, 82.5)`, [persona, segmentId]);
    await db.pool.query(
      `INSERT INTO mkt_persona_attributes (persona_contact_id, attribute_key, attribute_value, value_type) VALUES ($1, 'properties_owned', '3', 'number')`, [persona]);
    const account = await insertWapAccount(db.pool, nextPhone());
    const group = await scalar<string>(
      `INSERT INTO mkt_wap_groups (account_id, name, group_type) VALUES ($1, 'Gulf Coast Investors Circle', 'investors') RETURNING id`, [account]);
    await db.pool.query(`INSERT INTO mkt_persona_group_memberships (persona_contact_id, group_id) VALUES ($1, $2)`, [persona, group]);
    const wapContact = await insertWapContact(db.pool, nextPhone(), { personaContactId: persona });

    await db.pool.query(`DELETE FROM directory.contacts WHERE id = $1`, [contactId]);

    const left = await scalar<number>(`
      SELECT (SELECT count(*) FROM mkt_persona_contacts WHERE id = $1) + (SELECT count(*) FROM mkt_persona_scores WHERE persona_contact_id = $1)
           + (SELECT count(*) FROM mkt_persona_attributes WHERE persona_contact_id = $1)
           + (SELECT count(*) FROM mkt_persona_group_memberships WHERE persona_contact_id = $1)`, [persona]);
    expect(Number(left)).toBe(0);
    expect(await scalar<string | null>(`SELECT persona_contact_id FROM mkt_wap_contacts WHERE id = $1`, [wapContact])).toBeNull();
    expect(await scalar<number>(`SELECT count(*)::int FROM mkt_wap_groups WHERE id = $1`, [group])).toBe(1);
  });
});

describe('WhatsApp rules', () => {
  it('refuses a plain Meta access token and ciphertext without its key id', async () => {
    const account = await insertWapAccount(db.pool, nextPhone());
    await expect(db.pool.query(
      `UPDATE mkt_wap_accounts SET access_token_encrypted = convert_to('EAAGm0PX4ZCpsBAplaintext', 'UTF8'), token_kms_key_id = 'alias/wa' WHERE id = $1`,
      [account],
    )).rejects.toMatchObject({ code: '23514', constraint: 'mkt_wap_accounts_token_not_plaintext_check' });
    await expect(db.pool.query(
      `UPDATE mkt_wap_accounts SET access_token_encrypted = '\\x0102030405'::bytea WHERE id = $1`, [account],
    )).rejects.toMatchObject({ code: '23514', constraint: 'mkt_wap_accounts_token_key_check' });
    await db.pool.query(
      `UPDATE mkt_wap_accounts SET access_token_encrypted = '\\x0102030405'::bytea, token_kms_key_id = 'alias/wa', status = 'active' WHERE id = $1`,
      [account]);
    expect(await scalar<string>(`SELECT status FROM mkt_wap_accounts WHERE id = $1`, [account])).toBe('active');
  });

  it('blocks outbound messages to a contact who opted out, but still records their inbound messages', async () => {
    const account = await insertWapAccount(db.pool, nextPhone());
    const contact = await insertWapContact(db.pool, nextPhone(), { optedOut: true });
    await expect(db.pool.query(
      `INSERT INTO mkt_wap_messages (account_id, contact_id, direction, status, body) VALUES ($1, $2, 'outbound', 'queued', 'Offer')`,
      [account, contact],
    )).rejects.toMatchObject({ code: '23514', constraint: 'mkt_wap_messages_contact_opted_out' });
    await db.pool.query(
      `INSERT INTO mkt_wap_messages (account_id, contact_id, direction, status, body) VALUES ($1, $2, 'inbound', 'received', 'STOP')`,
      [account, contact]);
    expect(await scalar<number>(`SELECT count(*)::int FROM mkt_wap_messages WHERE contact_id = $1`, [contact])).toBe(1);
  });
});

describe('UUIDv7 primary keys', () => {
  it('sets version 7 and variant 10, embeds the insert time, and orders ids by time', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(await scalar<string>(`INSERT INTO mkt_con_tags (slug, name) VALUES ($1, $1) RETURNING id`, [`uuid-order-${i}`]));
      await sleep(3);
    }
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    const skew = await rows<{ ms: string }>(`
      SELECT abs(('x' || substr(replace(id::text, '-', ''), 1, 12))::bit(48)::bigint
                 - (extract(epoch FROM created_at) * 1000)::bigint) AS ms
      FROM mkt_con_tags WHERE id = ANY ($1::uuid[])`, [ids]);
    expect(skew).toHaveLength(5);
    for (const { ms } of skew) expect(Number(ms)).toBeLessThan(5000);
    const byId = await rows<{ slug: string }>(`SELECT slug FROM mkt_con_tags WHERE id = ANY ($1::uuid[]) ORDER BY id`, [ids]);
    expect(byId.map((r) => r.slug)).toEqual([0, 1, 2, 3, 4].map((i) => `uuid-order-${i}`));
  });
});

describe('business codes', () => {
  it('numbers campaigns, NDP topics, pillars and content from 010001 with their prefixes', async () => {
    // A database of its own, so the sequences are untouched by the other tests.
    const fresh = await createTestDatabase();
    try {
      expect((await insertCampaign(fresh.pool)).campaign_code).toBe('MCMP-010001');
      expect((await insertCampaign(fresh.pool)).campaign_code).toBe('MCMP-010002');
      expect((await insertNdpTopic(fresh.pool)).topic_code).toBe('MNDP-010001');
      expect((await insertPillar(fresh.pool)).pillar_code).toBe('MPIL-010001');
      expect((await insertContent(fresh.pool)).content_code).toBe('MCON-010001');
    } finally {
      await fresh.drop();
    }
  });

  it('rejects a duplicate business code', async () => {
    const campaign = await insertCampaign(db.pool);
    await expect(db.pool.query(`INSERT INTO mkt_campaigns (campaign_code, name) VALUES ($1, 'Copy')`, [campaign.campaign_code]))
      .rejects.toMatchObject({ code: '23505', constraint: 'mkt_campaigns_campaign_code_key' });
  });
});

describe('updated_at triggers', () => {
  it('bumps updated_at on update and leaves created_at alone', async () => {
    const campaign = await insertCampaign(db.pool);
    const before = (await rows<{ created_at: Date; updated_at: Date }>(
      `SELECT created_at, updated_at FROM mkt_campaigns WHERE id = $1`, [campaign.id]))[0];
    await sleep(20);
    await db.pool.query(`UPDATE mkt_campaigns SET status = 'active' WHERE id = $1`, [campaign.id]);
    const after = (await rows<{ created_at: Date; updated_at: Date }>(
      `SELECT created_at, updated_at FROM mkt_campaigns WHERE id = $1`, [campaign.id]))[0];
    expect(after?.created_at).toEqual(before?.created_at);
    expect(after?.updated_at.getTime()).toBeGreaterThan(before?.updated_at.getTime() ?? Infinity);
  });

  it.each<[MktReferenceTable, string]>([
    ['mkt_segments', 'repeat_guests'],
    ['mkt_channels', 'email'],
    ['mkt_ndp_categories', 'objection'],
    ['mkt_con_types', 'webinar'],
    ['mkt_con_pillar_types', 'research'],
  ])('bumps updated_at on seeded %s rows', async (table, code) => {
    const id = await idByCode(db.pool, table, code);
    const before = await scalar<Date>(`SELECT updated_at FROM public.${table} WHERE id = $1`, [id]);
    await sleep(20);
    await db.pool.query(`UPDATE public.${table} SET sort_order = sort_order + 1 WHERE id = $1`, [id]);
    const after = await scalar<Date>(`SELECT updated_at FROM public.${table} WHERE id = $1`, [id]);
    expect(after.getTime()).toBeGreaterThan(before.getTime());
  });
});
