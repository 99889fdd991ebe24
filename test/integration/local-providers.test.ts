/**
 * The local stack wires the email-platform paths without AWS, as the README
 * shows: POST /local/ses-events runs the ses-events worker on an SES record
 * as SNS would deliver it, and the dev SendGrid key pair (created once in the
 * data folder) signs a delivery the local webhook accepts.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getExecutor, resetExecutorForTests } from '../../lambdas/platform/db/index.js';
import { loadDevSendgridKey, signDelivery } from '../../local/dev-sendgrid.js';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import { worldTraversableTempDir } from '../support/temp-dir.js';

process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

let stack: LocalStack;
let dataDir: string;
beforeAll(async () => {
  dataDir = await worldTraversableTempDir('mkt-local-providers-');
  stack = await startLocalStack({ dataDir, persistent: false });
  resetExecutorForTests();
  await getExecutor().query(`INSERT INTO directory.contacts (full_name, email) VALUES ('Recipient', 'recipient@example.com')`);
  const made = await fetch(`${stack.url}/v1/campaigns`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.tokens.marketer}`, 'content-type': 'application/json' },
    body: JSON.stringify({ campaign_name: 'Local', campaign_type: 'email' }),
  });
  // The samples name CMP-010001: the first campaign of a fresh database.
  expect(((await made.json()) as { campaign_id: string }).campaign_id).toBe('CMP-010001');
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  resetExecutorForTests();
  await rm(dataDir, { recursive: true, force: true });
});

const fixture = (name: string) => readFile(path.resolve('test/fixtures/providers', name), 'utf8');

describe('local email-platform paths', () => {
  it('delivers an SES record through POST /local/ses-events to the same worker, once', async () => {
    const body = await fixture('ses-delivery.json');
    const post = () => fetch(`${stack.url}/local/ses-events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const first = await post();
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ stored: 1, duplicates: 0, unmatched: 0, ignored: 0 });
    expect(await (await post()).json()).toMatchObject({ stored: 0, duplicates: 1 });
  });

  it('accepts a SendGrid delivery signed with the dev key pair, and refuses an unsigned one', async () => {
    const key = await loadDevSendgridKey(path.join(dataDir, 'dev-sendgrid-p256.pem'));
    const body = await fixture('sendgrid-events.json');
    const url = `${stack.url}/v1/webhooks/sendgrid`;
    const signed = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...signDelivery(key, body) }, body });
    expect(signed.status).toBe(200);
    expect(await signed.json()).toEqual({ stored: 5, duplicates: 0, unmatched: 0, ignored: 1 });
    const unsigned = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(unsigned.status).toBe(401);
  });
});
