-- 97_idempotency_keys.sql — the platform's Idempotency-Key store
-- (draft-ietf-httpapi-idempotency-key-header), one table for every route
-- that honours the header (lambdas/platform/idempotency).
--
-- Creates: marketing_ops.idempotency_keys (+ index idx_idempotency_keys_expires_at).
-- Depends on: nothing but the marketing_ops schema (created here if absent).
--
-- Choices:
--   * Keys are scoped per client (`scope`: the caller's token subject, or the
--     route for signed webhooks), so two clients cannot collide on a key.
--   * A request claims its key with one INSERT ... ON CONFLICT DO UPDATE ...
--     WHERE (expired, or an abandoned claim of the same payload). PostgreSQL
--     evaluates that WHERE against the latest committed row under a row lock,
--     so two concurrent first requests cannot both claim a key.
--   * `claim_token` identifies the request holding the claim: only it may
--     store the answer or release the key. `locked_until` is the claim's
--     lease; a claim older than that is taken to have died with its function.
--   * `response` (status, headers, body) is NULL while the first request runs.
--     The claim reads it back in its result row, which the Data API caps at
--     64 KB, so the platform keeps a body over 60,000 bytes as its status and
--     a note only.
--   * Expiry: 24 hours after the claim (`expires_at`); an expired key is
--     free again, and expired rows are purged a few at a time by later claims.

CREATE SCHEMA IF NOT EXISTS marketing_ops;

CREATE TABLE marketing_ops.idempotency_keys (
  scope            text NOT NULL,
  idempotency_key  text NOT NULL,
  fingerprint      text NOT NULL,
  claim_token      uuid NOT NULL,
  locked_until     timestamptz NOT NULL,
  response         jsonb,
  created_at       timestamptz NOT NULL DEFAULT now(),
  expires_at       timestamptz NOT NULL,
  PRIMARY KEY (scope, idempotency_key),
  CONSTRAINT idempotency_keys_key_length_check CHECK (char_length(idempotency_key) BETWEEN 1 AND 255)
);

COMMENT ON TABLE marketing_ops.idempotency_keys IS 'Idempotency-Key claims and the first answer per (client, key), kept 24 hours.';

CREATE INDEX idx_idempotency_keys_expires_at ON marketing_ops.idempotency_keys (expires_at);
