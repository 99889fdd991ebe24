/**
 * Instagram (Graph API content publishing): create a media container →
 * poll its `status_code` until FINISHED → `media_publish`, at most 50
 * publishes per rolling 24 h per account (`content_publishing_limit`, checked
 * before creating or publishing; over it the post is deferred, not failed).
 *
 * The container id is recorded as soon as it exists. A reconcile (the post
 * claimed again after an unknown outcome) asks that container first:
 * PUBLISHED means the earlier attempt went live, so the medium is looked up
 * by its caption and recorded, and nothing is published again; FINISHED or
 * IN_PROGRESS carry on with the same container; ERROR / EXPIRED fail.
 */
import type { ClaimedPost } from '../claim.js';
import { openAccountToken } from './account-token.js';
import { graphClient, type GraphClient, type GraphParams } from './graph-client.js';
import { fromGraphError, limitReached } from './graph-outcomes.js';
import { graphTimeMs, RECONCILE_SKEW_MS } from './graph-time.js';
import { postText } from './post-text.js';
import type { PublishContext, Publisher, PublishResult } from './types.js';

type Plan = { kind: 'single'; params: GraphParams } | { kind: 'carousel'; children: GraphParams[] };

const isVideo = (url: string) => /\.(mp4|mov)(\?|#|$)/i.test(url);
const failed = (reason: string): PublishResult => ({ kind: 'failed', reason });

/** The container(s) a post needs, or why it cannot be published on Instagram. */
export function containerPlan(post: ClaimedPost): Plan | string {
  const media = post.media_urls;
  if (post.post_type === 'live') return 'Instagram live broadcasts cannot be published through the API.';
  if (media.length === 0) return 'Instagram publishes media only: give the post at least one public media URL.';
  const first = media[0]!;
  switch (post.post_type) {
    case 'reel':
    case 'video':
      return { kind: 'single', params: { media_type: 'REELS', video_url: first } };
    case 'story':
      return { kind: 'single', params: { media_type: 'STORIES', ...(isVideo(first) ? { video_url: first } : { image_url: first }) } };
    default:
      if (media.length === 1 && post.post_type !== 'carousel') return { kind: 'single', params: isVideo(first) ? { media_type: 'REELS', video_url: first } : { image_url: first } };
      if (media.length < 2 || media.length > 10) return 'An Instagram carousel takes 2 to 10 media.';
      return { kind: 'carousel', children: media.map((url) => ({ is_carousel_item: true, ...(isVideo(url) ? { media_type: 'VIDEO', video_url: url } : { image_url: url }) })) };
  }
}

async function createContainer(graph: GraphClient, ig: string, plan: Plan, caption: string): Promise<string> {
  if (plan.kind === 'single') return String((await graph.post(`${ig}/media`, { ...plan.params, caption })).id);
  const children: string[] = [];
  for (const child of plan.children) children.push(String((await graph.post(`${ig}/media`, child)).id));
  return String((await graph.post(`${ig}/media`, { media_type: 'CAROUSEL', children: children.join(','), caption })).id);
}

const statusOf = async (graph: GraphClient, container: string) => String((await graph.get(container, { fields: 'status_code' })).status_code);

async function atLimit(graph: GraphClient, ig: string): Promise<boolean> {
  const answer = await graph.get<{ data?: Array<{ quota_usage?: number; config?: { quota_total?: number } }> }>(`${ig}/content_publishing_limit`, { fields: 'quota_usage,config' });
  const usage = answer.data?.[0];
  return (usage?.quota_usage ?? 0) >= (usage?.config?.quota_total ?? 50);
}

async function permalinkOf(graph: GraphClient, mediaId: string): Promise<string | null> {
  try {
    const answer = await graph.get(mediaId, { fields: 'permalink' });
    return typeof answer.permalink === 'string' ? answer.permalink : null;
  } catch {
    // The post is live either way; a missing permalink is not worth an unknown outcome.
    return null;
  }
}

/** The container says PUBLISHED: find the medium by its caption among the account's recent media. */
async function findPublished(graph: GraphClient, ig: string, post: ClaimedPost, text: string): Promise<PublishResult> {
  const since = graphTimeMs(post.publishing_started_at) - RECONCILE_SKEW_MS;
  const recent = await graph.get<{ data?: Array<{ id: string; caption?: string; permalink?: string; timestamp?: string }> }>(`${ig}/media`, { fields: 'id,caption,permalink,timestamp', limit: 50 });
  const match = (recent.data ?? []).find((m) => (m.caption ?? '') === text && graphTimeMs(m.timestamp) >= since);
  if (match) return { kind: 'published', externalPostId: match.id, externalUrl: match.permalink ?? null, note: 'Found by the reconcile: the earlier attempt had published it.' };
  return { kind: 'published', externalPostId: null, externalUrl: null, note: `Container ${post.container_id} is PUBLISHED, but its medium was not among the account's recent media.` };
}

async function waitUntilFinished(graph: GraphClient, container: string, context: PublishContext): Promise<string> {
  let status = await statusOf(graph, container);
  for (let poll = 1; status === 'IN_PROGRESS' && poll < context.graph.maxPolls; poll++) {
    await context.sleep(context.graph.pollIntervalMs);
    status = await statusOf(graph, container);
  }
  return status;
}

async function run(graph: GraphClient, ig: string, post: ClaimedPost, plan: Plan, context: PublishContext): Promise<PublishResult> {
  const text = postText(post);
  let container = post.container_id;
  let status: string;
  try {
    if (container) {
      status = await statusOf(graph, container);
      if (status === 'PUBLISHED') return await findPublished(graph, ig, post, text);
    }
    if (await atLimit(graph, ig)) return limitReached();
    if (!container) {
      container = await createContainer(graph, ig, plan, text);
      await context.checkpoint(container);
    }
    status = await waitUntilFinished(graph, container, context);
  } catch (error) {
    return fromGraphError(error, 'Preparing the Instagram container', false);
  }
  if (status === 'IN_PROGRESS') return { kind: 'unknown', reason: `The Instagram container ${container} is still processing; the next run carries on with it.` };
  if (status === 'PUBLISHED') return { kind: 'unknown', reason: `The Instagram container ${container} turned PUBLISHED meanwhile; the next run records it.` };
  if (status !== 'FINISHED') return failed(`The Instagram container ${container} ended in ${status}; nothing was published.`);
  let mediaId: string;
  try {
    mediaId = String((await graph.post(`${ig}/media_publish`, { creation_id: container })).id);
  } catch (error) {
    return fromGraphError(error, `Publishing Instagram container ${container}`, true);
  }
  return { kind: 'published', externalPostId: mediaId, externalUrl: await permalinkOf(graph, mediaId) };
}

export const instagramPublisher: Publisher = {
  platform: 'instagram',
  async publish(post, context) {
    const ig = post.account.external_account_id;
    if (!ig) return failed('The Instagram account has no external_account_id (its Instagram user id).');
    const plan = containerPlan(post);
    if (typeof plan === 'string') return failed(plan);
    // The token is opened here, for this post's calls only.
    return run(graphClient(context.graph, await openAccountToken(post)), ig, post, plan, context);
  },
};
