/**
 * One run of the sender: claim what is due, then send each claimed message
 * once and record its outcome. Rules that make a send pointless are applied
 * before any request: the account must be active with a number id and token,
 * a contact must not have opted out, and a message that is not a template
 * needs an open customer-service window when it goes to a contact (the API
 * checked it at creation for the planned time; it may have closed since).
 * The access token is opened here only, per account and run, and is used for
 * the Authorization header and nothing else.
 */
import type { SqlExecutor } from '../../platform/db/executor.js';
import { openAccountSecret } from '../../mkt-whatsapp/secrets.js';
import { sendMessage, type Outgoing, type SendOutcome } from './cloud-api.js';
import { claimDueMessages, recordOutcome, type ClaimedMessage, type Recorded } from './repository.js';

export interface SenderOptions {
  db: SqlExecutor;
  baseUrl: string;
  /** Messages sent at the same time. */
  concurrency?: number;
  timeoutMs?: number;
  /** Milliseconds the run may still take; a message is not started with less than `reserveMs` left (it is released). */
  remainingMs?: () => number;
  reserveMs?: number;
}

export interface RunSummary {
  claimed: number;
  accepted: number;
  rejected: number;
  unknown: number;
  released: number;
}

type Plan = { send: Outgoing } | { refuse: { code: string; message: string } };

function plan(m: ClaimedMessage): Plan {
  const refuse = (code: string, message: string): Plan => ({ refuse: { code, message } });
  if (m.account_status !== 'active' || !m.phone_number_id || !m.access_token_sealed) {
    return refuse('account_not_ready', 'The account is not active with a phone number id and an access token.');
  }
  if (m.contact_opted_out) return refuse('opted_out', 'The contact has opted out.');
  const recipient = m.has_group ? ('group' as const) : ('individual' as const);
  const to = m.has_group ? m.group_external_id : m.contact_wa_id;
  if (!to) return refuse('no_recipient', 'The group has no WhatsApp group id yet.');
  const callback = m.id;
  if (m.message_type === 'template') {
    return { send: { kind: 'template', to, recipient, name: m.template_name ?? '', language: m.template_language ?? 'en_US', parameters: m.template_parameters ?? [], callback } };
  }
  if (m.message_type !== 'text') return refuse('unsupported_type', `The sender sends text and template messages, not ${m.message_type}.`);
  if (!m.body) return refuse('empty_text', 'A text message needs a body.');
  if (!m.has_group && !m.window_open) {
    return refuse('outside_service_window', 'Outside the 24-hour customer-service window only a template message may be sent.');
  }
  return { send: { kind: 'text', to, recipient, text: m.body, callback } };
}

const toRecorded = (outcome: SendOutcome): Recorded => {
  switch (outcome.kind) {
    case 'accepted':
      return { state: 'accepted', wamid: outcome.wamid };
    case 'rejected':
      return { state: 'rejected', code: outcome.code, message: outcome.message };
    case 'not_sent':
      return { state: 'released', message: outcome.reason };
    case 'unknown':
      return { state: 'unknown', message: `${outcome.reason} Check before resending.` };
  }
};

export async function runSender(options: SenderOptions): Promise<RunSummary> {
  const claimed = await claimDueMessages(options.db);
  const summary: RunSummary = { claimed: claimed.length, accepted: 0, rejected: 0, unknown: 0, released: 0 };
  const tokens = new Map<string, Promise<string>>();
  const tokenOf = (m: ClaimedMessage) => {
    if (!tokens.has(m.account_id)) tokens.set(m.account_id, openAccountSecret(m.account_id, 'access_token', m.access_token_sealed!));
    return tokens.get(m.account_id)!;
  };
  const reserve = options.reserveMs ?? 15_000;
  const queue = [...claimed];

  const one = async (m: ClaimedMessage): Promise<void> => {
    let recorded: Recorded;
    const planned = plan(m);
    if (options.remainingMs && options.remainingMs() < reserve) recorded = { state: 'released', message: 'Not started: the run was out of time.' };
    else if ('refuse' in planned) recorded = { state: 'rejected', ...planned.refuse };
    else {
      let token: string;
      try {
        token = await tokenOf(m);
      } catch {
        recorded = { state: 'rejected', code: 'token_unreadable', message: 'The stored access token does not open; store it again.' };
        await recordOutcome(options.db, m.id, recorded);
        summary.rejected += 1;
        return;
      }
      const outcome = await sendMessage(
        { baseUrl: options.baseUrl, phoneNumberId: m.phone_number_id!, accessToken: token, ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}) },
        planned.send,
      );
      recorded = toRecorded(outcome);
    }
    await recordOutcome(options.db, m.id, recorded);
    summary[recorded.state] += 1;
  };

  const workers = Array.from({ length: Math.min(options.concurrency ?? 5, queue.length) }, async () => {
    for (let m = queue.shift(); m; m = queue.shift()) await one(m);
  });
  await Promise.all(workers);
  return summary;
}
