/**
 * `npm start`: the whole system locally, until Ctrl-C.
 * Environment: PORT (HTTP API, default 3000), LOCAL_DATA_DIR (default .local),
 * CORS_ORIGINS (comma list of browser origins; default the local dev servers),
 * POST_DISPATCH_SECONDS (seconds between social post-dispatch runs; default 10, 0 = off),
 * ASSET_SWEEP_MINUTES (how often the stale-upload sweep runs; default 15, 0 = never),
 * WHATSAPP_SEND_INTERVAL_MS (milliseconds between whatsapp-send runs; default 5000, 0 = off).
 */
import path from 'node:path';
import { noteNodeSupportOnce } from './node-support.js';
import { startLocalStack } from './stack.js';
import { ENV_FILE, removeStackFiles, writeStackFiles } from './stack-file.js';

// Before any AWS SDK client exists: one note instead of the SDK's repeated warning.
noteNodeSupportOnce();

const port = Number(process.env.PORT ?? 3000);
const dataDir = path.resolve(process.env.LOCAL_DATA_DIR ?? '.local');
const log = (line: string) => process.stdout.write(`${line}\n`);
const corsOrigins = process.env.CORS_ORIGINS?.split(',').map((o) => o.trim()).filter(Boolean);
const postDispatchSeconds = Number(process.env.POST_DISPATCH_SECONDS ?? 10);
const assetSweepMinutes = Number(process.env.ASSET_SWEEP_MINUTES ?? 15);
const whatsappSendIntervalMs = Number(process.env.WHATSAPP_SEND_INTERVAL_MS ?? 5000);

const stack = await startLocalStack({
  dataDir,
  httpPort: port,
  persistent: true,
  log,
  postDispatchSeconds,
  ...(Number.isFinite(whatsappSendIntervalMs) && whatsappSendIntervalMs > 0 ? { whatsappSendIntervalMs } : {}),
  ...(corsOrigins?.length ? { corsOrigins } : {}),
  ...(Number.isFinite(assetSweepMinutes) && assetSweepMinutes > 0 ? { assetSweepMinutes } : {}),
}).catch((error: unknown) => {
  process.stderr.write(`Could not start the local stack: ${(error as Error).message}\n`);
  process.exit(1);
});

// For `npm run demo` and a second terminal (`source .local/env.sh`); removed again on stop.
await writeStackFiles(
  dataDir,
  { pid: process.pid, api: stack.url, databaseUrl: stack.databaseUrl, startedAt: new Date().toISOString() },
  {
    api: stack.url,
    databaseUrl: stack.databaseUrl,
    dataDir,
    tokens: stack.tokens,
    ...(stack.whatsapp ? { whatsapp: { verifyToken: stack.whatsapp.secrets.verifyToken, appSecret: stack.whatsapp.secrets.appSecret } } : {}),
  },
);
// Relative when it lies below the working directory (`.local/env.sh`), else absolute.
const relativeEnv = path.relative(process.cwd(), path.join(dataDir, ENV_FILE));
const envFile = relativeEnv.startsWith('..') || path.isAbsolute(relativeEnv) ? path.join(dataDir, ENV_FILE) : relativeEnv;

log(`
Marketing ops API running at ${stack.url}
  API docs:      ${stack.url}/docs   (OpenAPI: ${stack.url}/openapi.json)
  Database:      psql ${stack.databaseUrl}
  Local S3:      ${stack.s3Endpoint}
  Data API:      ${stack.dataApiEndpoint}
  Graph API:     ${stack.graphApiUrl}   (stand-in; post-dispatch runs ${postDispatchSeconds > 0 ? `every ${postDispatchSeconds} s` : 'never (POST_DISPATCH_SECONDS=0)'})
  Migrations:    ${stack.migrations.applied.length} applied now, ${stack.migrations.skipped.length} already applied

Bearer tokens (valid 12 h; restart for new ones):
  admin:    ${stack.tokens.admin}
  marketer: ${stack.tokens.marketer}
  viewer:   ${stack.tokens.viewer}

${
  stack.whatsapp
    ? `WhatsApp (dev account ${stack.whatsapp.accountId}; sender every few seconds against the Cloud API stand-in ${stack.whatsapp.standInUrl}):
  callback URL:  ${stack.whatsapp.callbackUrl}
  verify token:  ${stack.whatsapp.secrets.verifyToken}
  app secret:    ${stack.whatsapp.secrets.appSecret}   (sign a delivery: npx tsx local/dev-whatsapp.ts <delivery.json> ${stack.url})

`
    : ''
}In another terminal (${envFile} sets API, TOKEN, ADMIN, MARKETER, VIEWER and LOCAL_DATABASE_URL):
  source ${envFile}
  npm run demo
  curl -s -H "Authorization: Bearer $TOKEN" $API/v1/content/CON-010001

Press Ctrl-C to stop.`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log(`\n${signal}: stopping…`);
  await removeStackFiles(dataDir);
  await stack.stop();
  log('Stopped.');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
