/**
 * The SQL of the Idempotency-Key store (schema/97_idempotency_keys.sql):
 * claim, record the answer, release. Each is one statement.
 */
import type { SqlExecutor } from '../db/executor.js';
import { sqlValue } from '../db/values.js';
import { CLAIM_LEASE_SECONDS, KEY_TTL_SECONDS } from './policy.js';

const TABLE = 'marketing_ops.idempotency_keys';
/** Expired rows removed by each claim: bounded work per request, enough to keep up with the claims themselves. */
const PURGE_PER_CLAIM = 5;

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

export type Claim =
  | { kind: 'claimed' }
  /** Another request holds the key: `response` is its answer, or null while it runs. */
  | { kind: 'taken'; fingerprint: string | null; response: StoredResponse | null };

export interface KeyRef {
  scope: string;
  key: string;
  token: string;
}

/**
 * Claims (scope, key) for this request, or reports who has it. A key is free
 * when new, expired, or held by an abandoned claim (lease over) of the same
 * payload. The conflict WHERE sees the latest committed row under a row lock,
 * so concurrent first requests cannot both claim. The outer SELECT reads the
 * statement's snapshot: a claim committed by another request after it began
 * reads as no row, which is still "taken, running" (409).
 */
export async function claimKey(executor: SqlExecutor, ref: KeyRef, fingerprint: string): Promise<Claim> {
  const sql = `WITH purged AS (
  DELETE FROM ${TABLE} WHERE ctid IN (
    SELECT ctid FROM ${TABLE} WHERE expires_at < now() AND NOT (scope = :scope AND idempotency_key = :key)
    LIMIT ${PURGE_PER_CLAIM} FOR UPDATE SKIP LOCKED)
),
claimed AS (
  INSERT INTO ${TABLE} AS k (scope, idempotency_key, fingerprint, claim_token, locked_until, expires_at)
  VALUES (:scope, :key, :fingerprint, :token, now() + make_interval(secs => ${CLAIM_LEASE_SECONDS}), now() + make_interval(secs => ${KEY_TTL_SECONDS}))
  ON CONFLICT (scope, idempotency_key) DO UPDATE
    SET fingerprint = EXCLUDED.fingerprint, claim_token = EXCLUDED.claim_token, locked_until = EXCLUDED.locked_until,
        response = NULL, created_at = now(), expires_at = EXCLUDED.expires_at
    WHERE k.expires_at <= now()
       OR (k.response IS NULL AND k.locked_until <= now() AND k.fingerprint = EXCLUDED.fingerprint)
  RETURNING k.claim_token
)
SELECT EXISTS (SELECT 1 FROM claimed) AS _claimed, k.fingerprint, k.response
FROM (SELECT 1) one
LEFT JOIN ${TABLE} k ON k.scope = :scope AND k.idempotency_key = :key AND NOT EXISTS (SELECT 1 FROM claimed)`;
  const { rows } = await executor.query(sql, { scope: ref.scope, key: ref.key, fingerprint, token: sqlValue.uuid(ref.token) });
  const row = rows[0];
  if (row?._claimed === true) return { kind: 'claimed' };
  return {
    kind: 'taken',
    fingerprint: typeof row?.fingerprint === 'string' ? row.fingerprint : null,
    response: (row?.response as StoredResponse | null | undefined) ?? null,
  };
}

/** Stores the first answer under the key, if this request still holds the claim. */
export async function recordResponse(executor: SqlExecutor, ref: KeyRef, response: StoredResponse): Promise<void> {
  await executor.query(
    `UPDATE ${TABLE} SET response = CAST(:response AS jsonb) WHERE scope = :scope AND idempotency_key = :key AND claim_token = :token`,
    { scope: ref.scope, key: ref.key, token: sqlValue.uuid(ref.token), response: sqlValue.json(response) },
  );
}

/** Frees the key (the request failed), if this request still holds the claim. */
export async function releaseKey(executor: SqlExecutor, ref: KeyRef): Promise<void> {
  await executor.query(
    `DELETE FROM ${TABLE} WHERE scope = :scope AND idempotency_key = :key AND claim_token = :token AND response IS NULL`,
    { scope: ref.scope, key: ref.key, token: sqlValue.uuid(ref.token) },
  );
}
