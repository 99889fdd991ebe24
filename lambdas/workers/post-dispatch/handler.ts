/**
 * EventBridge schedule -> claim due social posts and log them.
 *
 * Publishing to the platforms (Meta, TikTok, ...) is future work: claimed
 * posts stay in `publishing` until a publisher sets `published` or `failed`.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { getExecutor } from '../../platform/db/index.js';
import { claimDuePosts } from './claim.js';

const logger = new Logger();

export async function handler(): Promise<{ claimed: number }> {
  const posts = await claimDuePosts(getExecutor());
  for (const post of posts) logger.info('post claimed for publishing', { post });
  logger.info('post dispatch finished', { claimed: posts.length });
  return { claimed: posts.length };
}
