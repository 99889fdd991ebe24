/**
 * A WhatsApp message the sender holds cannot be changed or deleted through
 * the local HTTP API: claimed (being sent), sent, or with an unknown outcome,
 * PATCH and DELETE answer 409 problem+json naming params.id and change
 * nothing; a failed one can be deleted but not changed; an unclaimed one is
 * editable as before. The claims are the worker's own statements
 * (lambdas/workers/whatsapp-send/repository.ts), including a claim that
 * commits while the PATCH waits for the row, and a stale If-Match stays a 412.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../../lambdas/app.js';
import { getExecutor } from '../../../lambdas/platform/db/index.js';
import { buildOpenApiDocument } from '../../../lambdas/platform/openapi.js';
import type { SqlExecutor } from '../../../lambdas/platform/db/executor.js';
import { claimDueMessages, recordOutcome, type ClaimedMessage } from '../../../lambdas/workers/whatsapp-send/repository.js';
import { startTestApi, type ApiResponse, type TestApi } from '../../support/api.js';
import { insertCampaign, insertWapAccount, insertWapContact } from '../../support/mkt-fixtures.js';
import type { Problem } from '../../support/types.js';

type Message = { id: string; body: string | null; template_name: string | null; send_state: string | null; status: string };

let api: TestApi;
let accountId: string;
let phones = 0;

beforeAll(async () => {
  api = await startTestApi();
  accountId = await insertWapAccount(api.db.pool, '+15550910000');
});
afterAll(async () => {
  await api.stop();
});

const path = (id: string) => `/v1/mkt/whatsapp/messages/${id}`;

/** A queued template message to a new contact (due now), or scheduled for later (never claimed here). */
async function newMessage(later = false): Promise<string> {
  const contactId = await insertWapContact(api.db.pool, `+1555092${String(1000 + ++phones)}`);
  const created = await api.request<Message>('POST', '/v1/mkt/whatsapp/messages', {
    as: 'marketer',
    body: {
      account_id: accountId,
      contact_id: contactId,
      message_type: 'template',
      template_name: 'stay_reminder',
      body: 'Check-in is at 3 pm.',
      ...(later ? { scheduled_for: new Date(Date.now() + 86_400_000).toISOString() } : {}),
    },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.id;
}

/** The worker's claim, which must take exactly these messages (earlier ones are claimed or not due). */
async function claim(ids: string[], db: SqlExecutor = getExecutor()): Promise<ClaimedMessage[]> {
  const claimed = await claimDueMessages(db);
  expect(claimed.map((m) => m.id).sort()).toEqual([...ids].sort());
  return claimed;
}

/** The whole stored row (every column, updated_at included), to prove a refusal changed nothing. */
const stored = async (id: string) =>
  (await api.db.pool.query<{ row: Record<string, unknown> | null }>(`SELECT (SELECT to_jsonb(m) FROM public.mkt_wap_messages m WHERE m.id = $1) AS row`, [id])).rows[0]!.row;

const etagOf = async (id: string) => {
  const read = await api.request('GET', path(id), { as: 'viewer' });
  expect(read.status).toBe(200);
  return read.headers.get('etag')!;
};

const patch = (id: string, headers: Record<string, string> = {}) =>
  api.request<Problem & Message>('PATCH', path(id), { as: 'marketer', body: { body: 'Check-in moved to 5 pm.', template_name: 'stay_changed' }, headers });
const remove = (id: string, headers: Record<string, string> = {}) => api.request<Problem>('DELETE', path(id), { as: 'admin', headers });

function expectHeld(response: ApiResponse<Problem>, why: RegExp): void {
  expect(response.status, JSON.stringify(response.body)).toBe(409);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(response.body.errors).toEqual([{ path: 'params.id', message: expect.stringMatching(why) }]);
  expect(response.body.detail).toMatch(/Nothing was changed\.$/);
}

describe('a claimed message', () => {
  it('answers 409 to PATCH and DELETE, with or without If-Match, and stays exactly as the sender claimed it', async () => {
    const id = await newMessage();
    const [claimed] = await claim([id]);
    const before = await stored(id);
    expect(before).toMatchObject({ send_state: 'claimed', body: 'Check-in is at 3 pm.' });
    const fresh = await etagOf(id);

    const changed = await patch(id, { 'if-match': fresh });
    expectHeld(changed, /being sent.*claimed/);
    expect(changed.body.detail).toMatch(new RegExp(`^WhatsApp message ${id} cannot be changed`));
    expectHeld(await patch(id), /claimed/);
    const deleted = await remove(id, { 'if-match': fresh });
    expectHeld(deleted, /claimed/);
    expect(deleted.body.detail).toMatch(/cannot be deleted/);
    expectHeld(await remove(id), /claimed/);

    expect(await stored(id)).toEqual(before);
    // What the sender sends is what is stored.
    expect(claimed).toMatchObject({ body: 'Check-in is at 3 pm.', template_name: 'stay_reminder' });
    expect((await api.request('GET', path(id), { as: 'viewer' })).status).toBe(200);
  });
});

describe('after the sender', () => {
  it('refuses changes and deletion of a sent message or one with an unknown outcome; a failed one can be deleted, not changed; a released one is editable again', async () => {
    const [sent, unknown, failed, released] = [await newMessage(), await newMessage(), await newMessage(), await newMessage()];
    await claim([sent!, unknown!, failed!, released!]);
    const db = getExecutor();
    expect(await recordOutcome(db, sent!, { state: 'accepted', wamid: `wamid.HOLD-${sent}` })).toBe(true);
    expect(await recordOutcome(db, unknown!, { state: 'unknown', message: 'No answer.' })).toBe(true);
    expect(await recordOutcome(db, failed!, { state: 'rejected', code: '132001', message: 'Template name does not exist.' })).toBe(true);
    expect(await recordOutcome(db, released!, { state: 'released', message: 'Throttled.' })).toBe(true);

    for (const [id, why] of [[sent!, /has been sent.*status sent/], [unknown!, /may have sent it.*unknown/]] as const) {
      const before = await stored(id);
      expectHeld(await patch(id), why);
      expectHeld(await remove(id), why);
      expect(await stored(id)).toEqual(before);
    }

    const failedBefore = await stored(failed!);
    expectHeld(await patch(failed!), /failed.*create a new message/);
    expect(await stored(failed!)).toEqual(failedBefore);
    expect((await remove(failed!)).status).toBe(204);
    expect(await stored(failed!)).toBeNull();

    // Nothing reached Meta: send_state is NULL again, and the next run sends the edited text.
    const edited = await patch(released!);
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ body: 'Check-in moved to 5 pm.', send_state: null });
    const [again] = await claim([released!]);
    expect(again).toMatchObject({ body: 'Check-in moved to 5 pm.', template_name: 'stay_changed' });
  });
});

describe('an unclaimed message', () => {
  it('is changed with its current If-Match and deleted as before; inbound messages are not held', async () => {
    const id = await newMessage(true);
    const changed = await patch(id, { 'if-match': await etagOf(id) });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ body: 'Check-in moved to 5 pm.', template_name: 'stay_changed', status: 'scheduled', send_state: null });
    expect((await remove(id, { 'if-match': await etagOf(id) })).status).toBe(204);
    expect((await api.request('GET', path(id), { as: 'viewer' })).status).toBe(404);

    const contactId = await insertWapContact(api.db.pool, '+15550939999');
    const inbound = (await api.db.pool.query<{ id: string }>(
      `INSERT INTO public.mkt_wap_messages (account_id, contact_id, direction, status, body, external_message_id, sent_at)
       VALUES ($1, $2, 'inbound', 'received', 'Hello', 'wamid.IN-HOLD', now()) RETURNING id`,
      [accountId, contactId],
    )).rows[0]!.id;
    expect((await remove(inbound)).status).toBe(204);
  });
});

/** Waits until `count` statements of this database wait for a lock (the requests have reached the claimed row). */
async function untilWaitingForLock(count: number): Promise<void> {
  for (let i = 0; i < 400; i++) {
    const { rows } = await api.db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    if (rows[0]!.n >= count) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`Fewer than ${count} requests waited for the claimed row.`);
}

describe('a claim racing the client', () => {
  it('between the read and the write: a stale If-Match is a 412 (read again first), the fresh one a 409', async () => {
    const id = await newMessage();
    const read = await etagOf(id);
    await claim([id]);
    const before = await stored(id);
    const stalePatch = await patch(id, { 'if-match': read });
    expect(stalePatch.status).toBe(412);
    expect((await remove(id, { 'if-match': read })).status).toBe(412);
    expect(await stored(id)).toEqual(before);
    expectHeld(await patch(id, { 'if-match': await etagOf(id) }), /claimed/);
    expect(await stored(id)).toEqual(before);
  });

  it('committing while the PATCH or DELETE waits for the row: refused, since the check runs on the row the write has locked', async () => {
    const id = await newMessage();
    const read = await etagOf(id);
    const pending: Promise<ApiResponse<Problem>>[] = [];
    let claimed: ClaimedMessage[] = [];
    // The claim holds the row locked in its transaction; each request starts meanwhile and must wait for it.
    await getExecutor().transaction(async (tx) => {
      claimed = await claim([id], tx);
      pending.push(patch(id), remove(id), patch(id, { 'if-match': read }));
      await untilWaitingForLock(3);
    });
    const [changed, deleted, stale] = await Promise.all(pending);
    expectHeld(changed!, /claimed/);
    expectHeld(deleted!, /claimed/);
    // Its If-Match was read before the claim: the row it names is gone, so the precondition answers first.
    expect(stale!.status).toBe(412);
    expect(await stored(id)).toMatchObject({ send_state: 'claimed', body: 'Check-in is at 3 pm.', template_name: 'stay_reminder' });
    expect(claimed[0]).toMatchObject({ body: 'Check-in is at 3 pm.', template_name: 'stay_reminder' });
  });
});

describe('the rule in the database', () => {
  it('holds for any writer (SQLSTATE WA409), yet lets foreign-key actions through: a deleted campaign unlinks, a deleted contact removes', async () => {
    const campaign = await insertCampaign(api.db.pool);
    const id = await newMessage();
    await api.db.pool.query(`UPDATE public.mkt_wap_messages SET campaign_id = $2 WHERE id = $1`, [id, campaign.id]);
    await claim([id]);
    expect(await recordOutcome(getExecutor(), id, { state: 'accepted', wamid: `wamid.FK-${id}` })).toBe(true);
    await expect(api.db.pool.query(`UPDATE public.mkt_wap_messages SET body = 'rewritten' WHERE id = $1`, [id])).rejects.toMatchObject({ code: 'WA409' });
    await expect(api.db.pool.query(`DELETE FROM public.mkt_wap_messages WHERE id = $1`, [id])).rejects.toMatchObject({ code: 'WA409' });
    // The sender's and the webhook's own columns are not edits.
    await api.db.pool.query(`UPDATE public.mkt_wap_messages SET status = 'delivered', delivered_at = now() WHERE id = $1`, [id]);

    await api.db.pool.query(`DELETE FROM public.mkt_campaigns WHERE id = $1`, [campaign.id]);
    expect(await stored(id)).toMatchObject({ campaign_id: null, status: 'delivered', body: 'Check-in is at 3 pm.' });
    const contactId = (await stored(id))!.contact_id as string;
    expect((await api.request('DELETE', `/v1/mkt/whatsapp/contacts/${contactId}`, { as: 'admin' })).status).toBe(204);
    expect(await stored(id)).toBeNull();
  });

  it('is documented: the OpenAPI 409 of PATCH and DELETE of a message says when', () => {
    const doc = buildOpenApiDocument({ routes }) as unknown as { paths: Record<string, Record<string, { responses: Record<string, { description: string }> }>> };
    const item = doc.paths['/v1/mkt/whatsapp/messages/{id}']!;
    expect(item.patch!.responses['409']!.description).toMatch(/held by the sender.*A failed message cannot be changed/s);
    expect(item.delete!.responses['409']!.description).toMatch(/held by the sender.*A failed message can be deleted/s);
  });
});
