/**
 * zod schemas of the content framework (schema/72_mkt_content.sql); enum
 * lists and formats mirror its CHECKs exactly.
 */
import * as z from 'zod/mini';
import { timestamp, uuid } from '../platform/schemas.js';
import { withMeta } from '../platform/schema-meta.js';

export const CONTENT_FORMATS = ['text', 'image', 'video', 'audio', 'document', 'interactive'] as const;
export const PILLAR_STATUSES = ['draft', 'in_research', 'in_review', 'approved', 'published', 'archived'] as const;
export const IDEA_SOURCES = ['team', 'owner_question', 'guest_review', 'guest_question', 'social_listening', 'competitor', 'ai_suggestion', 'other'] as const;
export const IDEA_PRIORITIES = ['low', 'medium', 'high'] as const;
export const IDEA_STATUSES = ['new', 'under_review', 'approved', 'in_production', 'used', 'rejected'] as const;
export const CONTENT_ROLES = ['master', 'repurposed'] as const;
export const CONTENT_STATUSES = ['draft', 'in_review', 'approved', 'scheduled', 'published', 'archived'] as const;
export const TAG_GROUPS = ['topic', 'audience', 'location', 'season', 'property_type', 'format'] as const;
export const SCHEDULE_STATUSES = ['scheduled', 'published', 'failed', 'cancelled'] as const;

/** CHECK mkt_con_content_language_check. */
export const language = z.string().check(z.regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'must be a language tag such as en or pt-BR'));
/** CHECK mkt_con_tags_slug_format. */
export const slug = z.string().check(z.maxLength(100), z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be lower-case words joined by hyphens, such as beach-homes'));
export const url = z.url().check(z.maxLength(2000));

const codeOrUuid = z.string().check(z.regex(/^([a-z][a-z0-9_]{0,63}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/, 'must be a lower-case code or a uuid'));
export const codeParams = z.object({ code: codeOrUuid });
export const itemParams = z.object({ id: withMeta(z.string().check(z.minLength(1), z.maxLength(64)), { description: 'The uuid or the business ID.' }) });

/** Text fields a new piece (master or repurposed) may carry. */
const pieceText = {
  title: z.string().check(z.minLength(1), z.maxLength(300)),
  summary: z.optional(z.nullable(z.string().check(z.maxLength(2000)))),
  body: z.optional(z.nullable(z.string().check(z.maxLength(40000)))),
  call_to_action: z.optional(z.nullable(z.string().check(z.maxLength(500)))),
  media_url: z.optional(z.nullable(url)),
  language: z.optional(language),
};

export const repurposeBody = withMeta(z.object({
    content_type_id: withMeta(uuid, { description: 'The new piece\'s type; the master\'s pillar must allow it.' }),
    ...pieceText,
    title: withMeta(z.optional(pieceText.title), { description: "Default: the master's title." }),
  }), { id: 'MktContentRepurposeInput' });

export const promoteBody = withMeta(z.object({
    content_type_id: withMeta(z.optional(uuid), { description: "The content's type; required when the idea has none." }),
    title: withMeta(z.optional(pieceText.title), { description: "Default: the idea's title." }),
    body: pieceText.body,
  }), { id: 'MktIdeaPromoteInput' });

const node = {
  id: uuid,
  content_code: z.string(),
  content_role: z.enum(CONTENT_ROLES),
  content_type_id: uuid,
  content_type_code: z.string(),
  title: z.string(),
  status: z.enum(CONTENT_STATUSES),
  language: z.string(),
  published_at: z.nullable(timestamp),
  updated_at: timestamp,
};

export const MAX_TREE_CHILDREN = 200;

export const contentTree = withMeta(z.object({
    ...node,
    pillar_id: z.nullable(uuid),
    repurposed: z.array(z.object({ ...node, channel_codes: withMeta(z.array(z.string()), { description: 'Channels it is scheduled on.' }) })),
    truncated: withMeta(z.boolean(), { description: `More than ${MAX_TREE_CHILDREN} repurposed pieces: only the first are listed.` }),
  }), { id: 'MktContentTree' });

/** A calendar read spans at most this many days across every channel. */
export const MAX_CALENDAR_DAYS = 93;
export const MAX_CALENDAR_ROWS = 500;

export const calendarQuery = z.object({
    from: timestamp,
    to: timestamp,
    channel: withMeta(z.optional(codeOrUuid), { description: 'One channel (code or uuid); default every channel.' }),
  }).check(z.refine((q) => Date.parse(q.to) > Date.parse(q.from), { message: 'must be after from', path: ['to'] }), z.refine((q) => Date.parse(q.to) - Date.parse(q.from) <= MAX_CALENDAR_DAYS * 86_400_000, {
    message: `the range may span at most ${MAX_CALENDAR_DAYS} days`,
    path: ['to'],
  }));

export const calendarEntry = withMeta(z.object({
    id: uuid,
    scheduled_for: timestamp,
    status: z.enum(SCHEDULE_STATUSES),
    channel_id: uuid,
    channel_code: z.string(),
    content_id: uuid,
    content_code: z.string(),
    title: z.string(),
    campaign_id: z.nullable(uuid),
  }), { id: 'MktScheduleEntry' });

export const calendar = withMeta(z.object({ data: z.array(calendarEntry), truncated: z.boolean() }), { id: 'MktScheduleCalendar' });
