/**
 * The demo's HTTP client: the real API with dev tokens, and `ensure`, which
 * creates a row only when a list filtered on its name finds none, so a second
 * run creates nothing.
 */
import path from 'node:path';
import type { Role } from '../../lambdas/platform/auth/index.js';
import { loadDevSigningKey, mintToken } from '../dev-auth.js';
import { DemoRefused, type DemoTarget } from './target.js';

export interface Answer<T> {
  status: number;
  body: T;
  headers: Headers;
}

type Row = Record<string, unknown> & { id: string };

export class DemoApi {
  readonly created: string[] = [];
  /** Found, but missing part of the dataset (an item, the members): that part was written. */
  readonly completed: string[] = [];
  readonly found: string[] = [];

  private constructor(
    private readonly base: string,
    private readonly tokens: Record<Role, string>,
  ) {}

  /** Tokens signed with the stack's own dev key; a 401 means the API is not that stack. */
  static async connect(target: DemoTarget): Promise<DemoApi> {
    const key = await loadDevSigningKey(path.join(target.dataDir, 'dev-jwt-rs256.json'));
    const mint = (role: Role) => mintToken(role, `demo-${role}`, { key, expiresInSeconds: 3600 });
    const api = new DemoApi(target.api, { admin: await mint('admin'), marketer: await mint('marketer'), viewer: await mint('viewer') });
    const ready = await api.call('GET', '/v1/health/ready', { as: 'viewer', expect: [200, 401, 503] });
    if (ready.status === 401) throw new DemoRefused(`${target.api} refused a token signed with the dev key of ${target.dataDir}: not this local stack.`);
    if (ready.status !== 200) throw new DemoRefused(`${target.api}/v1/health/ready answered ${ready.status}; is the database up?`);
    return api;
  }

  async call<T = Row>(
    method: string,
    route: string,
    options: { as?: Role; body?: unknown; headers?: Record<string, string>; expect?: number[] } = {},
  ): Promise<Answer<T>> {
    const response = await fetch(`${this.base}${route}`, {
      method,
      headers: {
        authorization: `Bearer ${this.tokens[options.as ?? 'marketer']}`,
        ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...options.headers,
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
    const text = await response.text();
    const expected = options.expect ?? [200, 201];
    if (!expected.includes(response.status)) {
      throw new Error(`${method} ${route} answered ${response.status}: ${text.slice(0, 600)}`);
    }
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T, headers: response.headers };
  }

  /** The first row of a filtered list, or undefined. */
  async findOne(listRoute: string, as: Role = 'viewer'): Promise<Row | undefined> {
    const page = await this.call<{ data: Row[] }>('GET', listRoute, { as });
    return page.body.data[0];
  }

  /**
   * The row `find` names, or a new one from POST `create`. Then `complete` runs on either: it looks at
   * what the row still lacks (a second version, members, events) and writes only that, answering whether
   * it wrote. So a second run writes nothing, and a run cut short is finished by the next.
   */
  async ensure(
    label: string,
    find: string,
    create: { route: string; body: unknown; as?: Role },
    complete?: (row: Row) => Promise<boolean>,
  ): Promise<Row> {
    const existing = await this.findOne(find);
    if (existing) {
      if (complete && (await complete(existing))) this.completed.push(label);
      else this.found.push(label);
      return existing;
    }
    const made = await this.call('POST', create.route, { as: create.as ?? 'marketer', body: create.body, expect: [201] });
    this.created.push(label);
    await complete?.(made.body);
    return made.body;
  }

  /** Whether a `{ data: [...] }` answer has no row. */
  async isEmpty(route: string): Promise<boolean> {
    return (await this.findOne(route)) === undefined;
  }
}

/** A filter value for a list query: eq.<value>, URL-encoded. */
export const eq = (value: string): string => `eq.${encodeURIComponent(value)}`;
