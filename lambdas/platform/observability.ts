/**
 * One logger and one metrics writer per container (observability/): logs are
 * structured JSON carrying the Lambda request id; anything that looks like a
 * credential is replaced before it is written, whatever a caller passes in.
 * Metrics are CloudWatch EMF lines, flushed after each invocation.
 *
 * The environment keeps the names Powertools read (the stack sets them):
 * POWERTOOLS_LOG_LEVEL / LOG_LEVEL, POWERTOOLS_SERVICE_NAME,
 * POWERTOOLS_METRICS_NAMESPACE, POWERTOOLS_METRICS_DISABLED.
 */
import { envFlag } from './observability/env-flag.js';
import { Metrics } from './observability/emf.js';
import { Logger } from './observability/logger.js';
import { redactSecrets } from './observability/redact.js';

export { REDACTED, redactSecrets } from './observability/redact.js';
export { Logger, type LogLevel } from './observability/logger.js';
export { Metrics, MetricUnit } from './observability/emf.js';

const SERVICE = process.env.POWERTOOLS_SERVICE_NAME ?? 'marketing-ops';

// The level is read now, from POWERTOOLS_LOG_LEVEL, else LOG_LEVEL, else INFO (observability/logger.ts).
export const logger = new Logger({ service: SERVICE, replacer: redactSecrets });

// Decided now, as Powertools did: the local stack sets POWERTOOLS_METRICS_DISABLED before the handlers load (local/handler-defaults.ts).
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'MarketingOps',
  service: SERVICE,
  dimensions: { stage: process.env.STAGE ?? 'local' },
  disabled: envFlag('POWERTOOLS_METRICS_DISABLED') ?? false,
});
