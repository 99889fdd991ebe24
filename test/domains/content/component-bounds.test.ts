/**
 * The component tree's work is bounded by its answer (issue 13, item 1):
 * shared child content is walked and listed once, however many paths lead to
 * it, and a tree over the row cap is a 422 that names the cap.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_TREE_COMPONENTS, componentRows, contentWhere } from '../../../lambdas/content/repository.js';
import type { SqlExecutor } from '../../../lambdas/platform/db/executor.js';
import { pgExecutor } from '../../../local/pg-executor.js';
import { startTestApi, type TestApi } from '../../support/api.js';
import type { Problem } from '../../support/types.js';

type Node = { id: string; component_content_id: string | null; repeat_of: string | null; cycle: boolean; truncated: boolean; components: Node[] };
type Tree = { content_id: string; components: Node[] };

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

/** `count` content rows straight in SQL (the API would take one request each). */
async function insertContent(count: number, prefix: string): Promise<string[]> {
  const { rows } = await api.db.pool.query<{ id: string }>(
    `INSERT INTO marketing.content (title, content_type) SELECT $1 || g, 'landing' FROM generate_series(1, $2) g RETURNING id`,
    [prefix, count],
  );
  return rows.map((r) => r.id);
}

async function link(pairs: readonly (readonly [string, string])[]): Promise<void> {
  await api.db.pool.query(
    `INSERT INTO marketing.content_components (parent_content_id, component_content_id, position)
     SELECT p, c, row_number() OVER (PARTITION BY p) FROM unnest($1::uuid[], $2::uuid[]) AS l(p, c)`,
    [pairs.map(([p]) => p), pairs.map(([, c]) => c)],
  );
}

/**
 * The shape: a root and 10 layers of 4 pieces, each piece containing
 * all 4 of the next layer: 41 items, 148 links, depth 10, 4^10 paths.
 */
async function layeredGraph(): Promise<{ root: string; layers: string[][] }> {
  const [root, ...rest] = await insertContent(41, 'Layered ');
  const layers = Array.from({ length: 10 }, (_, i) => rest.slice(i * 4, i * 4 + 4));
  const pairs: [string, string][] = layers[0]!.map((c) => [root!, c]);
  for (let i = 0; i + 1 < layers.length; i++) for (const p of layers[i]!) for (const c of layers[i + 1]!) pairs.push([p, c]);
  expect(pairs).toHaveLength(148);
  await link(pairs);
  return { root: root!, layers };
}

function walk(nodes: Node[], depth = 1, out: { node: Node; depth: number }[] = []): { node: Node; depth: number }[] {
  for (const node of nodes) {
    out.push({ node, depth });
    walk(node.components, depth + 1, out);
  }
  return out;
}

/** Rows every plan node produced (actual rows x loops), summed: the work the statement did. */
function rowsProduced(plan: Record<string, unknown>): number {
  const own = Number(plan['Actual Rows'] ?? 0) * Number(plan['Actual Loops'] ?? 1);
  const children = (plan.Plans as Record<string, unknown>[] | undefined) ?? [];
  return own + children.reduce((sum, child) => sum + rowsProduced(child), 0);
}

describe('component tree bounds', () => {
  it('answers 41 items with 148 links at depth 10 with 148 nodes, each shared piece expanded once', async () => {
    const { root, layers } = await layeredGraph();
    const tree = await api.request<Tree>('GET', `/v1/content/${root}/components`, { as: 'viewer' });
    expect(tree.status).toBe(200);
    const nodes = walk(tree.body.components);
    // One node per link, not one per path (4 + 16 + ... + 4^10 ≈ 1.4 million).
    expect(nodes).toHaveLength(148);
    expect(Math.max(...nodes.map((n) => n.depth))).toBe(10);
    const expanded = nodes.filter((n) => n.node.components.length > 0);
    // Layers 1-9 have components: each is listed once, at its shallowest place.
    expect(expanded).toHaveLength(36);
    expect(new Set(expanded.map((n) => n.node.component_content_id)).size).toBe(36);
    for (const { node, depth } of expanded) expect(layers[depth - 1]).toContain(node.component_content_id);
    // Every other occurrence of layers 2-9 points at the expanded one.
    const byId = new Map(nodes.map((n) => [n.node.id, n.node]));
    const repeats = nodes.filter((n) => n.node.repeat_of !== null);
    expect(repeats).toHaveLength(8 * 4 * 3);
    for (const { node } of repeats) {
      expect(node.components).toEqual([]);
      expect(byId.get(node.repeat_of!)?.component_content_id).toBe(node.component_content_id);
    }
    expect(nodes.some((n) => n.node.cycle || n.node.truncated)).toBe(false);
  });

  it('does work in proportion to the answer: the statement produces a small multiple of its 148 rows', async () => {
    const { root } = await layeredGraph();
    const where = contentWhere(root, 't')!;
    const db = pgExecutor(api.db.pool);
    let plan: Record<string, unknown> | undefined;
    const explaining: SqlExecutor = {
      query: async (sql, params) => {
        const result = await db.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, params);
        plan = (result.rows[0]!['QUERY PLAN'] as { Plan: Record<string, unknown> }[])[0]!.Plan;
        return { ...result, rows: [] };
      },
      transaction: (work) => db.transaction(work),
    };
    await componentRows(explaining, where, 10);
    expect(plan).toBeDefined();
    const produced = rowsProduced(plan!);
    expect(produced).toBeGreaterThanOrEqual(148);
    expect(produced).toBeLessThan(148 * 30);
    const { rows } = await componentRows(db, where, 10);
    expect(rows).toHaveLength(148);
  });

  it(`refuses a tree of more than ${MAX_TREE_COMPONENTS} components with a 422 naming the cap, and fewer levels still answer`, async () => {
    // A root with 40 pieces, each containing the same 26 leaves: 40 + 1,040 links within 2 levels.
    const [root, ...rest] = await insertContent(67, 'Wide ');
    const middle = rest.slice(0, 40);
    const leaves = rest.slice(40);
    await link([...middle.map((m) => [root!, m] as const), ...middle.flatMap((m) => leaves.map((l) => [m, l] as const))]);
    const tooBig = await api.request<Problem>('GET', `/v1/content/${root}/components`, { as: 'viewer' });
    expect(tooBig.status).toBe(422);
    expect(tooBig.headers.get('content-type')).toContain('application/problem+json');
    expect(tooBig.body.detail).toContain(`at most ${MAX_TREE_COMPONENTS}`);
    expect(tooBig.body.errors).toEqual([{ path: 'query.max_depth', message: expect.stringContaining(`more than ${MAX_TREE_COMPONENTS} components`) }]);
    const shallow = await api.request<Tree>('GET', `/v1/content/${root}/components?max_depth=1`, { as: 'viewer' });
    expect(shallow.status).toBe(200);
    expect(shallow.body.components).toHaveLength(40);
    expect(shallow.body.components.every((n) => n.truncated)).toBe(true);
  });
});
