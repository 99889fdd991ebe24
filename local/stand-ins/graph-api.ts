/**
 * A local stand-in of the Meta Graph API for the post-dispatch publishers: a
 * real HTTP server on 127.0.0.1 that enforces the documented flow.
 *
 * - Every request names the configured version (`/v24.0/...`) and carries an
 *   access token (`Authorization: Bearer|OAuth …` or `access_token`); a
 *   missing one is code 104, an unknown one 190, an expired one 190/463.
 * - Instagram: `POST /{ig-user-id}/media` creates a container that answers
 *   `status_code` IN_PROGRESS for `processingPolls` reads, then FINISHED (or
 *   ERROR when failNextContainer() was called); `POST /{ig-user-id}/media_publish`
 *   publishes only a FINISHED container (else 9007/2207027), at most 50 per
 *   rolling 24 h per account (else 9/2207042), and turns the container
 *   PUBLISHED; `GET …/content_publishing_limit` reports the usage;
 *   `GET /{ig-user-id}/media` lists what was published, newest first.
 * - Facebook Pages: `POST /{page-id}/feed` (message, link) and
 *   `POST /{page-id}/photos` (url, caption); `GET /{page-id}/feed?since=`.
 * - `GET /{id}?fields=…` reads a container, a medium or a Page post.
 * - Fault switch: timeoutAfterPublish(n) makes the next n publish calls do
 *   the publish and then not answer (the caller times out): the ambiguous
 *   outcome a dispatcher must reconcile.
 *
 * Errors are Graph-shaped (graph-errors.ts). Objects (IG users, Pages) come
 * into being when first used. Nothing here logs; tokens are kept in memory.
 */
import { randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errors, type GraphErrorAnswer } from './graph-errors.js';

export const PUBLISH_LIMIT = 50;
const DAY_MS = 86_400_000;

export type ContainerStatus = 'IN_PROGRESS' | 'FINISHED' | 'ERROR' | 'PUBLISHED' | 'EXPIRED';

interface Container {
  id: string;
  owner: string;
  mediaType: string;
  caption: string;
  status: ContainerStatus;
  pollsLeft: number;
  endsInError: boolean;
  isCarouselItem: boolean;
  createdAt: number;
  mediaId?: string;
}

export interface PublishedItem {
  id: string;
  owner: string;
  text: string;
  permalink: string;
  createdAt: number;
  /** Instagram: the container it came from. */
  containerId?: string;
}

export interface GraphStandInOptions {
  port?: number;
  version?: string;
  /** Status reads a new container answers IN_PROGRESS before FINISHED (default 1). */
  processingPolls?: number;
  /**
   * npm start: accept any token, except that one starting with `EXPIRED`
   * answers as expired (190/463), so the re-auth path can be tried by hand.
   * Tests register their tokens instead.
   */
  acceptAnyToken?: boolean;
  /** How long a faulted publish keeps the caller waiting (default 30 s; the connection is closed on stop). */
  hangMs?: number;
}

export interface GraphStandIn {
  /** Base URL without the version, e.g. `http://127.0.0.1:4321`: the value for GRAPH_API_BASE_URL. */
  url: string;
  version: string;
  addToken(token: string): void;
  expireToken(token: string): void;
  timeoutAfterPublish(times?: number): void;
  failNextContainer(): void;
  /** Published items of an IG user or Page (or all), oldest first. */
  published(owner?: string): PublishedItem[];
  /** Counted publish calls that went live (media_publish, feed, photos). */
  publishCalls(owner?: string): number;
  /** Pretend an IG user published `count` posts `agoMs` ago (for the 24 h limit). */
  seedPublished(owner: string, count: number, agoMs?: number): void;
  containers(owner?: string): Array<{ id: string; status: ContainerStatus }>;
  /** Requests received, `METHOD /path` without the version. */
  requests: string[];
  /** Requests that carried the token in the URL's query (where proxies and access logs keep it). */
  tokensInUrl(): number;
  stop(): Promise<void>;
}

type Params = Record<string, string>;
type Answer = { status: number; body: unknown; headers?: Record<string, string> } | GraphErrorAnswer | 'hang';

const newId = () => `${Date.now()}${String(randomInt(1_000_000)).padStart(6, '0')}`;
const graphTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');

function tokenOf(req: IncomingMessage, params: Params): string | undefined {
  const header = req.headers.authorization;
  const match = header ? /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(header) : null;
  return match?.[1] ?? params.access_token;
}

async function readParams(req: IncomingMessage, url: URL): Promise<Params> {
  const params: Params = Object.fromEntries(url.searchParams);
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if (!raw) return params;
  if ((req.headers['content-type'] ?? '').includes('application/json')) {
    const body = JSON.parse(raw) as Record<string, unknown>;
    for (const [k, v] of Object.entries(body)) params[k] = typeof v === 'string' ? v : JSON.stringify(v);
  } else {
    for (const [k, v] of new URLSearchParams(raw)) params[k] = v;
  }
  return params;
}

export async function startGraphStandIn(options: GraphStandInOptions = {}): Promise<GraphStandIn> {
  const version = options.version ?? 'v24.0';
  const processingPolls = options.processingPolls ?? 1;
  const tokens = new Map<string, 'valid' | 'expired'>();
  const containers = new Map<string, Container>();
  const items: PublishedItem[] = [];
  const requests: string[] = [];
  const hanging = new Set<ServerResponse>();
  let hangs = 0;
  let tokensInUrl = 0;
  let failContainer = false;
  let publishes = new Map<string, number>();

  const publish = (owner: string, text: string, permalinkBase: string, containerId?: string): PublishedItem => {
    const item: PublishedItem = { id: containerId ? newId() : `${owner}_${newId()}`, owner, text, permalink: '', createdAt: Date.now(), ...(containerId ? { containerId } : {}) };
    item.permalink = `${permalinkBase}/${item.id}`;
    items.push(item);
    publishes.set(owner, (publishes.get(owner) ?? 0) + 1);
    return item;
  };
  const recentCount = (owner: string) => items.filter((i) => i.owner === owner && i.createdAt > Date.now() - DAY_MS).length;
  const afterPublish = (body: unknown): Answer => {
    if (hangs > 0) {
      hangs--;
      return 'hang';
    }
    return { status: 200, body };
  };

  function readObject(id: string, params: Params): Answer {
    const container = containers.get(id);
    if (container) {
      if (container.status === 'IN_PROGRESS') {
        if (container.pollsLeft <= 0) container.status = container.endsInError ? 'ERROR' : 'FINISHED';
        else container.pollsLeft--;
      }
      if (container.status === 'FINISHED' && Date.now() - container.createdAt > DAY_MS) container.status = 'EXPIRED';
      return { status: 200, body: { id, status_code: container.status, ...(container.status === 'ERROR' ? { status: 'Error: 2207082' } : {}) } };
    }
    const item = items.find((i) => i.id === id);
    if (!item) return errors.noObject(id);
    const fields = (params.fields ?? 'id').split(',');
    const all: Record<string, unknown> = item.containerId
      ? { id, caption: item.text, permalink: item.permalink, timestamp: graphTime(item.createdAt), media_type: containers.get(item.containerId)?.mediaType }
      : { id, message: item.text, permalink_url: item.permalink, created_time: graphTime(item.createdAt) };
    return { status: 200, body: Object.fromEntries(fields.filter((f) => f in all).map((f) => [f, all[f]])) };
  }

  function createContainer(owner: string, p: Params): Answer {
    const mediaType = p.media_type ?? 'IMAGE';
    if (!['IMAGE', 'REELS', 'STORIES', 'CAROUSEL', 'VIDEO'].includes(mediaType)) return errors.badParam(`Unsupported media_type ${mediaType}`);
    if (mediaType === 'VIDEO' && p.is_carousel_item !== 'true') return errors.badParam('The VIDEO media type is only for carousel items; use REELS');
    if (mediaType === 'VIDEO' && !p.video_url) return errors.missingParam('video_url');
    if (mediaType === 'IMAGE' && !p.image_url) return errors.missingParam('image_url');
    if (mediaType === 'REELS' && !p.video_url) return errors.missingParam('video_url');
    if (mediaType === 'STORIES' && !p.image_url && !p.video_url) return errors.missingParam('image_url or video_url');
    for (const url of [p.image_url, p.video_url]) if (url !== undefined && !/^https?:\/\//.test(url)) return errors.badParam('Media must be at a public URL');
    if (mediaType === 'CAROUSEL') {
      const children = (p.children ?? '').split(',').filter(Boolean);
      if (children.length < 2 || children.length > 10) return errors.badParam('A carousel takes 2 to 10 children');
      for (const child of children) {
        const c = containers.get(child);
        if (!c || c.owner !== owner || !c.isCarouselItem) return errors.badParam(`Child ${child} is not a carousel item of this account`);
      }
    }
    const container: Container = {
      id: newId(),
      owner,
      mediaType,
      caption: p.caption ?? '',
      status: 'IN_PROGRESS',
      pollsLeft: processingPolls,
      endsInError: failContainer,
      isCarouselItem: p.is_carousel_item === 'true',
      createdAt: Date.now(),
    };
    failContainer = false;
    containers.set(container.id, container);
    return { status: 200, body: { id: container.id } };
  }

  function publishContainer(owner: string, p: Params): Answer {
    if (!p.creation_id) return errors.missingParam('creation_id');
    const container = containers.get(p.creation_id);
    if (!container || container.owner !== owner || container.isCarouselItem) return errors.noObject(p.creation_id);
    if (container.status !== 'FINISHED') return errors.notReady();
    if (recentCount(owner) >= PUBLISH_LIMIT) return errors.limitReached();
    const item = publish(owner, container.caption, 'https://www.instagram.com/p', container.id);
    container.status = 'PUBLISHED';
    container.mediaId = item.id;
    return afterPublish({ id: item.id });
  }

  function listFeed(owner: string, p: Params, instagram: boolean): Answer {
    const since = p.since ? Number(p.since) * 1000 : 0;
    const limit = Math.min(Number(p.limit ?? 25) || 25, 100);
    const data = items
      .filter((i) => i.owner === owner && i.createdAt >= since && Boolean(i.containerId) === instagram)
      .sort((a, b) => b.createdAt - a.createdAt)
      .slice(0, limit)
      .map((i) => (instagram ? { id: i.id, caption: i.text, permalink: i.permalink, timestamp: graphTime(i.createdAt) } : { id: i.id, message: i.text, permalink_url: i.permalink, created_time: graphTime(i.createdAt) }));
    return { status: 200, body: { data } };
  }

  function route(method: string, parts: string[], p: Params): Answer {
    const [id, edge] = parts;
    if (!id || parts.length > 2) return errors.unknownPath(`/${parts.join('/')}`);
    if (method === 'GET' && !edge) return readObject(id, p);
    const key = `${method} ${edge}`;
    switch (key) {
      case 'POST media':
        return createContainer(id, p);
      case 'POST media_publish':
        return publishContainer(id, p);
      case 'GET content_publishing_limit':
        return { status: 200, body: { data: [{ quota_usage: recentCount(id), config: { quota_total: PUBLISH_LIMIT, quota_duration: 86_400 } }] } };
      case 'GET media':
        return listFeed(id, p, true);
      case 'GET feed':
        return listFeed(id, p, false);
      case 'POST feed':
        if (!p.message && !p.link) return errors.missingParam('message or link');
        return afterPublish({ id: publish(id, p.message ?? '', 'https://www.facebook.com').id });
      case 'POST photos': {
        if (!p.url) return errors.missingParam('url');
        const item = publish(id, p.caption ?? '', 'https://www.facebook.com');
        return afterPublish({ id: newId(), post_id: item.id });
      }
      default:
        return errors.unknownPath(`/${parts.join('/')}`);
    }
  }

  async function answer(req: IncomingMessage): Promise<Answer> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const [first, ...parts] = url.pathname.split('/').filter(Boolean);
    requests.push(`${req.method ?? 'GET'} /${parts.join('/')}`);
    if (url.searchParams.has('access_token')) tokensInUrl++;
    if (first !== version) return errors.badVersion(first ?? '(none)');
    let params: Params;
    try {
      params = await readParams(req, url);
    } catch {
      return errors.badParam('The request body could not be parsed');
    }
    const token = tokenOf(req, params);
    if (!token) return errors.noToken();
    const state = tokens.get(token) ?? (options.acceptAnyToken ? (token.startsWith('EXPIRED') ? 'expired' : 'valid') : undefined);
    if (state === undefined) return errors.badToken();
    if (state === 'expired') return errors.expiredToken();
    return route(req.method ?? 'GET', parts, params);
  }

  const server = createServer((req, res) => {
    answer(req)
      .then((a) => {
        if (a === 'hang') {
          hanging.add(res);
          const timer = setTimeout(() => res.destroy(), options.hangMs ?? 30_000);
          res.on('close', () => {
            clearTimeout(timer);
            hanging.delete(res);
          });
          return;
        }
        res.writeHead(a.status, { 'content-type': 'application/json; charset=UTF-8', ...(a.headers ?? {}) });
        res.end(JSON.stringify(a.body));
      })
      .catch(() => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'An unexpected error has occurred.', type: 'OAuthException', code: 2, is_transient: true, fbtrace_id: 'standin' } }));
      });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    version,
    requests,
    tokensInUrl: () => tokensInUrl,
    addToken: (token) => void tokens.set(token, 'valid'),
    expireToken: (token) => void tokens.set(token, 'expired'),
    timeoutAfterPublish: (times = 1) => {
      hangs = times;
    },
    failNextContainer: () => {
      failContainer = true;
    },
    published: (owner) => items.filter((i) => owner === undefined || i.owner === owner),
    publishCalls: (owner) => (owner === undefined ? [...publishes.values()].reduce((a, b) => a + b, 0) : (publishes.get(owner) ?? 0)),
    seedPublished: (owner, count, agoMs = 3_600_000) => {
      for (let n = 0; n < count; n++) items.push({ id: newId(), owner, text: `seeded ${n}`, permalink: '', createdAt: Date.now() - agoMs, containerId: 'seeded' });
    },
    containers: (owner) => [...containers.values()].filter((c) => owner === undefined || c.owner === owner).map((c) => ({ id: c.id, status: c.status })),
    async stop() {
      for (const res of hanging) res.destroy();
      publishes = new Map();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
