/**
 * A new account's uuid, made here rather than by the column default: its
 * token's encryption context names the account, so the id must be known
 * before the row (and the sealed token in it) is written in one statement.
 */
export { newUuidV7 as newAccountId } from '../platform/uuid-v7.js';
