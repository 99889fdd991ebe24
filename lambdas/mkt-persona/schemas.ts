/**
 * zod schemas of persona mapping (schema/73_mkt_persona.sql, the membership
 * table of 74, the score history of 96); enum lists and formats mirror their
 * CHECKs exactly.
 */
import * as z from 'zod/mini';
import { decimalString, numeric, timestamp, uuid } from '../platform/schemas.js';
import { withMeta } from '../platform/schema-meta.js';

export const LIFECYCLE_STAGES = ['prospect', 'lead', 'qualified', 'customer', 'advocate', 'inactive'] as const;
export const CONTACT_SOURCES = ['manual', 'import', 'website_form', 'whatsapp', 'booking', 'referral', 'event'] as const;
export const SCORING_METHODS = ['manual', 'rules', 'survey', 'ai_model'] as const;
export const VALUE_TYPES = ['text', 'number', 'boolean', 'date', 'json'] as const;
export const ATTRIBUTE_SOURCES = ['manual', 'import', 'survey', 'whatsapp', 'booking', 'inferred'] as const;
export const MEMBERSHIP_ROLES = ['member', 'admin'] as const;
export const MEMBERSHIP_STATUSES = ['active', 'left', 'removed'] as const;

export const email = z.string().check(z.maxLength(320), z.regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'must be an email address'));
export const phoneE164 = z.string().check(z.regex(/^\+[1-9][0-9]{6,14}$/, 'must be an E.164 number such as +15551234567'));
export const countryCode = z.string().check(z.regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as US'));
export const language = z.string().check(z.regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must be a language tag such as en or pt-BR'));
export const attributeKey = z.string().check(z.maxLength(100), z.regex(/^[a-z][a-z0-9_]*$/, 'must be a lower-case key such as properties_owned'));

// Any string: an id that is not a uuid names no contact, a 404 like every other unknown id.
const contactId = withMeta(z.string().check(z.minLength(1), z.maxLength(64)), { description: 'The persona contact uuid.' });
export const contactParams = z.object({ id: contactId });
export const scoreParams = z.object({
  id: contactId,
  segment: z.string().check(z.regex(/^([a-z][a-z0-9_]{0,63}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/, 'must be a segment code or uuid')),
});

export const scoreBody = withMeta(z.object({
    score: numeric(5, 2).check(z.refine((v) => Number(v) >= 0 && Number(v) <= 100, 'must be between 0 and 100')),
    scoring_method: z.optional(z.enum(SCORING_METHODS)),
    rationale: z.optional(z.nullable(z.string().check(z.maxLength(2000)))),
  }), { id: 'MktPersonaScoreInput' });

export const score = withMeta(z.object({
    id: uuid,
    segment_id: uuid,
    segment_code: z.string(),
    score: decimalString,
    scoring_method: z.enum(SCORING_METHODS),
    rationale: z.nullable(z.string()),
    scored_at: timestamp,
    scored_by: z.nullable(uuid),
  }), { id: 'MktPersonaScore' });

export const scoreHistoryEntry = withMeta(z.extend(z.omit(score, { id: true }), { id: uuid, persona_score_id: uuid, recorded_at: timestamp }), { id: 'MktPersonaScoreHistoryEntry' });
