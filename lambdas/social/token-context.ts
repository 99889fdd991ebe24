/**
 * The encryption context of an account's token: binds the ciphertext to that
 * account (KMS refuses the data key, and the GCM tag fails, under any other).
 * Shared by the API, which seals, and the publishers, which open.
 */
export const tokenContext = (accountUuid: string) => ({ table: 'marketing.social_accounts', account_id: accountUuid.toLowerCase() });
