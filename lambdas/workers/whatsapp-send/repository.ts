/**
 * The sender's two statements.
 *
 * Claim: outbound messages that are due (queued, or scheduled for now or
 * earlier) and that no run has claimed get send_state `claimed`, in one
 * statement, and come back with what sending needs (the account's number id
 * and sealed token, the recipient, whether the customer-service window is
 * open). As in post-dispatch/claim.ts, `FOR UPDATE SKIP LOCKED` makes two
 * overlapping runs claim disjoint rows, and `send_state IS NULL` makes a row
 * claimable once: a claimed row is never claimed again, whatever happens to
 * the run that took it. The same statement marks claims older than
 * STALE_CLAIM_MINUTES (a run that stopped between sending and recording)
 * `unknown`, since their message may have gone out.
 *
 * Record: one statement per message, right after its request, so an outcome
 * is written as soon as it is known.
 */
import type { SqlExecutor } from '../../platform/db/executor.js';
import { sqlValue } from '../../platform/db/values.js';

export const CLAIM_BATCH = 25;
/** Far beyond the worker's 2-minute timeout: a claim this old belongs to a run that is gone. */
export const STALE_CLAIM_MINUTES = 15;

export interface ClaimedMessage {
  id: string;
  account_id: string;
  message_type: string;
  body: string | null;
  template_name: string | null;
  template_language: string | null;
  template_parameters: string[] | null;
  phone_number_id: string | null;
  account_status: string;
  access_token_sealed: string | null;
  contact_wa_id: string | null;
  contact_opted_out: boolean;
  group_external_id: string | null;
  has_group: boolean;
  window_open: boolean;
}

const CLAIM = `
WITH stale AS (
  UPDATE public.mkt_wap_messages
     SET send_state = 'unknown', error_message = 'The sender stopped before recording the outcome: it may have been sent. Check before resending.'
   WHERE send_state = 'claimed' AND send_claimed_at < now() - make_interval(mins => ${STALE_CLAIM_MINUTES})
  RETURNING id),
claimed AS (
  UPDATE public.mkt_wap_messages AS m
     SET send_state = 'claimed', send_claimed_at = now()
   WHERE m.id IN (
           SELECT id FROM public.mkt_wap_messages
            WHERE direction = 'outbound' AND send_state IS NULL AND status IN ('queued', 'scheduled')
              AND coalesce(scheduled_for, created_at) <= now()
            ORDER BY coalesce(scheduled_for, created_at), id
            LIMIT :limit
              FOR UPDATE SKIP LOCKED)
  RETURNING m.*)
SELECT c.id, c.account_id, c.message_type, c.body, c.template_name, c.template_language, c.template_parameters,
       a.phone_number_id, a.status AS account_status, convert_from(a.access_token_encrypted, 'UTF8') AS access_token_sealed,
       coalesce(ct.wa_id, ltrim(ct.phone_e164, '+')) AS contact_wa_id, coalesce(ct.opt_in_status = 'opted_out', false) AS contact_opted_out,
       g.external_group_id AS group_external_id, c.group_id IS NOT NULL AS has_group,
       c.contact_id IS NOT NULL AND public.mkt_wap_service_window_open(c.contact_id, c.account_id, now()) AS window_open,
       (SELECT count(*) FROM stale) AS stale
  FROM claimed c
  JOIN public.mkt_wap_accounts a ON a.id = c.account_id
  LEFT JOIN public.mkt_wap_contacts ct ON ct.id = c.contact_id
  LEFT JOIN public.mkt_wap_groups g ON g.id = c.group_id
 ORDER BY coalesce(c.scheduled_for, c.created_at), c.id`;

export async function claimDueMessages(db: SqlExecutor, limit = CLAIM_BATCH): Promise<ClaimedMessage[]> {
  const { rows } = await db.query(CLAIM, { limit });
  return rows.map((r) => ({
    id: String(r.id),
    account_id: String(r.account_id),
    message_type: String(r.message_type),
    body: r.body === null ? null : String(r.body),
    template_name: r.template_name === null ? null : String(r.template_name),
    template_language: r.template_language === null ? null : String(r.template_language),
    template_parameters: Array.isArray(r.template_parameters) ? r.template_parameters.map(String) : null,
    phone_number_id: r.phone_number_id === null ? null : String(r.phone_number_id),
    account_status: String(r.account_status),
    access_token_sealed: r.access_token_sealed === null ? null : String(r.access_token_sealed),
    contact_wa_id: r.contact_wa_id === null ? null : String(r.contact_wa_id),
    contact_opted_out: r.contact_opted_out === true,
    group_external_id: r.group_external_id === null ? null : String(r.group_external_id),
    has_group: r.has_group === true,
    window_open: r.window_open === true,
  }));
}

/** What became of one claimed message. `released`: nothing reached Meta; a later run sends it. */
export type Recorded =
  | { state: 'accepted'; wamid: string }
  | { state: 'rejected'; code: string; message: string }
  | { state: 'unknown'; message: string }
  | { state: 'released'; message: string };

// Only the claim this run holds is recorded (send_state = 'claimed'). A status webhook may have come first
// (it finds the row by biz_opaque_callback_data) and stored the wamid and a later status, which are kept;
// then an "unknown" answer is in fact an accepted message.
const STATE = `(CASE WHEN p.given = 'unknown' AND m.external_message_id IS NOT NULL THEN 'accepted' ELSE p.given END)`;
const RECORD = `
UPDATE public.mkt_wap_messages AS m
   SET send_state = CASE ${STATE} WHEN 'released' THEN NULL ELSE ${STATE} END,
       send_claimed_at = CASE ${STATE} WHEN 'released' THEN NULL ELSE m.send_claimed_at END,
       external_message_id = coalesce(m.external_message_id, p.wamid),
       status = CASE WHEN ${STATE} = 'accepted' AND m.status IN ('queued', 'scheduled') THEN 'sent'
                     WHEN ${STATE} = 'rejected' THEN 'failed' ELSE m.status END,
       sent_at = CASE WHEN ${STATE} = 'accepted' THEN coalesce(m.sent_at, now()) ELSE m.sent_at END,
       failed_at = CASE WHEN ${STATE} = 'rejected' THEN coalesce(m.failed_at, now()) ELSE m.failed_at END,
       error_code = CASE WHEN ${STATE} = 'accepted' THEN m.error_code ELSE p.code END,
       error_message = CASE WHEN ${STATE} = 'accepted' THEN m.error_message ELSE p.message END
  FROM (SELECT CAST(:state AS text) AS given, CAST(:wamid AS text) AS wamid, CAST(:code AS text) AS code, CAST(:message AS text) AS message) p
 WHERE m.id = :id AND m.send_state = 'claimed'
RETURNING m.id`;

export async function recordOutcome(db: SqlExecutor, id: string, outcome: Recorded): Promise<boolean> {
  const { rows } = await db.query(RECORD, {
    id: sqlValue.uuid(id),
    state: outcome.state,
    wamid: outcome.state === 'accepted' ? outcome.wamid : null,
    code: outcome.state === 'rejected' ? outcome.code : outcome.state === 'unknown' ? 'outcome_unknown' : null,
    message: outcome.state === 'accepted' ? null : outcome.message,
  });
  return rows.length === 1;
}
