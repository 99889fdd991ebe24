/** zod for the social domain: the one source of its request and response types. */
import * as z from 'zod/mini';
import { date, decimalString, int4, numeric, textArray, timestamp, uuid, nonNegativeInt } from '../platform/schemas.js';
import { withinBytes } from '../platform/crud/byte-limits.js';
import { USER_TARGETS } from './post-workflow.js';
import { withMeta } from '../platform/schema-meta.js';

/** The social_accounts_platform_check list, in order. */
export const platform = z.enum(['instagram', 'facebook', 'tiktok', 'youtube', 'twitter', 'linkedin', 'pinterest']);

/**
 * Write-only: encrypted before it is stored, never returned or logged. Meta's
 * long-lived tokens are a few hundred characters; 8 KB leaves room for others.
 */
export const accessToken = withMeta(z.string().check(z.minLength(1), z.maxLength(8192)), { description: 'Write-only; stored encrypted (KMS envelope), never returned.', writeOnly: true });

export const accountWritable = {
  property_id: withMeta(z.nullable(uuid), { description: 'Property (null = company-wide); one account per platform per property.' }),
  platform,
  account_name: z.string().check(z.minLength(1), z.maxLength(200)),
  handle: z.nullable(z.string().check(z.maxLength(100))),
  profile_url: z.nullable(z.url().check(z.maxLength(2000))),
  external_account_id: z.nullable(z.string().check(z.maxLength(200))),
  token_expires_at: z.nullable(timestamp),
  follower_count: nonNegativeInt,
  following_count: nonNegativeInt,
  post_count: nonNegativeInt,
  status: z.string().check(z.minLength(1), z.maxLength(30)),
  last_synced_at: z.nullable(timestamp),
};

const optional = <T extends Record<string, z.ZodMiniType>>(shape: T) =>
  Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, z.optional(v)])) as { [K in keyof T]: z.ZodMiniOptional<T[K]> };

export const createAccountBody = z.object({
  ...optional(accountWritable),
  platform,
  account_name: accountWritable.account_name,
  access_token: z.optional(accessToken),
});
export type CreateAccountInput = z.output<typeof createAccountBody>;

export const updateAccountBody = z.object({ ...optional(accountWritable), access_token: z.optional(accessToken) }).check(z.refine((v) => Object.keys(v).length > 0, { message: 'Give at least one field to change.', when: (payload) => payload.issues.length === 0 }));
export type UpdateAccountInput = z.output<typeof updateAccountBody>;

/** The social_posts_post_type_check list, in order. */
export const postType = z.enum(['post', 'story', 'reel', 'video', 'carousel', 'live']);

export const postWritable = {
  account_id: uuid,
  campaign_id: z.nullable(uuid),
  content_id: z.nullable(uuid),
  post_type: postType,
  caption: z.nullable(z.string().check(z.maxLength(10000))),
  media_urls: withMeta(z.nullable(withinBytes(z.array(z.url().check(z.maxLength(2000))).check(z.maxLength(20)))), { description: 'Public URLs (Instagram fetches media from them).' }),
  hashtags: z.nullable(withinBytes(textArray)),
  mentions: z.nullable(withinBytes(textArray)),
  link_url: z.nullable(z.url().check(z.maxLength(2000))),
  location_tag: z.nullable(z.string().check(z.maxLength(200))),
  scheduled_at: z.nullable(timestamp),
  ai_generated: z.boolean(),
};

export const postStatusChange = z.object({ status: z.enum(USER_TARGETS) });
export const postApproval = z.object({ approval_status: z.enum(['approved', 'rejected', 'pending']) });

const rate = withMeta(numeric(5, 4), { description: 'A share, 0–9.9999 (numeric(5,4)).' });

export const postAnalyticsBody = z.object({
  impressions: z.optional(nonNegativeInt),
  reach: z.optional(nonNegativeInt),
  engagement: z.optional(nonNegativeInt),
  likes: z.optional(nonNegativeInt),
  comments: z.optional(nonNegativeInt),
  shares: z.optional(nonNegativeInt),
  saves: z.optional(nonNegativeInt),
  clicks: z.optional(nonNegativeInt),
  video_views: z.optional(nonNegativeInt),
  watch_time_seconds: z.optional(nonNegativeInt),
  engagement_rate: withMeta(z.optional(rate), { description: 'engagement / reach when not given (NULL without reach).' }),
});

export const accountMetricsBody = z.object({
  follower_count: z.optional(nonNegativeInt),
  follower_change: z.optional(int4),
  following_count: z.optional(nonNegativeInt),
  post_count: z.optional(nonNegativeInt),
  impressions: z.optional(nonNegativeInt),
  reach: z.optional(nonNegativeInt),
  profile_views: z.optional(nonNegativeInt),
  website_clicks: z.optional(nonNegativeInt),
  engagement_rate: z.optional(rate),
});

export const metricDate = date;
const counts = (names: readonly string[]) => Object.fromEntries(names.map((n) => [n, z.nullable(z.int())]));
export const postAnalyticsItem = z.object({
  id: uuid,
  post_id: uuid,
  metric_date: date,
  ...counts(['impressions', 'reach', 'engagement', 'likes', 'comments', 'shares', 'saves', 'clicks', 'video_views', 'watch_time_seconds']),
  engagement_rate: z.nullable(decimalString),
  created_at: z.nullable(timestamp),
});
export const accountMetricsItem = z.object({
  id: uuid,
  account_id: uuid,
  metric_date: date,
  ...counts(['follower_count', 'follower_change', 'following_count', 'post_count', 'impressions', 'reach', 'profile_views', 'website_clicks']),
  engagement_rate: z.nullable(decimalString),
  created_at: z.nullable(timestamp),
});

/** GET /v1/social-posts/{id}/dispatch: the dispatch worker's record of a post (marketing_ops.social_post_dispatch). */
export const postDispatchItem = z.object({
  post_id: uuid,
  social_post_id: z.string(),
  status: z.nullable(z.string()),
  attempts: withMeta(z.int(), { description: 'Claims by the dispatch worker so far (a reconcile is one too); 0 = never claimed.' }),
  started_at: withMeta(z.nullable(timestamp), { description: 'When the post last left scheduled.' }),
  lease_until: withMeta(z.nullable(timestamp), { description: 'Until when a run holds the post; after it, a run reconciles it.' }),
  outcome: withMeta(z.nullable(z.enum(['unknown', 'deferred'])), { description: 'unknown = held in publishing until a reconcile looks on the platform; deferred = rescheduled after the platform limit.' }),
  not_before: withMeta(z.nullable(timestamp), { description: 'A deferred post is not claimed before this.' }),
  container_id: withMeta(z.nullable(z.string()), { description: 'The Instagram media container of the current attempt.' }),
  failure_reason: withMeta(z.nullable(z.string()), { description: 'Why the post failed, was deferred or is held.' }),
});
