/**
 * Bulk ingest of 10,000 campaign events through the API path — the campaigns
 * domain handler (body reading, zod's compiled check per item, the columns as
 * array literals and one JSON blob, the one statement) over the SDK and the
 * local Data API endpoint — against COPY of the same rows into the same table
 * over pg, the fastest way PostgreSQL has.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { claimsFor, httpEvent, lambdaContext } from '../test/unit/http-fixtures.js';
import type { BenchCase } from './harness.js';

const EVENTS = 10_000;
const TYPES = ['sent', 'delivered', 'opened', 'clicked'];

/** ~315 bytes each as JSON, the size the issue budgets for. */
function events(contacts: readonly string[]) {
  return Array.from({ length: EVENTS }, (_, i) => ({
    contact: contacts[i % contacts.length]!,
    event_type: TYPES[i % TYPES.length]!,
    event_timestamp: new Date(Date.UTC(2026, 5, 1, 0, 0, i)).toISOString(),
    event_data: { message_id: `0100018f-${String(i).padStart(8, '0')}-bench`, link: 'https://villa-azul.example/offer?utm_source=email' },
    channel: 'email',
    device_type: i % 3 ? 'mobile' : 'desktop',
    location: 'Lisbon, PT',
  }));
}

const csvField = (value: string) => `"${value.replace(/"/g, '""')}"`;

/** The bench case; needs the DB_* / DATA_API_ENDPOINT environment pointing at `database` through the local endpoint. */
export async function ingestCase(pool: pg.Pool, dir: string): Promise<BenchCase> {
  const campaign = (await pool.query<{ id: string }>(`INSERT INTO marketing.campaigns (campaign_name, campaign_type) VALUES ('Bench', 'email') RETURNING id`)).rows[0]!.id;
  const contacts = (await pool.query<{ id: string }>(`INSERT INTO directory.contacts (email) SELECT 'bench' || g || '@example.com' FROM generate_series(1, 50) g RETURNING id`)).rows.map((r) => r.id);
  const rows = events(contacts);
  const csv = rows
    .map((e) => [campaign, e.contact, e.event_type, e.event_timestamp, JSON.stringify(e.event_data), e.channel, e.device_type, e.location].map(csvField).join(','))
    .join('\n');
  const file = path.join(dir, 'events.csv');
  await writeFile(file, `${csv}\n`, { mode: 0o644 });
  const body = JSON.stringify({ events: rows });
  const { handler } = await import('../lambdas/campaigns/handler.js');
  // Built once, outside the timing: API Gateway builds the event (and measures the 3 MB body for its headers), not the Lambda.
  // The handler never changes the event it is given.
  const event = httpEvent('POST', '/v1/campaigns/{proxy+}', {
    rawPath: `/v1/campaigns/${campaign}/events`,
    body,
    headers: { 'content-type': 'application/json' },
    claims: claimsFor('[marketer]', 'bench'),
  });
  return {
    name: `Bulk ingest of ${EVENTS.toLocaleString('en')} events (${Math.round(body.length / EVENTS)} bytes each)`,
    rounds: 7,
    baseline: {
      label: 'COPY over pg',
      run: async () => {
        await pool.query(
          `COPY marketing.campaign_events (campaign_id, contact_id, event_type, event_timestamp, event_data, channel, device_type, location) FROM '${file}' WITH (FORMAT csv)`,
        );
      },
    },
    candidate: {
      label: "POST /v1/campaigns/{id}/events (handler + Data API)",
      run: async () => {
        const response = await handler(event, lambdaContext());
        if (response.statusCode !== 200) throw new Error(`ingest answered ${response.statusCode}: ${response.body?.slice(0, 300)}`);
      },
    },
  };
}
