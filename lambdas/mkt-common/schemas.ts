/**
 * zod schemas of the mkt common module (schema/70_mkt_common.sql). Enum
 * lists and formats mirror its CHECKs exactly, so a bad value fails at the
 * edge with a field path and the database stays the last word.
 */
import * as z from 'zod/mini';
import { date, decimalString, nonNegativeInt, numeric, timestamp, uuid } from '../platform/schemas.js';
import { withMeta } from '../platform/schema-meta.js';

export const CAMPAIGN_OBJECTIVES = [
  'awareness',
  'owner_acquisition',
  'owner_retention',
  'investor_acquisition',
  'direct_bookings',
  'guest_retention',
  'partner_recruitment',
  'reputation',
] as const;
export const CAMPAIGN_STATUSES = ['draft', 'planned', 'active', 'paused', 'completed', 'cancelled'] as const;
export const STAKEHOLDER_GROUPS = ['owner', 'investor', 'guest', 'partner'] as const;
export const CHANNEL_TYPES = ['social', 'video', 'messaging', 'email', 'web', 'search', 'marketplace'] as const;

/** CHECK mkt_*_currency_check: three capital letters. */
export const currency = z.string().check(z.regex(/^[A-Z]{3}$/, 'must be a three-letter ISO 4217 code such as USD'));
/** numeric(12, 2), never negative (the money columns' CHECKs). */
export const money = numeric(12, 2).check(z.refine((v) => Number(v) >= 0, 'must not be negative'));

/** A reference row's code or uuid in a path. */
export const codeParams = z.object({
  code: z.string().check(z.regex(/^([a-z][a-z0-9_]{0,63}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/, 'must be a lower-case code or a uuid')),
});

export const campaignParams = z.object({
  id: withMeta(z.string().check(z.minLength(1), z.maxLength(64)), { description: 'The uuid or the business ID (MCMP-NNNNNN).' }),
});

// ------------------------------------------------------------------ KPIs

/** One schema for each of `keys`, typed by key (Object.fromEntries alone would lose the names). */
function shapeOf<const K extends readonly string[], S extends z.ZodMiniType>(keys: K, schema: S): { [P in K[number]]: S } {
  return Object.fromEntries(keys.map((k) => [k, schema])) as { [P in K[number]]: S };
}

/** The platform KPI metrics a day's PUT carries (every one defaults to 0, as the columns do). */
export const KPI_INT_METRICS = [
  'website_sessions',
  'owner_leads',
  'investor_leads',
  'guest_inquiries',
  'direct_bookings',
  'new_management_contracts',
  'email_subscribers',
  'whatsapp_messages_sent',
  'content_published',
] as const;
export const KPI_MONEY_METRICS = ['direct_booking_revenue', 'marketing_spend'] as const;
export const KPI_METRICS = [...KPI_INT_METRICS, ...KPI_MONEY_METRICS] as const;

export const kpiDayBody = z.object({
  ...shapeOf(KPI_INT_METRICS, z.optional(nonNegativeInt)),
  ...shapeOf(KPI_MONEY_METRICS, z.optional(money)),
  currency: z.optional(currency),
  notes: z.optional(z.nullable(z.string().check(z.maxLength(2000)))),
});

export const kpiDay = withMeta(z.object({
    id: uuid,
    kpi_date: date,
    ...shapeOf(KPI_INT_METRICS, z.int()),
    ...shapeOf(KPI_MONEY_METRICS, decimalString),
    currency: z.string(),
    notes: z.nullable(z.string()),
    created_at: timestamp,
    updated_at: timestamp,
  }), { id: 'MktKpiDay' });

/** Social metrics per channel and day. follower_change may be negative (a loss); the rest may not. */
export const SOCIAL_COUNT_METRICS = [
  'followers',
  'posts_published',
  'impressions',
  'reach',
  'engagements',
  'link_clicks',
  'video_views',
  'messages_received',
] as const;
export const SOCIAL_METRICS = [...SOCIAL_COUNT_METRICS, 'follower_change'] as const;
/** Summed over a period; followers is a level (its last value is reported instead). */
export const SOCIAL_FLOWS = SOCIAL_METRICS.filter((m): m is Exclude<(typeof SOCIAL_METRICS)[number], 'followers'> => m !== 'followers');

export const socialKpiDayBody = z.object({
  ...shapeOf(SOCIAL_COUNT_METRICS, z.optional(nonNegativeInt)),
  follower_change: z.optional(z.int().check(z.minimum(-2147483648), z.maximum(2147483647))),
});

export const socialKpiDay = withMeta(z.object({
    id: uuid,
    channel_id: uuid,
    channel_code: z.string(),
    kpi_date: date,
    ...shapeOf(SOCIAL_METRICS, z.int()),
    engagement_rate: withMeta(z.nullable(decimalString), { description: 'engagements / impressions, 4 decimals (null without impressions).' }),
    created_at: timestamp,
    updated_at: timestamp,
  }), { id: 'MktSocialKpiDay' });

export const kpiDayParams = z.object({ date });
export const socialKpiDayParams = z.object({ channel: codeParams.shape.code, date });

/** Range reads are bounded by their span, not paged: at most a year of days (of one row per day, or per channel and day). */
export const MAX_RANGE_DAYS = 366;

const dayNumber = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;

type Span = { from: string; to: string };

/** from..to, both inclusive, in order and within MAX_RANGE_DAYS. */
function spanned<S extends z.ZodMiniObject & z.ZodMiniType<Span>>(schema: S): S {
  return schema.check(
    z.refine((q: Span) => q.to >= q.from, { message: 'must not be before from', path: ['to'] }),
    z.refine((q: Span) => dayNumber(q.to) - dayNumber(q.from) < MAX_RANGE_DAYS, {
      message: `the range may span at most ${MAX_RANGE_DAYS} days`,
      path: ['to'],
    }),
  );
}

export const PERIODS = ['week', 'month'] as const;
const channelFilter = { channel: withMeta(z.optional(codeParams.shape.code), { description: 'One channel (code or uuid); default every channel.' }) };

const period = z.enum(PERIODS);

export const kpiRangeQuery = spanned(z.object({ from: date, to: date }));
export const socialKpiRangeQuery = spanned(z.object({ from: date, to: date, ...channelFilter }));
export const kpiTotalsQuery = spanned(z.object({ from: date, to: date, period }));
export const socialKpiTotalsQuery = spanned(z.object({ from: date, to: date, period, ...channelFilter }));

const sumAvg = z.object({ sum: decimalString, avg: withMeta(decimalString, { description: 'Mean per recorded day, 2 decimals.' }) });

export const kpiPeriodTotals = withMeta(z.object({
    period_start: withMeta(date, { description: 'Monday of the ISO week, or the first of the month.' }),
    days: withMeta(z.int(), { description: 'Days with a KPI row in the period (within from..to).' }),
    ...shapeOf(KPI_METRICS, sumAvg),
  }), { id: 'MktKpiPeriodTotals' });

export const socialKpiPeriodTotals = withMeta(z.object({
    channel_id: uuid,
    channel_code: z.string(),
    period_start: date,
    days: z.int(),
    followers_last: withMeta(z.int(), { description: 'Followers on the last recorded day of the period (a level, not a flow).' }),
    ...shapeOf(SOCIAL_FLOWS, sumAvg),
    engagement_rate: withMeta(z.nullable(decimalString), { description: 'Sum of engagements / sum of impressions over the period.' }),
  }), { id: 'MktSocialKpiPeriodTotals' });
