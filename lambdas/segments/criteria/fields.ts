/**
 * What each criterion means in SQL, over a contact row `c`. The reference
 * table says which criteria and operators are allowed; this is the one place
 * saying how each is computed (its `source` column is prose for people).
 * A criterion listed in the reference table but not here is refused by the
 * validator as not supported, never compiled to something guessed.
 */
import type { DataType } from './language.js';

/** `c`'s reservations folded once per contact; joined only when a criterion needs it. */
export type FieldKind =
  | { kind: 'contact'; type: DataType; sql: string }
  | { kind: 'stays'; type: DataType; sql: string }
  | { kind: 'stayed_at' }
  | { kind: 'events'; fixedTypes: readonly string[] | null }
  | { kind: 'membership' };

/** Today in UTC, whatever the session's TimeZone. */
export const TODAY = "(now() AT TIME ZONE 'UTC')::date";

export const FIELDS: Readonly<Record<string, FieldKind>> = {
  // Completed stays: reservations whose check-out is today or earlier.
  total_stays: { kind: 'stays', type: 'number', sql: 'coalesce(st.total_stays, 0)' },
  total_revenue: { kind: 'stays', type: 'number', sql: 'coalesce(st.total_revenue, 0)' },
  last_stay_date: { kind: 'stays', type: 'date', sql: 'st.last_stay_date' },
  first_stay_date: { kind: 'stays', type: 'date', sql: 'st.first_stay_date' },
  upcoming_check_in: { kind: 'stays', type: 'date', sql: 'st.upcoming_check_in' },
  stayed_at_property: { kind: 'stayed_at' },
  has_email: { kind: 'contact', type: 'boolean', sql: "(c.email IS NOT NULL AND c.email <> '')" },
  has_phone: { kind: 'contact', type: 'boolean', sql: "(c.phone IS NOT NULL AND c.phone <> '')" },
  email_domain: { kind: 'contact', type: 'text', sql: "nullif(lower(split_part(c.email, '@', 2)), '')" },
  contact_created_at: { kind: 'contact', type: 'date', sql: "(c.created_at AT TIME ZONE 'UTC')::date" },
  campaign_event: { kind: 'events', fixedTypes: null },
  // "Engaged": opened, clicked or converted, in one of the given campaigns.
  engaged_campaign: { kind: 'events', fixedTypes: ['opened', 'clicked', 'converted'] },
  in_segment: { kind: 'membership' },
};

/** The data type the compiler expects of a field (the reference table must say the same). */
export function compiledType(code: string): DataType | undefined {
  const f = FIELDS[code];
  if (!f) return undefined;
  switch (f.kind) {
    case 'contact':
    case 'stays':
      return f.type;
    case 'stayed_at':
    case 'membership':
      return 'uuid';
    case 'events':
      return f.fixedTypes ? 'uuid' : 'text';
  }
}

/** The aggregates of reservations a criterion can read, by output column of `st`. */
const STAY_AGGREGATES: Readonly<Record<string, string>> = {
  total_stays: `count(*) FILTER (WHERE r.check_out <= ${TODAY})`,
  total_revenue: 'sum(r.total_amount)',
  last_stay_date: 'max(r.check_out)',
  first_stay_date: 'min(r.check_in)',
  upcoming_check_in: `min(r.check_in) FILTER (WHERE r.check_in >= ${TODAY})`,
  // DISTINCT makes this aggregate sort its group: computed only when a criterion needs it.
  property_ids: 'array_agg(DISTINCT r.property_id) FILTER (WHERE r.property_id IS NOT NULL)',
};

/** The per-contact reservation aggregate (one pass over reservations), with only the columns used. */
export function staysJoin(columns: ReadonlySet<string>, onlyContactSql: string | null): string {
  const selected = Object.entries(STAY_AGGREGATES)
    .filter(([name]) => columns.has(name))
    .map(([name, sql]) => `,\n         ${sql} AS ${name}`)
    .join('');
  return `LEFT JOIN (
  SELECT r.contact_id${selected}
    FROM reservations.reservations r
   WHERE r.contact_id IS NOT NULL${onlyContactSql ? ` AND r.contact_id = ${onlyContactSql}` : ''}
   GROUP BY r.contact_id) st ON st.contact_id = c.id`;
}
