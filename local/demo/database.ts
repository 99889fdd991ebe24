/**
 * The rows of tables that have no API (schema/02's stubs of the platform's
 * property, directory and reservations tables): written straight to the local
 * database, with fixed uuids and ON CONFLICT DO NOTHING, so a second run inserts none.
 */
import pg from 'pg';
import { CONTACTS, PROPERTIES, RESERVATIONS } from './data.js';

export interface DatabaseRows {
  inserted: number;
  present: number;
}

export async function ensureDatabaseRows(databaseUrl: string): Promise<DatabaseRows> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let inserted = 0;
  let total = 0;
  const insert = async (sql: string, values: unknown[]) => {
    total += 1;
    inserted += (await client.query(sql, values)).rowCount ?? 0;
  };
  try {
    await client.query('BEGIN');
    for (const p of PROPERTIES) {
      await insert('INSERT INTO property.properties (id, name) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING', [p.id, p.name]);
    }
    for (const c of CONTACTS) {
      await insert('INSERT INTO directory.contacts (id, full_name, email, phone) VALUES ($1, $2, $3, $4) ON CONFLICT (id) DO NOTHING', [
        c.id,
        c.full_name,
        c.email,
        c.phone,
      ]);
    }
    for (const r of RESERVATIONS) {
      await insert(
        `INSERT INTO reservations.reservations (id, property_id, contact_id, check_in, check_out, total_amount, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $4::date - 30) ON CONFLICT (id) DO NOTHING`,
        [r.id, r.property_id, r.contact_id, r.check_in, r.check_out, r.total_amount],
      );
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
  return { inserted, present: total - inserted };
}
