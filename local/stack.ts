/**
 * The whole system on one machine: embedded PostgreSQL, the local Data API
 * endpoint, local S3 and the local HTTP API, with the same Lambda handler code
 * that runs in AWS. `npm start` (local/start.ts) and the stack test use it.
 */
// First: the handlers' load-time environment, before lambdas/app.js below loads them.
import './handler-defaults.js';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { mkdir } from 'node:fs/promises';
import pg from 'pg';
import type { S3Event } from 'aws-lambda';
import { domains, gatewayRoutes, routes } from '../lambdas/app.js';
import type { Role } from '../lambdas/platform/auth/index.js';
import { createDataApiClient, createDataApiExecutor } from '../lambdas/platform/db/index.js';
import { logger } from '../lambdas/platform/observability.js';
import { localLogLevel } from './log-level.js';
import { applyDatabaseRoles } from '../lambdas/workers/migrator/database-roles.js';
import { loadSchemaFiles, migrate } from '../lambdas/workers/migrator/index.js';
import { startLocalDataApi } from './data-api/index.js';
import { DEV_AUDIENCE, DEV_ISSUER, loadDevSigningKey, mintToken } from './dev-auth.js';
import { loadDevSendgridKey } from './dev-sendgrid.js';
import { loadDevSigningSecret } from './dev-signing.js';
import { useSigningSecret } from '../lambdas/platform/crypto/signing-secret.js';
import { startLocalHttpApi } from './http-api/index.js';
import { startDevWhatsapp, type DevWhatsapp } from './dev-whatsapp.js';
import { LOCAL_SES_DOMAIN, localSesGateway, localSesHandler } from './ses-route.js';
import { isRoot, reachableByOthers, startEmbeddedPostgres } from './postgres.js';
import { loadDomainAsDeployed, localDatabaseSecrets } from './postgres/function-logins.js';
import { startLocalS3 } from './s3.js';
import { startLocalSocialPublishing } from './social-publishing.js';
import { DEV_ORIGINS } from '../lib/app-config.js';

export const LOCAL_DATABASE = 'marketing';
export const LOCAL_BUCKET = 'marketing-content-library-local';
// Placeholders in the shape the SDK expects. The local endpoint logs in as the role of a call's secret:
// this one is the master's (migrations); each function role's is derived from it (postgres/function-logins.ts).
const LOCAL_CLUSTER_ARN = 'arn:aws:rds:us-east-1:000000000000:cluster:marketing-local';
const LOCAL_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:marketing-local';
const ROLES: readonly Role[] = ['admin', 'marketer', 'viewer'];
const SCHEMA_DIR = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'schema');

export interface LocalStackOptions {
  /** Where PostgreSQL data, S3 objects and the dev key live (git-ignored `.local/` by default). */
  dataDir: string;
  /** HTTP API port; 0 picks a free one. */
  httpPort?: number;
  /**
   * Browser origins allowed to call the API and POST uploads to local S3, as the
   * deployed stack's `corsOrigins`; default: a dev stage's, the local front-end dev servers.
   */
  corsOrigins?: readonly string[];
  /** Keep the database between runs (npm start) or remove it on stop (tests). */
  persistent?: boolean;
  /** Milliseconds between whatsapp-send runs against the local Cloud API stand-in; 0 or absent = not run. */
  whatsappSendIntervalMs?: number;
  /** Seconds between post-dispatch runs against the local Graph API stand-in; 0 or absent = not run. */
  postDispatchSeconds?: number;
  /** Run the asset-sweep worker every this many minutes, as its EventBridge schedule does in AWS; absent or 0: never. */
  assetSweepMinutes?: number;
  log?: (line: string) => void;
}

export interface LocalStack {
  url: string;
  s3Endpoint: string;
  dataApiEndpoint: string;
  /** `postgres://` URL of the local database as the Aurora-master-like role (for psql; the handlers go through the Data API). */
  databaseUrl: string;
  /** The Graph API stand-in the social publishers call (with the version). */
  graphApiUrl: string;
  tokens: Record<Role, string>;
  migrations: { applied: string[]; skipped: string[] };
  /** The dev WhatsApp account, its secrets and the Cloud API stand-in the sender uses (absent if it could not be set up). */
  whatsapp?: DevWhatsapp;
  stop(): Promise<void>;
}

export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
}

/**
 * Where the cluster lives: `<dataDir>/pgdata`, unless this process is root and
 * the server's `postgres` user cannot enter that folder (a checkout under
 * /root, say); then a folder of its own under /var/tmp, stable per checkout.
 */
export function postgresDataDir(dataDir: string, log: (line: string) => void): string {
  const preferred = path.join(dataDir, 'pgdata');
  if (!isRoot() || reachableByOthers(preferred)) return preferred;
  const id = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 12);
  const fallback = path.join(existsSync('/var/tmp') ? '/var/tmp' : '/tmp', 'marketing-ops-data', id, 'pgdata');
  log(`  (${preferred} is not reachable by the postgres user; keeping the database in ${fallback})`);
  return fallback;
}

/** Starts each part in dependency order; if one fails, stops those already running. */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const log = options.log ?? (() => undefined);
  const corsOrigins = options.corsOrigins ?? DEV_ORIGINS;
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    stops.length = 0;
  };
  try {
    await mkdir(options.dataDir, { recursive: true });
    log('Starting PostgreSQL 17 (the first start initialises the data folder)…');
    const postgres = await startEmbeddedPostgres({
      dataDir: postgresDataDir(options.dataDir, log),
      persistent: options.persistent ?? true,
    });
    stops.push(() => postgres.stop());
    await ensureDatabase(postgres.url(), LOCAL_DATABASE);
    await postgres.handOver(LOCAL_DATABASE); // Data API calls and migrations run as the Aurora-master-like role

    log('Starting the local Data API endpoint…');
    const secrets = localDatabaseSecrets({ masterSecretArn: LOCAL_SECRET_ARN, masterUrl: (db) => postgres.appUrl(db) });
    const dataApi = await startLocalDataApi({ connectionStringFor: secrets.connectionStringFor, defaultDatabase: LOCAL_DATABASE });
    stops.push(() => dataApi.stop());

    log('Starting local S3…');
    const s3 = await startLocalS3({
      directory: path.join(options.dataDir, 's3'),
      bucket: LOCAL_BUCKET,
      allowedOrigins: corsOrigins,
      onObjectCreated: async (event: S3Event) => {
        const { handler } = (await import('../lambdas/workers/asset-ingest/handler.js')) as {
          handler: (e: S3Event) => Promise<unknown>;
        };
        await handler(event);
      },
    });
    stops.push(() => s3.stop());

    // The handlers run in this process and read their configuration as in Lambda.
    Object.assign(process.env, {
      STAGE: 'local',
      AWS_REGION: process.env.AWS_REGION ?? 'us-east-1',
      DB_CLUSTER_ARN: LOCAL_CLUSTER_ARN,
      // Workers and anything run outside a domain handler: the write role, as every worker has in AWS.
      DB_SECRET_ARN: secrets.secretArnFor('write'),
      DB_NAME: LOCAL_DATABASE,
      DATA_API_ENDPOINT: dataApi.endpoint,
      CONTENT_BUCKET: LOCAL_BUCKET,
      S3_ENDPOINT: s3.endpoint,
      JWT_ISSUER: DEV_ISSUER,
      JWT_AUDIENCE: DEV_AUDIENCE,
      POWERTOOLS_SERVICE_NAME: process.env.POWERTOOLS_SERVICE_NAME ?? 'marketing-ops-local',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'WARN',
      // EMF metrics are for CloudWatch; locally they would flood the terminal.
      POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
    });
    // The handlers' logger was built when their modules loaded (lambdas/app.js, above), before this
    // environment existed, so it took the default (INFO): give it the level now.
    logger.setLogLevel(localLogLevel());

    log('Applying schema migrations through the Data API…');
    const client = createDataApiClient(dataApi.endpoint);
    stops.push(async () => client.destroy());
    const executor = createDataApiExecutor({
      client,
      resourceArn: LOCAL_CLUSTER_ARN,
      secretArn: LOCAL_SECRET_ARN,
      database: LOCAL_DATABASE,
    });
    const migrations = await migrate({ executor, files: await loadSchemaFiles(SCHEMA_DIR), log: (m) => log(`  ${m}`) });
    // As the deployed migration does after the schema: the function roles, with this start's passwords.
    const roleNames = await applyDatabaseRoles(executor, secrets.logins);
    log(`  database roles set up: ${roleNames.join(', ')}`);

    // After the migrations: the dispatch runs read the social tables.
    log('Starting the Graph API stand-in for the social publishers…');
    const social = await startLocalSocialPublishing({ everySeconds: options.postDispatchSeconds ?? 0, log });
    stops.push(() => social.stop());

    const key = await loadDevSigningKey(path.join(options.dataDir, 'dev-jwt-rs256.json'));
    // The SendGrid webhook verifies with the dev key pair's public half; local/dev-sendgrid.ts signs with its private half.
    const sendgrid = await loadDevSendgridKey(path.join(options.dataDir, 'dev-sendgrid-p256.pem'));
    process.env.SENDGRID_WEBHOOK_PUBLIC_KEY ??= sendgrid.publicKeyBase64;
    // The stage signing secret (list cursors, feed tokens), as Secrets Manager holds it in AWS.
    useSigningSecret(await loadDevSigningSecret(path.join(options.dataDir, 'dev-signing-secret')));
    const http = await startLocalHttpApi({
      // Plus POST /local/ses-events, standing in for the SES events SNS topic (local/ses-route.ts).
      gateway: [...gatewayRoutes, localSesGateway],
      // Each domain's calls carry the secret of the access it declares, as its own function's would in AWS.
      loadHandler: async (domain) => (domain === LOCAL_SES_DOMAIN ? localSesHandler : loadDomainAsDeployed(domain, secrets, domains)),
      routes,
      port: options.httpPort ?? 0,
      jwt: { key: key.publicKey, kid: key.kid, issuer: DEV_ISSUER, audience: DEV_AUDIENCE },
      // What API Gateway does with the stack's CORS configuration: preflights answered, allow headers added.
      cors: { allowOrigins: corsOrigins },
      log: (line) => log(line),
    });
    stops.push(() => http.stop());

    if (options.assetSweepMinutes) {
      // The worker's own handler, on a timer; a run that fails is logged and the next one tries again.
      const { handler: sweep } = await import('../lambdas/workers/asset-sweep/handler.js');
      const timer = setInterval(() => {
        sweep().catch((error: unknown) => log(`asset sweep failed: ${(error as Error).message}`));
      }, options.assetSweepMinutes * 60_000);
      timer.unref();
      stops.push(async () => clearInterval(timer));
    }

    // WhatsApp: a dev account with generated secrets, the Cloud API stand-in, and (npm start) the sender every few seconds (local/dev-whatsapp.ts).
    let whatsapp: DevWhatsapp | undefined;
    try {
      whatsapp = await startDevWhatsapp({
        db: executor,
        apiUrl: http.url,
        file: path.join(options.dataDir, 'dev-whatsapp.json'),
        ...(options.whatsappSendIntervalMs ? { sendIntervalMs: options.whatsappSendIntervalMs } : {}),
        log,
      });
      stops.push(() => whatsapp!.stop());
    } catch (error) {
      log(`  (WhatsApp dev account not set up: ${(error as Error).message})`);
    }

    const tokens = Object.fromEntries(
      await Promise.all(ROLES.map(async (role) => [role, await mintToken(role, `dev-${role}`, { key })] as const)),
    ) as Record<Role, string>;
    return {
      url: http.url,
      s3Endpoint: s3.endpoint,
      dataApiEndpoint: dataApi.endpoint,
      databaseUrl: postgres.appUrl(LOCAL_DATABASE),
      graphApiUrl: social.graphApiUrl,
      tokens,
      migrations,
      ...(whatsapp ? { whatsapp } : {}),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
