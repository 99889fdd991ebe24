/** zod for the social domain: the one source of its request and response types. */
import { z } from 'zod';
import { timestamp, uuid, nonNegativeInt } from '../platform/schemas.js';

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
