/**
 * EventBridge schedule -> send the WhatsApp messages that are due through
 * the Cloud API (send.ts), each claimed by exactly one run. The API's base
 * URL is WHATSAPP_API_BASE_URL (default Meta's Graph API; the local stack
 * points it at its stand-in).
 */
import type { Context } from 'aws-lambda';
import { optionalEnv } from '../../platform/config.js';
import { getExecutor } from '../../platform/db/index.js';
import { logger } from '../../platform/observability.js';
import { DEFAULT_API_BASE_URL } from './cloud-api.js';
import { runSender, type RunSummary } from './send.js';

export async function handler(_event?: unknown, context?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<RunSummary> {
  const summary = await runSender({
    db: getExecutor(),
    baseUrl: optionalEnv('WHATSAPP_API_BASE_URL') ?? DEFAULT_API_BASE_URL,
    ...(context ? { remainingMs: () => context.getRemainingTimeInMillis() } : {}),
  });
  // Counts only: message bodies, recipients and tokens stay out of the log.
  logger.info('whatsapp send finished', { ...summary });
  return summary;
}
