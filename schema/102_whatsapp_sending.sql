-- 102_whatsapp_sending.sql — WhatsApp webhook secrets per account, template
-- parameters, the sender's claim state, pricing categories and the 24-hour
-- customer-service window.
--
-- Alters: public.mkt_wap_accounts, public.mkt_wap_messages (schema/74).
-- Depends on: 74_mkt_whatsapp.sql.
--
-- Choices:
--   * The webhook's app secret and verify token are per account (each account
--     has its own callback path, /v1/mkt/whatsapp/webhook/{account id}), so
--     accounts of different Meta apps can coexist. Like the access token they
--     are stored only sealed (KMS envelope, platform/crypto): the column holds
--     the UTF-8 bytes of the sealed form (`kms1.…`, `loc1.…`), never the
--     secret; token_kms_key_id names the key for all three.
--   * The seed's status list is kept exactly; what the sender knows about its
--     own attempt lives in send_state: `claimed` (a run took it; exactly one
--     run can, see lambdas/workers/whatsapp-send/), `accepted` (Meta answered
--     with a wamid), `rejected` (Meta refused it; status failed), `unknown`
--     (no answer: Meta may have sent it, so it is never sent again
--     automatically; a status webhook carrying our id in
--     biz_opaque_callback_data reconciles it).
--   * pricing_category is the category of the latest billable status Meta
--     reported (marketing, utility, authentication, service, …), so cost per
--     campaign can be counted per category.
--   * The customer-service window is a database rule (trigger below), so every
--     writer is held to it: outside 24 hours after the contact's last inbound
--     message on that account only a template may go to a contact.

ALTER TABLE public.mkt_wap_accounts
  ADD COLUMN app_secret_encrypted bytea,
  ADD COLUMN verify_token_encrypted bytea,
  ADD CONSTRAINT mkt_wap_accounts_webhook_key_check
    CHECK ((app_secret_encrypted IS NULL AND verify_token_encrypted IS NULL) OR token_kms_key_id IS NOT NULL);

COMMENT ON COLUMN public.mkt_wap_accounts.app_secret_encrypted IS
  'Sealed (KMS envelope) Meta app secret that signs this account''s webhook deliveries; never the plain secret.';
COMMENT ON COLUMN public.mkt_wap_accounts.verify_token_encrypted IS
  'Sealed (KMS envelope) verify token of this account''s webhook handshake.';

ALTER TABLE public.mkt_wap_messages
  ADD COLUMN template_language text,
  ADD COLUMN template_parameters jsonb,
  ADD COLUMN pricing_category text,
  ADD COLUMN send_state text,
  ADD COLUMN send_claimed_at timestamptz,
  ADD CONSTRAINT mkt_wap_messages_send_state_check
    CHECK (send_state IS NULL OR send_state IN ('claimed', 'accepted', 'rejected', 'unknown')),
  ADD CONSTRAINT mkt_wap_messages_send_claim_check
    CHECK (send_state IS NULL OR (direction = 'outbound' AND send_claimed_at IS NOT NULL)),
  ADD CONSTRAINT mkt_wap_messages_template_parameters_check
    CHECK (template_parameters IS NULL OR jsonb_typeof(template_parameters) = 'array');

-- What the sender's claim reads: outbound messages nobody has claimed yet, by due time.
CREATE INDEX idx_mkt_wap_messages_unclaimed_due ON public.mkt_wap_messages (coalesce(scheduled_for, created_at), id)
  WHERE direction = 'outbound' AND send_state IS NULL AND status IN ('queued', 'scheduled');
-- Stale claims (a run that stopped before recording its outcome).
CREATE INDEX idx_mkt_wap_messages_claimed ON public.mkt_wap_messages (send_claimed_at) WHERE send_state = 'claimed';
-- The window check: a contact's inbound messages on an account, newest first.
CREATE INDEX idx_mkt_wap_messages_inbound_contact ON public.mkt_wap_messages (contact_id, account_id, sent_at)
  WHERE direction = 'inbound';

-- Whether the customer-service window is open between this contact and this
-- account at `at`: the contact wrote to the account within the 24 hours before.
CREATE FUNCTION public.mkt_wap_service_window_open(p_contact uuid, p_account uuid, p_at timestamptz)
RETURNS boolean
LANGUAGE sql
STABLE
AS $$
  SELECT EXISTS (
    SELECT 1 FROM public.mkt_wap_messages i
    WHERE i.contact_id = p_contact AND i.account_id = p_account AND i.direction = 'inbound'
      AND i.sent_at > p_at - interval '24 hours' AND i.sent_at <= p_at)
$$;

-- Only templates open a conversation: any other outbound message to a contact
-- (not a group) must fall inside the window at its send time (now, or when
-- scheduled). The HINT is the caller's explanation (platform/http/error-mapping.ts).
CREATE FUNCTION public.mkt_wap_messages_service_window()
RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
  IF NEW.direction = 'outbound' AND NEW.message_type <> 'template' AND NEW.contact_id IS NOT NULL AND NEW.group_id IS NULL
     AND NOT public.mkt_wap_service_window_open(NEW.contact_id, NEW.account_id, greatest(coalesce(NEW.scheduled_for, now()), now())) THEN
    RAISE EXCEPTION 'WhatsApp customer-service window closed for contact %', NEW.contact_id
      USING ERRCODE = 'check_violation',
            HINT = 'message_type: outside the 24-hour customer-service window (24 hours after the contact''s last message to this account, at the send time) only a template message may be sent.';
  END IF;
  RETURN NEW;
END;
$$;

CREATE TRIGGER trg_mkt_wap_messages_service_window
  BEFORE INSERT ON public.mkt_wap_messages
  FOR EACH ROW EXECUTE FUNCTION public.mkt_wap_messages_service_window();
