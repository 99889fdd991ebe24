/**
 * The log level of the handlers that `npm start` runs in its own process:
 * `POWERTOOLS_LOG_LEVEL` first, as the handlers' logger ranks it
 * (lambdas/platform/observability/logger.ts), then `LOG_LEVEL`, else WARN (a
 * terminal, not CloudWatch). A value the logger does not know is refused at
 * start-up rather than silently logging at INFO.
 */
const LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'] as const;
export type LocalLogLevel = (typeof LEVELS)[number];

export function localLogLevel(env: NodeJS.ProcessEnv = process.env): LocalLogLevel {
  const [name, value] = env.POWERTOOLS_LOG_LEVEL ? ['POWERTOOLS_LOG_LEVEL', env.POWERTOOLS_LOG_LEVEL] : ['LOG_LEVEL', env.LOG_LEVEL ?? 'WARN'];
  const level = value.toUpperCase();
  if (!(LEVELS as readonly string[]).includes(level)) throw new Error(`${name}=${value} is not a log level; use one of ${LEVELS.join(', ')}.`);
  return level as LocalLogLevel;
}
