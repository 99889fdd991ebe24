/**
 * The deployment's settings, read from CDK context (`cdk.json` defaults,
 * overridden with `-c key=value`) and checked before any construct is built,
 * so a typo fails `cdk synth` with a message that names the key.
 */
import { DEFAULT_GRAPH_BASE_URL, DEFAULT_GRAPH_VERSION } from '../lambdas/workers/post-dispatch/graph-config.js';

/** How the API authenticates callers: a Cognito user pool we create, or an issuer the platform already runs. */
export type AuthConfig =
  | { readonly kind: 'cognito' }
  | { readonly kind: 'issuer'; readonly issuer: string; readonly audience: readonly string[] };

export interface AppConfig {
  readonly stage: string;
  /** dev stages trade safety for cost and easy teardown (no deletion protection, data removed with the stack). */
  readonly isDevStage: boolean;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly corsOrigins: readonly string[];
  readonly auth: AuthConfig;
  readonly alarmEmail?: string;
  /** SendGrid's Signed Event Webhook verification key (public; base64 DER as the console shows it). */
  readonly sendgridWebhookPublicKey?: string;
  readonly apiThrottleRate: number;
  readonly apiThrottleBurst: number;
  /** Tighter limits for the routes anyone may call with no token or signature (liveness, calendar feeds). */
  readonly publicRouteThrottleRate: number;
  readonly publicRouteThrottleBurst: number;
  /** Minutes between post-dispatch runs; 0 disables the schedule. */
  readonly postDispatchMinutes: number;
  /** Where the social publishers reach the Graph API (no version), and which version they call. */
  readonly graphApiBaseUrl: string;
  readonly graphApiVersion: string;
  /** Minutes between segment refreshes; 0 disables the schedule. */
  readonly segmentRefreshMinutes: number;
  /** Minutes between campaign metrics refreshes; 0 disables the schedule. */
  readonly metricsRefreshMinutes: number;
  /** Minutes between sweeps of uploads stuck in 'processing'; 0 disables the schedule. */
  readonly assetSweepMinutes: number;
  /** Minutes between WhatsApp sender runs; 0 disables the schedule. */
  readonly whatsappSendMinutes: number;
  /** Tests only: skip esbuild and ship an inline stub, so synth is fast and offline. */
  readonly skipBundling: boolean;
  readonly account?: string;
  readonly region?: string;
}

/** Every context key the app reads, with what it means (shown in error messages and the README). */
export const CONTEXT_KEYS = {
  stage: 'required; lower-case name such as dev, staging, prod (dev or dev-* = disposable stage)',
  minCapacity: 'Aurora Serverless v2 minimum ACUs, 0–256 in steps of 0.5 (0 = pause when idle)',
  maxCapacity: 'Aurora Serverless v2 maximum ACUs, 1–256 in steps of 0.5, at least minCapacity',
  corsOrigins: 'origins allowed to call the API and POST uploads to the bucket: JSON array or comma list of https:// origins (http://localhost allowed); required except for dev stages, which default to the local dev servers',
  jwtIssuer: 'optional https:// issuer URL of an existing JWT provider; when absent a Cognito user pool is created',
  jwtAudience: 'required with jwtIssuer: JSON array or comma list of accepted audiences (client ids)',
  alarmEmail: 'optional e-mail address subscribed to the alarm topic',
  sendgridWebhookPublicKey: 'optional SendGrid Signed Event Webhook verification key (base64, as the SendGrid console shows it); without it the webhook answers 503',
  apiThrottleRate: 'API stage steady-state requests per second',
  apiThrottleBurst: 'API stage burst requests',
  publicRouteThrottleRate: 'requests per second for each route callable without a token or signature (GET /v1/health, the calendar feed); default 10',
  publicRouteThrottleBurst: 'burst requests for each such route; default 20',
  postDispatchMinutes: 'minutes between post-dispatch runs (default 5; 0 = off). Each run wakes a paused cluster',
  graphApiBaseUrl: `https URL the social publishers call the Graph API at, without the version (default ${DEFAULT_GRAPH_BASE_URL})`,
  graphApiVersion: `Graph API version the social publishers call, like v24.0 (default ${DEFAULT_GRAPH_VERSION})`,
  segmentRefreshMinutes: 'minutes between segment refreshes (default 60; 0 = off). Each run wakes a paused cluster',
  metricsRefreshMinutes: 'minutes between campaign metrics refreshes (default 60; 0 = off). Each run wakes a paused cluster',
  assetSweepMinutes: 'minutes between sweeps of uploads stuck in processing (default 60; 0 = off). Each run wakes a paused cluster',
  whatsappSendMinutes: 'minutes between WhatsApp sender runs (default 5; 0 = off). Each run wakes a paused cluster',
  skipBundling: 'tests only: "true" replaces esbuild bundles with an inline stub',
} as const;

/** The origins a dev stage allows when none are given: the local front-end dev servers. */
export const DEV_ORIGINS = ['http://localhost:3000', 'http://localhost:5173'] as const;

export class ConfigError extends Error {
  constructor(key: keyof typeof CONTEXT_KEYS, problem: string) {
    super(`Bad CDK context "${key}": ${problem}. Expected: ${CONTEXT_KEYS[key]}. Pass it with -c ${key}=...`);
    this.name = 'ConfigError';
  }
}

type Context = (key: string) => unknown;

const STAGE = /^[a-z][a-z0-9-]{1,19}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/** Context arrives typed from cdk.json but as a string from `-c`; accept both. */
function list(key: keyof typeof CONTEXT_KEYS, value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value !== 'string') throw new ConfigError(key, `got ${JSON.stringify(value)}`);
  const text = value.trim();
  if (text.startsWith('[')) {
    try {
      return list(key, JSON.parse(text));
    } catch {
      throw new ConfigError(key, 'not a valid JSON array');
    }
  }
  return text.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function number(key: keyof typeof CONTEXT_KEYS, value: unknown, fallback?: number): number {
  if (isBlank(value)) {
    if (fallback !== undefined) return fallback;
    throw new ConfigError(key, 'missing');
  }
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isFinite(n)) throw new ConfigError(key, `${JSON.stringify(value)} is not a number`);
  return n;
}

function minutes(key: 'postDispatchMinutes' | 'segmentRefreshMinutes' | 'metricsRefreshMinutes' | 'assetSweepMinutes' | 'whatsappSendMinutes', value: unknown, fallback: number): number {
  const n = number(key, value, fallback);
  if (n < 0 || n > 1440 || !Number.isInteger(n)) throw new ConfigError(key, `${n} is not a whole number of minutes from 0 to 1440`);
  return n;
}

function capacity(key: 'minCapacity' | 'maxCapacity', value: unknown, least: number): number {
  const n = number(key, value);
  if (n < least || n > 256 || !Number.isInteger(n * 2)) {
    throw new ConfigError(key, `${n} is outside ${least}–256 or not a multiple of 0.5`);
  }
  return n;
}

function origin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError('corsOrigins', `${JSON.stringify(value)} is not a URL`);
  }
  const local = url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '127.0.0.1');
  if (url.protocol !== 'https:' && !local) throw new ConfigError('corsOrigins', `${value} is not https`);
  if (url.origin !== value.replace(/\/$/, '')) throw new ConfigError('corsOrigins', `${value} is not a bare origin (no path)`);
  return url.origin;
}

function auth(context: Context): AuthConfig {
  const issuer = context('jwtIssuer');
  if (isBlank(issuer)) return { kind: 'cognito' };
  if (typeof issuer !== 'string' || !/^https:\/\/\S+$/.test(issuer)) {
    throw new ConfigError('jwtIssuer', `${JSON.stringify(issuer)} is not an https URL`);
  }
  const audience = isBlank(context('jwtAudience')) ? [] : list('jwtAudience', context('jwtAudience'));
  if (audience.length === 0) throw new ConfigError('jwtAudience', 'missing (required when jwtIssuer is set)');
  return { kind: 'issuer', issuer, audience };
}

export function readConfig(context: Context, env: NodeJS.ProcessEnv = {}): AppConfig {
  const stage = context('stage');
  if (isBlank(stage)) throw new ConfigError('stage', 'missing');
  if (typeof stage !== 'string' || !STAGE.test(stage)) throw new ConfigError('stage', `${JSON.stringify(stage)} is not valid`);

  const minCapacity = capacity('minCapacity', context('minCapacity'), 0);
  const maxCapacity = capacity('maxCapacity', context('maxCapacity'), 1);
  if (maxCapacity < minCapacity) throw new ConfigError('maxCapacity', `${maxCapacity} is below minCapacity ${minCapacity}`);

  const isDevStage = stage === 'dev' || stage.startsWith('dev-');
  const given = isBlank(context('corsOrigins')) ? [] : list('corsOrigins', context('corsOrigins')).map(origin);
  // Only disposable dev stages fall back to the local front-end dev servers; any other stage names its origins.
  if (given.length === 0 && !isDevStage) throw new ConfigError('corsOrigins', `missing: stage ${stage} must name the origins of its web app`);
  const origins = given.length > 0 ? given : [...DEV_ORIGINS];

  const alarmEmail = context('alarmEmail');
  if (!isBlank(alarmEmail) && (typeof alarmEmail !== 'string' || !EMAIL.test(alarmEmail))) {
    throw new ConfigError('alarmEmail', `${JSON.stringify(alarmEmail)} is not an e-mail address`);
  }

  const sendgridKey = context('sendgridWebhookPublicKey');
  if (!isBlank(sendgridKey) && (typeof sendgridKey !== 'string' || !/^[A-Za-z0-9+/]+={0,2}$/.test(sendgridKey.trim()))) {
    throw new ConfigError('sendgridWebhookPublicKey', 'is not base64');
  }

  const apiThrottleRate = number('apiThrottleRate', context('apiThrottleRate'), 50);
  const apiThrottleBurst = number('apiThrottleBurst', context('apiThrottleBurst'), 100);
  if (apiThrottleRate <= 0) throw new ConfigError('apiThrottleRate', 'must be positive');
  if (apiThrottleBurst < 1 || !Number.isInteger(apiThrottleBurst)) throw new ConfigError('apiThrottleBurst', 'must be a positive integer');

  const publicRouteThrottleRate = number('publicRouteThrottleRate', context('publicRouteThrottleRate'), 10);
  const publicRouteThrottleBurst = number('publicRouteThrottleBurst', context('publicRouteThrottleBurst'), 20);
  if (publicRouteThrottleRate <= 0 || publicRouteThrottleRate > apiThrottleRate) {
    throw new ConfigError('publicRouteThrottleRate', `must be positive and at most apiThrottleRate (${apiThrottleRate})`);
  }
  if (publicRouteThrottleBurst < 1 || !Number.isInteger(publicRouteThrottleBurst) || publicRouteThrottleBurst > apiThrottleBurst) {
    throw new ConfigError('publicRouteThrottleBurst', `must be a positive integer, at most apiThrottleBurst (${apiThrottleBurst})`);
  }

  const postDispatchMinutes = minutes('postDispatchMinutes', context('postDispatchMinutes'), 5);
  const graphApiBaseUrl = isBlank(context('graphApiBaseUrl')) ? DEFAULT_GRAPH_BASE_URL : String(context('graphApiBaseUrl')).trim().replace(/\/+$/, '');
  if (!/^https:\/\/[^\s/]+(\/\S*)?$/.test(graphApiBaseUrl)) throw new ConfigError('graphApiBaseUrl', `${JSON.stringify(graphApiBaseUrl)} is not an https URL`);
  const graphApiVersion = isBlank(context('graphApiVersion')) ? DEFAULT_GRAPH_VERSION : String(context('graphApiVersion')).trim();
  if (!/^v\d+\.\d+$/.test(graphApiVersion)) throw new ConfigError('graphApiVersion', `${JSON.stringify(graphApiVersion)} is not a version like v24.0`);
  const segmentRefreshMinutes = minutes('segmentRefreshMinutes', context('segmentRefreshMinutes'), 60);
  const metricsRefreshMinutes = minutes('metricsRefreshMinutes', context('metricsRefreshMinutes'), 60);
  const assetSweepMinutes = minutes('assetSweepMinutes', context('assetSweepMinutes'), 60);
  const whatsappSendMinutes = minutes('whatsappSendMinutes', context('whatsappSendMinutes'), 5);

  const skip = context('skipBundling');
  return {
    stage,
    isDevStage,
    minCapacity,
    maxCapacity,
    corsOrigins: origins,
    auth: auth(context),
    ...(typeof alarmEmail === 'string' && alarmEmail !== '' ? { alarmEmail } : {}),
    ...(typeof sendgridKey === 'string' && sendgridKey.trim() !== '' ? { sendgridWebhookPublicKey: sendgridKey.trim() } : {}),
    apiThrottleRate,
    apiThrottleBurst,
    publicRouteThrottleRate,
    publicRouteThrottleBurst,
    postDispatchMinutes,
    graphApiBaseUrl,
    graphApiVersion,
    segmentRefreshMinutes,
    metricsRefreshMinutes,
    assetSweepMinutes,
    whatsappSendMinutes,
    skipBundling: skip === true || skip === 'true',
    ...(env.CDK_DEFAULT_ACCOUNT ? { account: env.CDK_DEFAULT_ACCOUNT } : {}),
    ...(env.CDK_DEFAULT_REGION ? { region: env.CDK_DEFAULT_REGION } : {}),
  };
}
