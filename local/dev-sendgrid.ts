/**
 * Local stand-in for SendGrid's Signed Event Webhook key pair: one P-256 key
 * generated on first use and kept in `.local/` (git-ignored), like the dev JWT
 * key. `npm start` gives its public half to the webhook; this command signs a
 * delivery with the private half and posts it, as SendGrid would:
 *
 *   npx tsx local/dev-sendgrid.ts test/fixtures/providers/sendgrid-events.json [http://127.0.0.1:3000]
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadOrCreateDevFile, runIfScript } from './dev-files.js';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Where `npm start` keeps it (its LOCAL_DATA_DIR, `.local` by default). */
export const DEV_SENDGRID_KEY_FILE = path.join(path.resolve(PROJECT_ROOT, process.env.LOCAL_DATA_DIR ?? '.local'), 'dev-sendgrid-p256.pem');

export interface DevSendgridKey {
  privateKey: KeyObject;
  /** As the SendGrid console shows a verification key: base64 of the DER SubjectPublicKeyInfo. */
  publicKeyBase64: string;
}

function fromPem(pem: string): DevSendgridKey {
  const privateKey = createPrivateKey(pem);
  return { privateKey, publicKeyBase64: createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).toString('base64') };
}

/** The dev key, generated once per checkout; link() makes the first writer win when two processes start together. */
export async function loadDevSendgridKey(file: string = DEV_SENDGRID_KEY_FILE): Promise<DevSendgridKey> {
  const pem = await loadOrCreateDevFile(file, () =>
    generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
  );
  return fromPem(pem);
}

/** The two headers SendGrid sends: a signature over timestamp + body. */
export function signDelivery(key: DevSendgridKey, body: string, timestamp = String(Math.floor(Date.now() / 1000))): Record<string, string> {
  return {
    'x-twilio-email-event-webhook-signature': sign('sha256', Buffer.from(timestamp + body, 'utf8'), key.privateKey).toString('base64'),
    'x-twilio-email-event-webhook-timestamp': timestamp,
  };
}

async function main([file, url = 'http://127.0.0.1:3000']: string[]): Promise<void> {
  if (!file) throw new Error('Usage: npx tsx local/dev-sendgrid.ts <events.json> [api url]');
  const body = await readFile(file, 'utf8');
  const response = await fetch(`${url}/v1/webhooks/sendgrid`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signDelivery(await loadDevSendgridKey(), body) },
    body,
  });
  process.stdout.write(`${response.status} ${await response.text()}\n`);
}

runIfScript(import.meta.url, main);
