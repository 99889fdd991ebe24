/**
 * A generated population for the dynamic-segment tests: contacts with and
 * without email/phone, reservations in the past and future at three
 * properties, campaign events of every type over 60 days in two campaigns.
 * Deterministic from the contact number n (full_name 'C<n>').
 */
import type { TestApi } from '../../support/api.js';

export interface Population {
  properties: string[];
  campaigns: string[];
}

export async function generatePopulation(api: TestApi, contacts: number): Promise<Population> {
  const q = api.db.pool;
  const properties = (await q.query<{ id: string }>("INSERT INTO property.properties (name) VALUES ('A'), ('B'), ('C') RETURNING id")).rows.map((r) => r.id);
  const campaigns = (await q.query<{ id: string }>("INSERT INTO marketing.campaigns (campaign_name, campaign_type) VALUES ('Spring', 'email'), ('Summer', 'email') RETURNING id")).rows.map(
    (r) => r.id,
  );
  await q.query(
    `INSERT INTO directory.contacts (full_name, email, phone, created_at)
     SELECT 'C' || n,
            CASE WHEN n % 7 = 0 THEN NULL WHEN n % 3 = 0 THEN 'c' || n || '@gmail.com' ELSE 'c' || n || '@Example.org' END,
            CASE WHEN n % 4 = 0 THEN '+1555' || n END,
            now() - (n % 90) * interval '1 day'
       FROM generate_series(1, $1::int) n`,
    [contacts],
  );
  await q.query(
    `INSERT INTO reservations.reservations (property_id, contact_id, check_in, check_out, total_amount)
     SELECT ($1::uuid[])[1 + (c.n + k) % 3], c.id, d.check_in, d.check_in + 3, (c.n * k) % 900 + 100
       FROM (SELECT id, substr(full_name, 2)::int AS n FROM directory.contacts WHERE full_name ~ '^C[0-9]+$') c,
            generate_series(1, c.n % 4) k,
            LATERAL (SELECT (now() AT TIME ZONE 'UTC')::date + ((c.n * 37 + k * 53) % 500 - 350) AS check_in) d
      WHERE c.n % 5 <> 0`,
    [properties],
  );
  await q.query(
    `INSERT INTO marketing.campaign_events (campaign_id, contact_id, event_type, event_timestamp)
     SELECT ($1::uuid[])[1 + (c.n + k) % 2], c.id,
            (ARRAY['sent','delivered','opened','clicked','converted','bounced','unsubscribed','complained'])[1 + (c.n + k) % 8],
            now() - ((c.n * k * 13) % 60) * interval '1 day' - interval '1 hour'
       FROM (SELECT id, substr(full_name, 2)::int AS n FROM directory.contacts WHERE full_name ~ '^C[0-9]+$') c,
            generate_series(1, c.n % 6) k
      WHERE c.n % 2 = 0`,
    [campaigns],
  );
  return { properties, campaigns };
}

/** Today in UTC, as the criteria engine reads it. */
export const TODAY = "(now() AT TIME ZONE 'UTC')::date";
