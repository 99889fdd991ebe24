/**
 * WhatsApp on the local stack: a dev account, its secrets, a Cloud API
 * stand-in and the sender on a short schedule.
 *
 * The dev app secret, verify token and access token are generated once into
 * `.local/dev-whatsapp.json` (git-ignored; delete it to rotate), like the dev
 * SendGrid key. `npm start` stores them, sealed, on a dev account
 * (DEV_ACCOUNT_ID, phone number id DEV_PHONE_NUMBER_ID, as in the test
 * fixtures), starts the stand-in (local/stand-ins/whatsapp-cloud-api.ts) for
 * that number with that token, posting signed statuses to the account's
 * callback URL, and runs the whatsapp-send worker every few seconds against it.
 *
 * This file is also the command that signs a delivery with the dev app secret
 * and posts it, as Meta would:
 *
 *   npx tsx local/dev-whatsapp.ts [--now] test/domains/mkt-whatsapp/fixtures/inbound-messages.json [http://127.0.0.1:3000]
 *
 * `--now` makes the sample a new delivery first (then signs those bytes):
 * every `"timestamp"` becomes the current time and every wamid gets a suffix,
 * so it is stored again and opens the 24-hour customer-service window.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadOrCreateDevFile, runIfScript } from './dev-files.js';
import type { SqlExecutor } from '../lambdas/platform/db/executor.js';
import { sqlValue } from '../lambdas/platform/db/values.js';
import { sealAccountSecret, sealingKeyId } from '../lambdas/mkt-whatsapp/secrets.js';
import { startCloudApiStandIn, type CloudApiStandIn } from './stand-ins/whatsapp-cloud-api.js';

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEV_WHATSAPP_FILE = path.join(path.resolve(PROJECT_ROOT, process.env.LOCAL_DATA_DIR ?? '.local'), 'dev-whatsapp.json');
/** Fixed, so the signing command knows the callback path without asking the database. */
export const DEV_ACCOUNT_ID = '01900000-0000-7000-8000-00000000da7a';
export const DEV_PHONE_NUMBER_ID = '106540352242922';
const DEV_PHONE = '+15550783881';

export interface DevWhatsappSecrets {
  appSecret: string;
  verifyToken: string;
  accessToken: string;
}

/** Generated once per checkout. */
export async function loadDevWhatsappSecrets(file: string = DEV_WHATSAPP_FILE): Promise<DevWhatsappSecrets> {
  const text = await loadOrCreateDevFile(file, () =>
    JSON.stringify(
      {
        appSecret: randomBytes(16).toString('hex'),
        verifyToken: `dev-verify-${randomBytes(8).toString('hex')}`,
        accessToken: `dev-token-${randomBytes(16).toString('hex')}`,
      } satisfies DevWhatsappSecrets,
      null,
      2,
    ),
  );
  return JSON.parse(text) as DevWhatsappSecrets;
}

/** The dev account, created or given the current secrets (one statement). */
async function ensureDevAccount(db: SqlExecutor, secrets: DevWhatsappSecrets): Promise<void> {
  const seal = (secret: 'access_token' | 'app_secret' | 'verify_token', value: string) => sealAccountSecret(DEV_ACCOUNT_ID, secret, value);
  await db.query(
    `INSERT INTO public.mkt_wap_accounts AS a (id, display_name, phone_e164, waba_id, phone_number_id, status, access_token_encrypted, app_secret_encrypted, verify_token_encrypted, token_kms_key_id)
     VALUES (:id, 'Dev WhatsApp (local stand-in)', :phone, '102290129340398', :number, 'active', :token, :app, :verify, :key)
     ON CONFLICT (id) DO UPDATE SET access_token_encrypted = EXCLUDED.access_token_encrypted, app_secret_encrypted = EXCLUDED.app_secret_encrypted,
       verify_token_encrypted = EXCLUDED.verify_token_encrypted, token_kms_key_id = EXCLUDED.token_kms_key_id, status = 'active'`,
    {
      id: sqlValue.uuid(DEV_ACCOUNT_ID),
      phone: DEV_PHONE,
      number: DEV_PHONE_NUMBER_ID,
      token: await seal('access_token', secrets.accessToken),
      app: await seal('app_secret', secrets.appSecret),
      verify: await seal('verify_token', secrets.verifyToken),
      key: sealingKeyId(),
    },
  );
}

export interface DevWhatsapp {
  secrets: DevWhatsappSecrets;
  accountId: string;
  callbackUrl: string;
  standInUrl: string;
  stop(): Promise<void>;
}

/**
 * After the HTTP API is up (the stand-in posts statuses to it). `sendIntervalMs`:
 * the sender's period; absent or 0, the sender does not run (a test stack has no
 * background writes unless it asks for them).
 */
export async function startDevWhatsapp(options: {
  db: SqlExecutor;
  apiUrl: string;
  file?: string;
  sendIntervalMs?: number;
  log: (line: string) => void;
}): Promise<DevWhatsapp> {
  const secrets = await loadDevWhatsappSecrets(options.file);
  await ensureDevAccount(options.db, secrets);
  const callbackUrl = `${options.apiUrl}/v1/mkt/whatsapp/webhook/${DEV_ACCOUNT_ID}`;
  const cloud: CloudApiStandIn = await startCloudApiStandIn({
    numbers: [{ phoneNumberId: DEV_PHONE_NUMBER_ID, displayPhoneNumber: DEV_PHONE.slice(1), wabaId: '102290129340398', accessToken: secrets.accessToken, appSecret: secrets.appSecret, callbackUrl }],
    statusDelayMs: 1000,
    log: options.log,
  });
  process.env.WHATSAPP_API_BASE_URL = cloud.baseUrl;
  const { handler } = await import('../lambdas/workers/whatsapp-send/handler.js');
  let running = false;
  const period = options.sendIntervalMs ?? 0;
  const timer = period <= 0 ? undefined : setInterval(() => {
    // A run still going is left to finish: runs never overlap here (they could; claims keep that safe).
    if (running) return;
    running = true;
    void handler()
      .then((s) => {
        if (s.claimed) options.log(`  whatsapp-send: claimed ${s.claimed}, accepted ${s.accepted}, rejected ${s.rejected}, unknown ${s.unknown}, released ${s.released}`);
      })
      .catch((error: unknown) => options.log(`  whatsapp-send failed: ${(error as Error).message}`))
      .finally(() => {
        running = false;
      });
  }, period);
  return {
    secrets,
    accountId: DEV_ACCOUNT_ID,
    callbackUrl,
    standInUrl: cloud.baseUrl,
    stop: async () => {
      clearInterval(timer);
      await cloud.settled();
      await cloud.stop();
    },
  };
}

/** The header Meta sends: HMAC-SHA256 of the exact bytes, keyed with the app secret. */
export function signDelivery(appSecret: string, body: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(body, 'utf8').digest('hex')}`;
}

async function main(args: string[]): Promise<void> {
  const now = args.includes('--now');
  const [file, url = 'http://127.0.0.1:3000'] = args.filter((a) => a !== '--now');
  if (!file) throw new Error('Usage: npx tsx local/dev-whatsapp.ts [--now] <delivery.json> [api url]');
  const raw = await readFile(file, 'utf8');
  const seconds = String(Math.floor(Date.now() / 1000));
  const body = now ? raw.replace(/"timestamp":(\s*)"\d+"/g, `"timestamp":$1"${seconds}"`).replace(/"(wamid\.[^"]+)"/g, `"$1.${seconds}"`) : raw;
  const { appSecret } = await loadDevWhatsappSecrets();
  const response = await fetch(`${url}/v1/mkt/whatsapp/webhook/${DEV_ACCOUNT_ID}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': signDelivery(appSecret, body) },
    body,
  });
  process.stdout.write(`${response.status} ${await response.text()}\n`);
}

runIfScript(import.meta.url, main);
