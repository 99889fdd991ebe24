/**
 * Behaviour of the `marketing` schema on a real PostgreSQL: business IDs,
 * UUIDv7 keys, CHECK and UNIQUE rejections, ON DELETE actions, the content
 * versioning triggers and the segment member counts.
 */
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

type Row = Record<string, unknown>;

let db: TestDatabase;

async function one<T = Row>(sql: string, params: unknown[] = []): Promise<T> {
  const { rows } = await db.pool.query(sql, params);
  if (rows.length !== 1) throw new Error(`expected one row, got ${rows.length}: ${sql}`);
  return rows[0] as T;
}

async function rows<T = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.pool.query(sql, params)).rows as T[];
}

const newProperty = async (): Promise<string> =>
  (await one<{ id: string }>("INSERT INTO property.properties (name) VALUES ('Villa') RETURNING id")).id;
const newContact = async (): Promise<string> =>
  (await one<{ id: string }>("INSERT INTO directory.contacts (full_name) VALUES ('Guest') RETURNING id")).id;
const newContent = async (fields: Row = {}): Promise<{ id: string; content_id: string; version: number }> => {
  const values = { title: 'Summer at the villa', content_type: 'blog', created_by: 'creator', ...fields };
  const names = Object.keys(values);
  return one(
    `INSERT INTO marketing.content (${names.join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')})
     RETURNING id, content_id, version`,
    Object.values(values),
  );
};
const newCampaign = async (): Promise<string> =>
  (await one<{ id: string }>("INSERT INTO marketing.campaigns (campaign_name, campaign_type) VALUES ('Spring', 'email') RETURNING id")).id;
const newSegment = async (): Promise<string> =>
  (await one<{ id: string }>("INSERT INTO marketing.segments (segment_name) VALUES ('Repeat guests') RETURNING id")).id;
const newAsset = async (): Promise<string> =>
  (await one<{ id: string }>(
    "INSERT INTO marketing.content_library (filename, asset_type, file_url) VALUES ('pool.jpg', 'image', 's3://b/pool.jpg') RETURNING id",
  )).id;
const memberCount = async (segmentId: string): Promise<number> =>
  (await one<{ member_count: number }>('SELECT member_count FROM marketing.segments WHERE id = $1', [segmentId])).member_count;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db.drop();
});

describe('business IDs', () => {
  // A database of its own, so every sequence is untouched when the test starts.
  let fresh: TestDatabase;
  beforeAll(async () => {
    fresh = await createTestDatabase();
  });
  afterAll(async () => {
    await fresh.drop();
  });

  it('number each table PREFIX-010001, PREFIX-010002 in insert order from its own sequence', async () => {
    const q = async (sql: string, params: unknown[] = []) => (await fresh.pool.query(sql, params)).rows[0] as Record<string, string>;
    const twice = async (sql: string, params: unknown[] = []) => [await q(sql, params), await q(sql, params)];
    const ids = (pair: Record<string, string>[], column: string) => pair.map((r) => r[column]);

    const property = (await q("INSERT INTO property.properties (name) VALUES ('P') RETURNING id")).id;
    const contact = (await q("INSERT INTO directory.contacts (full_name) VALUES ('C') RETURNING id")).id;
    const content = await twice("INSERT INTO marketing.content (title, content_type) VALUES ('T', 'blog') RETURNING *");
    const assets = await twice(
      "INSERT INTO marketing.content_library (filename, asset_type, file_url) VALUES ('f', 'image', 'u') RETURNING *",
    );
    const strategies = await twice(
      "INSERT INTO marketing.content_strategy (property_id, strategy_name) VALUES ($1, 'S') RETURNING *", [property],
    );
    const segments = await twice("INSERT INTO marketing.segments (segment_name) VALUES ('S') RETURNING *");
    const campaigns = await twice("INSERT INTO marketing.campaigns (campaign_name, campaign_type) VALUES ('C', 'sms') RETURNING *");
    const events = await twice(
      "INSERT INTO marketing.campaign_events (campaign_id, contact_id, event_type) VALUES ($1, $2, 'sent') RETURNING *",
      [campaigns[0]?.id, contact],
    );
    const accounts = await twice(
      "INSERT INTO marketing.social_accounts (platform, account_name) VALUES ('instagram', 'A') RETURNING *",
    );
    const posts = await twice(
      "INSERT INTO marketing.social_posts (account_id, post_type) VALUES ($1, 'post') RETURNING *", [accounts[0]?.id],
    );
    const calendars = await twice("INSERT INTO marketing.content_calendars (calendar_name) VALUES ('C') RETURNING *");
    const items = await twice(
      "INSERT INTO marketing.calendar_items (calendar_id, title, scheduled_date) VALUES ($1, 'I', '2026-01-01') RETURNING *",
      [calendars[0]?.id],
    );
    const websites = await twice("INSERT INTO marketing.websites (website_name) VALUES ('W') RETURNING *");

    expect({
      content: ids(content, 'content_id'),
      content_library: ids(assets, 'asset_id'),
      content_strategy: ids(strategies, 'strategy_id'),
      segments: ids(segments, 'segment_id'),
      campaigns: ids(campaigns, 'campaign_id'),
      campaign_events: ids(events, 'campaign_event_id'),
      social_accounts: ids(accounts, 'social_account_id'),
      social_posts: ids(posts, 'social_post_id'),
      content_calendars: ids(calendars, 'calendar_id'),
      calendar_items: ids(items, 'calendar_item_id'),
      websites: ids(websites, 'website_id'),
    }).toEqual({
      content: ['CON-010001', 'CON-010002'],
      content_library: ['ASSET-010001', 'ASSET-010002'],
      content_strategy: ['STRAT-010001', 'STRAT-010002'],
      segments: ['SEG-010001', 'SEG-010002'],
      campaigns: ['CMP-010001', 'CMP-010002'],
      campaign_events: ['CEVT-010001', 'CEVT-010002'],
      social_accounts: ['SA-010001', 'SA-010002'],
      social_posts: ['SP-010001', 'SP-010002'],
      content_calendars: ['CAL-010001', 'CAL-010002'],
      calendar_items: ['CI-010001', 'CI-010002'],
      websites: ['WEB-010001', 'WEB-010002'],
    });
  });
});

describe('primary keys', () => {
  it('are UUIDv7: version nibble 7, RFC variant, current timestamp, increasing over time', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      ids.push((await newContent()).id);
      await sleep(3);
    }
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const millis = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
      expect(Math.abs(millis - Date.now())).toBeLessThan(60_000);
    }
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(3);
  });
});

describe('CHECK constraints', () => {
  const rejected: { name: string; constraint: string; sql: string; params: () => Promise<unknown[]> }[] = [
    {
      name: 'content.content_type outside the list',
      constraint: 'content_content_type_check',
      sql: "INSERT INTO marketing.content (title, content_type) VALUES ('T', 'podcast')",
      params: async () => [],
    },
    {
      name: 'content.status outside the list',
      constraint: 'content_status_check',
      sql: "INSERT INTO marketing.content (title, content_type, status) VALUES ('T', 'blog', 'live')",
      params: async () => [],
    },
    {
      name: 'content_library.asset_type outside the list',
      constraint: 'content_library_asset_type_check',
      sql: "INSERT INTO marketing.content_library (filename, asset_type, file_url) VALUES ('f', 'gif', 'u')",
      params: async () => [],
    },
    {
      name: 'content_library.orientation outside the list',
      constraint: 'content_library_orientation_check',
      sql: "INSERT INTO marketing.content_library (filename, asset_type, file_url, orientation) VALUES ('f', 'image', 'u', 'diagonal')",
      params: async () => [],
    },
    {
      name: 'social_accounts.platform outside the list',
      constraint: 'social_accounts_platform_check',
      sql: "INSERT INTO marketing.social_accounts (platform, account_name) VALUES ('myspace', 'A')",
      params: async () => [],
    },
    {
      name: 'social_posts.post_type outside the list',
      constraint: 'social_posts_post_type_check',
      sql: "INSERT INTO marketing.social_posts (account_id, post_type) VALUES ($1, 'tweet')",
      params: async () => [
        (await one<{ id: string }>("INSERT INTO marketing.social_accounts (platform, account_name) VALUES ('tiktok', 'A') RETURNING id")).id,
      ],
    },
    {
      name: 'campaign_events.event_type outside the list',
      constraint: 'campaign_events_event_type_check',
      sql: "INSERT INTO marketing.campaign_events (campaign_id, contact_id, event_type) VALUES ($1, $2, 'viewed')",
      params: async () => [await newCampaign(), await newContact()],
    },
    {
      name: 'content_usage with neither content_id nor library_asset_id',
      constraint: 'content_usage_content_or_asset_check',
      sql: "INSERT INTO marketing.content_usage (usage_type, usage_id) VALUES ('website', public.generate_uuid_v7())",
      params: async () => [],
    },
  ];

  it.each(rejected)('reject $name', async ({ sql, params, constraint }) => {
    await expect(db.pool.query(sql, await params())).rejects.toMatchObject({ code: '23514', constraint });
  });

  it('accept content_usage with only a content piece or only an asset', async () => {
    const content = await newContent();
    const asset = await newAsset();
    const inserted = await rows(
      `INSERT INTO marketing.content_usage (content_id, library_asset_id, usage_type, usage_id)
       VALUES ($1, NULL, 'email', public.generate_uuid_v7()), (NULL, $2, 'website', public.generate_uuid_v7())
       RETURNING id`,
      [content.id, asset],
    );
    expect(inserted).toHaveLength(2);
  });
});

describe('UNIQUE constraints', () => {
  it('refuse a second content_versions row with the same (content_id, version_number)', async () => {
    const content = await newContent();
    await expect(
      db.pool.query(
        "INSERT INTO marketing.content_versions (content_id, version_number, content_snapshot) VALUES ($1, 1, '{}')",
        [content.id],
      ),
    ).rejects.toMatchObject({ code: '23505', constraint: 'content_versions_content_id_version_number_key' });
  });

  it('allow any number of company-wide social accounts per platform but one per property and platform', async () => {
    const company = await rows(
      "INSERT INTO marketing.social_accounts (platform, account_name) VALUES ('linkedin', 'Brand'), ('linkedin', 'Careers') RETURNING id",
    );
    expect(company).toHaveLength(2);

    const property = await newProperty();
    const insert = (platform: string) =>
      db.pool.query('INSERT INTO marketing.social_accounts (property_id, platform, account_name) VALUES ($1, $2, $3)', [
        property,
        platform,
        `${platform} of the villa`,
      ]);
    await insert('pinterest');
    await insert('youtube');
    await expect(insert('pinterest')).rejects.toMatchObject({ code: '23505', constraint: 'uq_social_accounts_property_platform' });
  });

  it('refuse a page path twice on one website, allow it on another', async () => {
    const [siteA, siteB] = await rows<{ id: string }>(
      "INSERT INTO marketing.websites (website_name) VALUES ('A'), ('B') RETURNING id",
    );
    const page = (site: string | undefined) =>
      db.pool.query("INSERT INTO marketing.website_pages (website_id, page_path, page_title) VALUES ($1, '/about', 'About')", [site]);
    await page(siteA?.id);
    await page(siteB?.id);
    await expect(page(siteA?.id)).rejects.toMatchObject({ code: '23505', constraint: 'website_pages_website_id_page_path_key' });
  });
});

describe('ON DELETE actions', () => {
  it('deleting a property removes its property_content links and detaches its content (SET NULL)', async () => {
    const property = await newProperty();
    const asset = await newAsset();
    const content = await newContent({ property_id: property });
    await db.pool.query('INSERT INTO marketing.property_content (property_id, library_asset_id, is_hero) VALUES ($1, $2, true)', [
      property,
      asset,
    ]);

    await db.pool.query('DELETE FROM property.properties WHERE id = $1', [property]);

    expect(await rows('SELECT 1 FROM marketing.property_content WHERE property_id = $1', [property])).toHaveLength(0);
    expect(await one('SELECT property_id FROM marketing.content WHERE id = $1', [content.id])).toEqual({ property_id: null });
    expect(await rows('SELECT 1 FROM marketing.content_library WHERE id = $1', [asset])).toHaveLength(1);
  });

  it('deleting a library asset removes the listing photos that show it (external referrer, CASCADE)', async () => {
    const asset = await newAsset();
    const photo = await one<{ id: string }>(
      'INSERT INTO property_listings.listing_photos (property_id, library_asset_id) VALUES ($1, $2) RETURNING id',
      [await newProperty(), asset],
    );
    await db.pool.query('DELETE FROM marketing.content_library WHERE id = $1', [asset]);
    expect(await rows('SELECT 1 FROM property_listings.listing_photos WHERE id = $1', [photo.id])).toHaveLength(0);
  });

  it('deleting a template sets template_id NULL on content made from it', async () => {
    const template = await newContent({ is_template: true, title: 'Template' });
    const derived = await newContent({ template_id: template.id });
    await db.pool.query('DELETE FROM marketing.content WHERE id = $1', [template.id]);
    expect(await one('SELECT template_id FROM marketing.content WHERE id = $1', [derived.id])).toEqual({ template_id: null });
  });

  it('deleting content removes its versions (CASCADE)', async () => {
    const content = await newContent();
    await db.pool.query("UPDATE marketing.content SET title = 'Edited' WHERE id = $1", [content.id]);
    expect(await rows('SELECT 1 FROM marketing.content_versions WHERE content_id = $1', [content.id])).toHaveLength(2);
    await db.pool.query('DELETE FROM marketing.content WHERE id = $1', [content.id]);
    expect(await rows('SELECT 1 FROM marketing.content_versions WHERE content_id = $1', [content.id])).toHaveLength(0);
  });

  it('deleting a campaign keeps attribution rows with first/last touch set NULL', async () => {
    const first = await newCampaign();
    const last = await newCampaign();
    const reservation = (await one<{ id: string }>('INSERT INTO reservations.reservations DEFAULT VALUES RETURNING id')).id;
    const attribution = await one<{ id: string }>(
      `INSERT INTO marketing.attribution (reservation_id, first_touch_campaign_id, last_touch_campaign_id, first_touch_channel, revenue_attributed)
       VALUES ($1, $2, $3, 'email', 420.50) RETURNING id`,
      [reservation, first, last],
    );
    await db.pool.query('DELETE FROM marketing.campaigns WHERE id = ANY ($1::uuid[])', [[first, last]]);
    expect(
      await one(
        'SELECT first_touch_campaign_id, last_touch_campaign_id, first_touch_channel, revenue_attributed FROM marketing.attribution WHERE id = $1',
        [attribution.id],
      ),
    ).toEqual({ first_touch_campaign_id: null, last_touch_campaign_id: null, first_touch_channel: 'email', revenue_attributed: '420.50' });
  });
});

describe('content versioning', () => {
  const versions = (contentId: string) =>
    rows<{ version_number: number; title: string; snapshot_version: number; changed_by: string | null; change_summary: string | null }>(
      `SELECT version_number, content_snapshot->>'title' AS title, (content_snapshot->>'version')::int AS snapshot_version,
              changed_by, change_summary
       FROM marketing.content_versions WHERE content_id = $1 ORDER BY version_number`,
      [contentId],
    );
  /** The API's pattern: the actor and summary set in the same statement, transaction-local. */
  const editAs = (actor: string, summary: string, contentId: string, set: string) =>
    db.pool.query(
      `WITH cfg AS (SELECT set_config('app.actor', $2, true) AS actor, set_config('app.change_summary', $3, true) AS summary)
       UPDATE marketing.content c SET ${set} FROM cfg WHERE c.id = $1 RETURNING c.version`,
      [contentId, actor, summary],
    );

  it('writes version 1 as a full snapshot on insert, whatever version the caller gives', async () => {
    const content = await newContent({ version: 7, title: 'First draft' });
    expect(content.version).toBe(1);
    expect(await versions(content.id)).toEqual([
      { version_number: 1, title: 'First draft', snapshot_version: 1, changed_by: 'creator', change_summary: null },
    ]);
    const snapshot = await one<{ s: Row }>('SELECT content_snapshot AS s FROM marketing.content_versions WHERE content_id = $1', [
      content.id,
    ]);
    const row = await one<Row>('SELECT to_jsonb(c) AS r FROM marketing.content c WHERE id = $1', [content.id]);
    expect(snapshot.s).toEqual(row.r);
  });

  it('bumps the version by one and snapshots the new content on a substantive edit, by the actor', async () => {
    const content = await newContent({ title: 'Old title' });
    const result = await editAs('alice@example.com', 'New headline', content.id, "title = 'New title', version = 40");
    expect(result.rows[0]).toEqual({ version: 2 });
    expect(await versions(content.id)).toEqual([
      { version_number: 1, title: 'Old title', snapshot_version: 1, changed_by: 'creator', change_summary: null },
      { version_number: 2, title: 'New title', snapshot_version: 2, changed_by: 'alice@example.com', change_summary: 'New headline' },
    ]);
  });

  it('does not version a status-only (or publish/score) edit and ignores a caller-supplied version', async () => {
    const content = await newContent();
    await editAs('bob', 'publish', content.id, "status = 'published', published_at = now(), performance_score = 87.5, version = 9");
    expect(await one('SELECT version, status FROM marketing.content WHERE id = $1', [content.id])).toEqual({
      version: 1,
      status: 'published',
    });
    expect(await versions(content.id)).toHaveLength(1);
  });

  it('keeps version numbers gapless over many edits, mixed with non-substantive ones', async () => {
    const content = await newContent();
    for (const [i, set] of ["title = 'a'", "status = 'review'", "tags = '{x}'", "status = 'approved'", "content_body = 'b'"].entries()) {
      await editAs(`editor${i}`, `edit ${i}`, content.id, set);
    }
    // An update that changes nothing at all is not a version either.
    await db.pool.query('UPDATE marketing.content SET title = title WHERE id = $1', [content.id]);
    const history = await versions(content.id);
    expect(history.map((v) => v.version_number)).toEqual([1, 2, 3, 4]);
    expect(history.map((v) => v.changed_by)).toEqual(['creator', 'editor0', 'editor2', 'editor4']);
    expect(await one('SELECT version FROM marketing.content WHERE id = $1', [content.id])).toEqual({ version: 4 });
  });

  it('falls back to created_by when no actor is set (also after an earlier transaction set one)', async () => {
    const content = await newContent({ created_by: 'owner' });
    const client: pg.PoolClient = await db.pool.connect();
    try {
      await client.query("SELECT set_config('app.actor', 'earlier', true)");
      await client.query("UPDATE marketing.content SET excerpt = 'short' WHERE id = $1", [content.id]);
    } finally {
      client.release();
    }
    expect((await versions(content.id)).map((v) => v.changed_by)).toEqual(['owner', 'owner']);
  });
});

describe('segment member_count', () => {
  it('follows inserts, removals, deletes and multi-row statements', async () => {
    const segment = await newSegment();
    const contacts = await Promise.all([1, 2, 3, 4, 5].map(() => newContact()));
    expect(await memberCount(segment)).toBe(0);

    await db.pool.query(
      'INSERT INTO marketing.segment_members (segment_id, contact_id) SELECT $1, unnest($2::uuid[])',
      [segment, contacts.slice(0, 3)],
    );
    expect(await memberCount(segment)).toBe(3);

    await db.pool.query('UPDATE marketing.segment_members SET removed_at = now() WHERE segment_id = $1 AND contact_id = $2', [
      segment,
      contacts[0],
    ]);
    expect(await memberCount(segment)).toBe(2);

    await db.pool.query('DELETE FROM marketing.segment_members WHERE segment_id = $1 AND contact_id = $2', [segment, contacts[1]]);
    expect(await memberCount(segment)).toBe(1);

    await db.pool.query(
      'INSERT INTO marketing.segment_members (segment_id, contact_id) SELECT $1, unnest($2::uuid[])',
      [segment, contacts.slice(3)],
    );
    expect(await memberCount(segment)).toBe(3);

    await db.pool.query('UPDATE marketing.segment_members SET removed_at = NULL WHERE segment_id = $1', [segment]);
    expect(await memberCount(segment)).toBe(4);

    // A deleted contact leaves every segment it was in (CASCADE), and the count follows.
    await db.pool.query('DELETE FROM directory.contacts WHERE id = $1', [contacts[4]]);
    expect(await memberCount(segment)).toBe(3);
  });

  it('moves with a member that changes segment, counting both segments', async () => {
    const from = await newSegment();
    const to = await newSegment();
    const contacts = await Promise.all([1, 2].map(() => newContact()));
    await db.pool.query('INSERT INTO marketing.segment_members (segment_id, contact_id) SELECT $1, unnest($2::uuid[])', [from, contacts]);
    await db.pool.query('UPDATE marketing.segment_members SET segment_id = $2 WHERE segment_id = $1 AND contact_id = $3', [
      from,
      to,
      contacts[0],
    ]);
    expect([await memberCount(from), await memberCount(to)]).toEqual([1, 1]);
  });

  it('cannot be set by a direct write', async () => {
    const segment = (await one<{ id: string; member_count: number }>(
      "INSERT INTO marketing.segments (segment_name, member_count) VALUES ('Forged', 500) RETURNING id, member_count",
    ));
    expect(segment.member_count).toBe(0);
    await db.pool.query('INSERT INTO marketing.segment_members (segment_id, contact_id) VALUES ($1, $2)', [segment.id, await newContact()]);
    await db.pool.query("UPDATE marketing.segments SET member_count = 99, segment_name = 'Renamed' WHERE id = $1", [segment.id]);
    expect(await one('SELECT member_count, segment_name FROM marketing.segments WHERE id = $1', [segment.id])).toEqual({
      member_count: 1,
      segment_name: 'Renamed',
    });
  });

  it('stays right when two transactions add members to one segment at the same time', async () => {
    const segment = await newSegment();
    const [c1, c2] = await Promise.all([newContact(), newContact()]);
    const a = await db.pool.connect();
    const b = await db.pool.connect();
    try {
      await a.query('BEGIN');
      await b.query('BEGIN');
      await a.query('INSERT INTO marketing.segment_members (segment_id, contact_id) VALUES ($1, $2)', [segment, c1]);
      // b's recount waits for a's lock on the segment row, then counts a's committed member too.
      const bInsert = b.query('INSERT INTO marketing.segment_members (segment_id, contact_id) VALUES ($1, $2)', [segment, c2]);
      await sleep(100);
      await a.query('COMMIT');
      await bInsert;
      await b.query('COMMIT');
    } finally {
      a.release();
      b.release();
    }
    expect(await memberCount(segment)).toBe(2);
  });
});
