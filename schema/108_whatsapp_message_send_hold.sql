-- 108_whatsapp_message_send_hold.sql — an outbound WhatsApp message cannot be
-- changed or deleted once the sender has taken it.
--
-- Creates: function public.mkt_wap_messages_send_hold(), trigger
--   trg_mkt_wap_messages_send_hold on public.mkt_wap_messages.
-- Depends on: 74 (mkt_wap_messages), 102 (send_state).
--
-- Why: the whatsapp-send worker claims a message (send_state `claimed`),
-- then calls the Cloud API with the content it read in its claim. A PATCH in
-- that window made the stored message differ from the one sent, and a DELETE
-- made a sent message vanish (and left its status webhooks nothing to land on).
--
-- Choices:
--   * A trigger, not a condition in the API's statements: it runs on the row
--     as it is when the write has locked it, so a claim that commits between
--     the caller's read (or its statement's snapshot) and its write is seen;
--     and it holds for every writer, not only the generic PATCH/DELETE.
--   * It raises SQLSTATE WA409 (an implementation-defined class) with the
--     reason in HINT; the API turns exactly that code into a 409 naming
--     params.id (lambdas/mkt-whatsapp/message-writes.ts). A stale If-Match is
--     still a 412 first: the API's conditional write does not reach the row.
--   * Refused, on outbound messages only (the API never writes inbound ones;
--     they stay as they were):
--       claimed                      → no change, no delete (being sent now);
--       accepted, or status sent /
--         delivered / read           → no change, no delete (it went out);
--       unknown                      → no change, no delete (it may have gone
--                                      out; a status webhook reconciles it);
--       rejected, or status failed   → no change (it is never sent again, so an
--                                      edit would only falsify the record of
--                                      what Meta refused); delete is allowed.
--     A message the sender released (nothing reached Meta) has send_state
--     NULL again and is editable until the next claim.
--   * UPDATE only of the columns that say what is sent, to whom, when and on
--     whose behalf (everything the API's PATCH can write, and the columns it
--     cannot). The sender's and the webhook's own writes (send_state, status,
--     timestamps, wamid, errors, pricing) are not edits and are never refused.
--   * pg_trigger_depth() > 1 lets foreign-key actions through: deleting a
--     contact or group still CASCADEs to its messages, and deleting a campaign
--     or content still SETs NULL on them (74's ON DELETE rules).

CREATE FUNCTION public.mkt_wap_messages_send_hold()
RETURNS trigger
LANGUAGE plpgsql
AS $$
DECLARE
  why text;
BEGIN
  IF pg_trigger_depth() > 1 OR OLD.direction <> 'outbound' THEN
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  why := CASE
    WHEN OLD.send_state = 'claimed' THEN
      'It is being sent: the sender has claimed it (send_state claimed).'
    WHEN OLD.send_state = 'accepted' OR OLD.status IN ('sent', 'delivered', 'read') THEN
      format('It has been sent: WhatsApp accepted it (status %s).', OLD.status)
    WHEN OLD.send_state = 'unknown' THEN
      'Its send got no answer, so WhatsApp may have sent it (send_state unknown).'
    WHEN TG_OP = 'UPDATE' AND (OLD.send_state = 'rejected' OR OLD.status = 'failed') THEN
      'It failed and is never sent again (status failed): create a new message instead.'
  END;
  IF why IS NULL THEN
    RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
  END IF;
  RAISE EXCEPTION 'WhatsApp message % cannot be %: %', OLD.id, CASE TG_OP WHEN 'DELETE' THEN 'deleted' ELSE 'changed' END, why
    USING ERRCODE = 'WA409', HINT = why;
END;
$$;

CREATE TRIGGER trg_mkt_wap_messages_send_hold
  BEFORE UPDATE OF account_id, campaign_id, content_id, group_id, contact_id, direction, message_type, template_name, body,
                   media_url, scheduled_for, template_language, template_parameters
      OR DELETE ON public.mkt_wap_messages
  FOR EACH ROW EXECUTE FUNCTION public.mkt_wap_messages_send_hold();

COMMENT ON FUNCTION public.mkt_wap_messages_send_hold() IS
  'Refuses (SQLSTATE WA409) changes to, and deletion of, an outbound WhatsApp message the sender has claimed or that has (or may have) gone out.';
