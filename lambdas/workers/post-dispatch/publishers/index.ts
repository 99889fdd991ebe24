/** The publisher of each platform; a platform without one is a recorded failure, not a crash. */
import { facebookPublisher } from './facebook.js';
import { instagramPublisher } from './instagram.js';
import type { Publisher } from './types.js';

export type { PublishContext, Publisher, PublishResult } from './types.js';

const publishers: ReadonlyMap<string, Publisher> = new Map([instagramPublisher, facebookPublisher].map((p) => [p.platform, p]));

export function publisherFor(platform: string): Publisher | undefined {
  return publishers.get(platform);
}
