/**
 * EventBridge schedule -> publish the social posts that are due (dispatch.ts),
 * and report posts publishing for too long (a log line and a metric).
 */
import type { Context } from 'aws-lambda';
import { getExecutor } from '../../platform/db/index.js';
import { logger, MetricUnit, metrics } from '../../platform/observability.js';
import { dispatchDuePosts, type DispatchSummary } from './dispatch.js';
import { graphConfigFromEnv } from './graph-config.js';
import { countPublishingLongerThan } from './record.js';

/** A post still publishing after this long needs a person to look (list filter: publishing_started_at). */
export const STUCK_MINUTES = 30;

export async function handler(_event?: unknown, context?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<DispatchSummary & { stuck: number }> {
  const db = getExecutor();
  const summary = await dispatchDuePosts(db, { graph: graphConfigFromEnv(), ...(context ? { timeLeftMs: () => context.getRemainingTimeInMillis() } : {}) });
  const stuck = await countPublishingLongerThan(db, STUCK_MINUTES);
  if (stuck > 0) logger.warn('social posts publishing for too long', { stuck, minutes: STUCK_MINUTES });
  // An idle run (most of them) writes no metrics and logs at debug only.
  const idle = summary.claimed === 0 && stuck === 0;
  if (!idle) {
    metrics.addMetric('SocialPostsPublishingTooLong', MetricUnit.Count, stuck);
    for (const kind of ['published', 'failed', 'deferred', 'unknown'] as const) metrics.addMetric(`SocialPosts_${kind}`, MetricUnit.Count, summary[kind]);
    metrics.publishStoredMetrics();
  }
  logger[idle ? 'debug' : 'info']('post dispatch finished', { ...summary, stuck });
  return { ...summary, stuck };
}
