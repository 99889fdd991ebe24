/**
 * One Powertools Logger and one Metrics per container. Logs are structured
 * JSON carrying the Lambda request id; anything that looks like a credential
 * is replaced before it is written, whatever a caller passes in.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

export const REDACTED = '[REDACTED]';

// Key names whose values are credentials in any casing or position:
// `authorization`, `Authorization`, `access_token`, `idToken`, `x-api-key`, `cookie`, `set-cookie`, `password`, `secretArn`...
const SECRET_KEY = /authorization|token|secret|password|passwd|cookie|api[-_]?key|credential|signature|private[-_]?key/i;
// A bearer credential or a JWT inside a free-text value (a message, a header dump).
const BEARER = /\bBearer\s+[A-Za-z0-9\-._~+/]+=*/g;
const JWT = /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;

/** JSON replacer used by the logger: drops credential-looking fields and scrubs tokens from strings. */
export function redactSecrets(key: string, value: unknown): unknown {
  if (key !== '' && SECRET_KEY.test(key) && value !== undefined && value !== null) return REDACTED;
  if (typeof value === 'string') return value.replace(BEARER, `Bearer ${REDACTED}`).replace(JWT, REDACTED);
  return value;
}

// Level comes from POWERTOOLS_LOG_LEVEL / LOG_LEVEL, which Powertools reads itself.
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'marketing-ops',
  jsonReplacerFn: redactSecrets,
});

export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'MarketingOps',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'marketing-ops',
  defaultDimensions: { stage: process.env.STAGE ?? 'local' },
});
