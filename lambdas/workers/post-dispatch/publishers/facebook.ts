/**
 * Facebook Page posts: `POST /{page-id}/feed` (message, link) or, with one
 * image, `POST /{page-id}/photos` (url, caption). Graph has no idempotency
 * key for these, so a reconcile (the post claimed again after an unknown
 * outcome) first lists the Page's feed since the attempt began and takes a
 * post with exactly this text as the earlier attempt's: then nothing is
 * published again.
 */
import type { ClaimedPost } from '../claim.js';
import { openAccountToken } from './account-token.js';
import { graphClient, type GraphClient } from './graph-client.js';
import { fromGraphError } from './graph-outcomes.js';
import { graphTimeMs, RECONCILE_SKEW_MS } from './graph-time.js';
import { postText } from './post-text.js';
import type { Publisher, PublishResult } from './types.js';

const failed = (reason: string): PublishResult => ({ kind: 'failed', reason });
const isVideo = (url: string) => /\.(mp4|mov)(\?|#|$)/i.test(url);

function refusal(post: ClaimedPost): string | null {
  if (['story', 'reel', 'video', 'live'].includes(post.post_type)) return `The Facebook publisher posts to a Page's feed; ${post.post_type} posts are not supported.`;
  if (post.media_urls.length > 1) return 'The Facebook publisher posts one photo; give at most one media URL.';
  if (post.media_urls.some(isVideo)) return 'The Facebook publisher posts photos, not videos.';
  return null;
}

async function permalinkOf(graph: GraphClient, postId: string): Promise<string | null> {
  try {
    const answer = await graph.get(postId, { fields: 'permalink_url' });
    return typeof answer.permalink_url === 'string' ? answer.permalink_url : null;
  } catch {
    return null;
  }
}

/** The earlier attempt's post, if the Page's feed has one with this text since the attempt began. */
async function findEarlier(graph: GraphClient, page: string, post: ClaimedPost, text: string): Promise<PublishResult | null> {
  const since = graphTimeMs(post.publishing_started_at) - RECONCILE_SKEW_MS;
  const feed = await graph.get<{ data?: Array<{ id: string; message?: string; permalink_url?: string; created_time?: string }> }>(`${page}/feed`, {
    fields: 'id,message,permalink_url,created_time',
    since: Math.floor(since / 1000),
    limit: 50,
  });
  const match = (feed.data ?? []).find((p) => (p.message ?? '') === text && graphTimeMs(p.created_time) >= since);
  return match ? { kind: 'published', externalPostId: match.id, externalUrl: match.permalink_url ?? null, note: 'Found by the reconcile: the earlier attempt had published it.' } : null;
}

async function run(graph: GraphClient, page: string, post: ClaimedPost): Promise<PublishResult> {
  const text = postText(post);
  if (post.reconcile) {
    try {
      const earlier = await findEarlier(graph, page, post, text);
      if (earlier) return earlier;
    } catch (error) {
      // Not knowing whether it is live, we must not publish: try the reconcile again later.
      const result = fromGraphError(error, 'Looking for the earlier attempt on the Page', false);
      return result.kind === 'failed' && !result.reauth ? { kind: 'unknown', reason: result.reason } : result;
    }
  }
  let id: string;
  try {
    const photo = post.media_urls[0];
    const answer = photo
      ? await graph.post(`${page}/photos`, { url: photo, caption: text })
      : await graph.post(`${page}/feed`, { message: text, ...(post.link_url ? { link: post.link_url } : {}) });
    id = String(answer.post_id ?? answer.id);
  } catch (error) {
    return fromGraphError(error, 'Posting to the Facebook Page', true);
  }
  return { kind: 'published', externalPostId: id, externalUrl: await permalinkOf(graph, id) };
}

export const facebookPublisher: Publisher = {
  platform: 'facebook',
  async publish(post, context) {
    const page = post.account.external_account_id;
    if (!page) return failed('The Facebook account has no external_account_id (its Page id).');
    const refused = refusal(post);
    if (refused) return failed(refused);
    if (!post.caption?.trim() && post.hashtags.length === 0 && !post.link_url && post.media_urls.length === 0) return failed('A Facebook post needs a caption, a link or a photo.');
    return run(graphClient(context.graph, await openAccountToken(post)), page, post);
  },
};
