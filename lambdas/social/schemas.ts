/** zod for the social domain: the one source of its request and response types. */
import { z } from 'zod';
import { date, decimalString, int4, numeric, textArray, timestamp, uuid, nonNegativeInt } from '../platform/schemas.js';
import { withinBytes } from '../platform/crud/byte-limits.js';
import { USER_TARGETS } from './post-workflow.js';

/** The social_accounts_platform_check list, in order. */
export const platform = z.enum(['instagram', 'facebook', 'tiktok', 'youtube', 'twitter', 'linkedin', 'pinterest']);

/**
 * Write-only: encrypted before it is stored, never returned or logged. Meta's
 * long-lived tokens are a few hundred characters; 8 KB leaves room for others.
 */
export const accessToken = z.string().min(1).max(8192).meta({ description: 'Write-only; stored encrypted (KMS envelope), never returned.', writeOnly: true });

export const accountWritable = {
  property_id: uuid.nullable().meta({ description: 'Property (null = company-wide); one account per platform per property.' }),
  platform,
  account_name: z.string().min(1).max(200),
  handle: z.string().max(100).nullable(),
  profile_url: z.url().max(2000).nullable(),
  external_account_id: z.string().max(200).nullable(),
  token_expires_at: timestamp.nullable(),
  follower_count: nonNegativeInt,
  following_count: nonNegativeInt,
  post_count: nonNegativeInt,
  status: z.string().min(1).max(30),
  last_synced_at: timestamp.nullable(),
};

const optional = <T extends Record<string, z.ZodType>>(shape: T) =>
  Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, v.optional()])) as { [K in keyof T]: z.ZodOptional<T[K]> };

export const createAccountBody = z.object({
  ...optional(accountWritable),
  platform,
  account_name: accountWritable.account_name,
  access_token: accessToken.optional(),
});
export type CreateAccountInput = z.output<typeof createAccountBody>;

export const updateAccountBody = z
  .object({ ...optional(accountWritable), access_token: accessToken.optional() })
  .refine((v) => Object.keys(v).length > 0, { message: 'Give at least one field to change.', when: (payload) => payload.issues.length === 0 });
export type UpdateAccountInput = z.output<typeof updateAccountBody>;

/** The social_posts_post_type_check list, in order. */
export const postType = z.enum(['post', 'story', 'reel', 'video', 'carousel', 'live']);

export const postWritable = {
  account_id: uuid,
  campaign_id: uuid.nullable(),
  content_id: uuid.nullable(),
  post_type: postType,
  caption: z.string().max(10000).nullable(),
  media_urls: withinBytes(z.array(z.url().max(2000)).max(20)).nullable().meta({ description: 'Public URLs (Instagram fetches media from them).' }),
  hashtags: withinBytes(textArray).nullable(),
  mentions: withinBytes(textArray).nullable(),
  link_url: z.url().max(2000).nullable(),
  location_tag: z.string().max(200).nullable(),
  scheduled_at: timestamp.nullable(),
  ai_generated: z.boolean(),
};

export const postStatusChange = z.object({ status: z.enum(USER_TARGETS) });
export const postApproval = z.object({ approval_status: z.enum(['approved', 'rejected', 'pending']) });

const rate = numeric(5, 4).meta({ description: 'A share, 0–9.9999 (numeric(5,4)).' });

export const postAnalyticsBody = z.object({
  impressions: nonNegativeInt.optional(),
  reach: nonNegativeInt.optional(),
  engagement: nonNegativeInt.optional(),
  likes: nonNegativeInt.optional(),
  comments: nonNegativeInt.optional(),
  shares: nonNegativeInt.optional(),
  saves: nonNegativeInt.optional(),
  clicks: nonNegativeInt.optional(),
  video_views: nonNegativeInt.optional(),
  watch_time_seconds: nonNegativeInt.optional(),
  engagement_rate: rate.optional().meta({ description: 'engagement / reach when not given (NULL without reach).' }),
});

export const accountMetricsBody = z.object({
  follower_count: nonNegativeInt.optional(),
  follower_change: int4.optional(),
  following_count: nonNegativeInt.optional(),
  post_count: nonNegativeInt.optional(),
  impressions: nonNegativeInt.optional(),
  reach: nonNegativeInt.optional(),
  profile_views: nonNegativeInt.optional(),
  website_clicks: nonNegativeInt.optional(),
  engagement_rate: rate.optional(),
});

export const metricDate = date;
const counts = (names: readonly string[]) => Object.fromEntries(names.map((n) => [n, z.number().int().nullable()]));
export const postAnalyticsItem = z.object({
  id: uuid,
  post_id: uuid,
  metric_date: date,
  ...counts(['impressions', 'reach', 'engagement', 'likes', 'comments', 'shares', 'saves', 'clicks', 'video_views', 'watch_time_seconds']),
  engagement_rate: decimalString.nullable(),
  created_at: timestamp.nullable(),
});
export const accountMetricsItem = z.object({
  id: uuid,
  account_id: uuid,
  metric_date: date,
  ...counts(['follower_count', 'follower_change', 'following_count', 'post_count', 'impressions', 'reach', 'profile_views', 'website_clicks']),
  engagement_rate: decimalString.nullable(),
  created_at: timestamp.nullable(),
});

/** GET /v1/social-posts/{id}/dispatch: the dispatch worker's record of a post (marketing_ops.social_post_dispatch). */
export const postDispatchItem = z.object({
  post_id: uuid,
  social_post_id: z.string(),
  status: z.string().nullable(),
  attempts: z.number().int().meta({ description: 'Claims by the dispatch worker so far (a reconcile is one too); 0 = never claimed.' }),
  started_at: timestamp.nullable().meta({ description: 'When the post last left scheduled.' }),
  lease_until: timestamp.nullable().meta({ description: 'Until when a run holds the post; after it, a run reconciles it.' }),
  outcome: z.enum(['unknown', 'deferred']).nullable().meta({ description: 'unknown = held in publishing until a reconcile looks on the platform; deferred = rescheduled after the platform limit.' }),
  not_before: timestamp.nullable().meta({ description: 'A deferred post is not claimed before this.' }),
  container_id: z.string().nullable().meta({ description: 'The Instagram media container of the current attempt.' }),
  failure_reason: z.string().nullable().meta({ description: 'Why the post failed, was deferred or is held.' }),
});
