/**
 * The text a post is published with: the caption, then its hashtags and
 * mentions. The reconcile finds an earlier attempt's post by this exact text,
 * so it must come out the same on every attempt.
 */
import type { ClaimedPost } from '../claim.js';

const tag = (prefix: string) => (word: string) => `${prefix}${word.replace(/^[#@]+/, '')}`;

export function postText(post: Pick<ClaimedPost, 'caption' | 'hashtags' | 'mentions'>): string {
  const tags = [...post.hashtags.map(tag('#')), ...post.mentions.map(tag('@'))].join(' ');
  return [post.caption?.trim() ?? '', tags].filter((part) => part !== '').join('\n\n');
}
