/**
 * Nests the component links of repository.componentRows into the tree the
 * API returns. Each child content's own components appear once, under its
 * first occurrence in breadth-first order (its shallowest, so within
 * max_depth); a later occurrence names that node in `repeat_of` instead of
 * repeating the subtree, so the answer grows with the links, not the paths.
 */
import type { Row } from '../platform/db/executor.js';
import type { ComponentNode } from './schemas.js';

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

function nodeOf(row: Row): ComponentNode {
  const contentId = str(row.component_content_id);
  const assetId = str(row.component_asset_id);
  return {
    id: String(row.id),
    component_type: str(row.component_type),
    position: typeof row.position === 'number' ? row.position : null,
    component_content_id: contentId,
    component_asset_id: assetId,
    content:
      contentId && row.child_business_id
        ? {
            id: contentId,
            content_id: String(row.child_business_id),
            title: String(row.child_title),
            content_type: String(row.child_type),
            status: str(row.child_status),
          }
        : null,
    asset:
      assetId && row.asset_business_id
        ? {
            id: assetId,
            asset_id: String(row.asset_business_id),
            filename: String(row.asset_filename),
            asset_type: String(row.asset_type),
            file_url: String(row.asset_file_url),
          }
        : null,
    cycle: false,
    truncated: false,
    repeat_of: null,
    components: [],
  };
}

/** Siblings by position (unpositioned last), then when they were added, then id: a stable order. */
function compare(a: { node: ComponentNode; createdAt: string }, b: { node: ComponentNode; createdAt: string }): number {
  const pa = a.node.position ?? Number.MAX_SAFE_INTEGER;
  const pb = b.node.position ?? Number.MAX_SAFE_INTEGER;
  if (pa !== pb) return pa - pb;
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
  return a.node.id < b.node.id ? -1 : a.node.id > b.node.id ? 1 : 0;
}

interface Entry {
  node: ComponentNode;
  createdAt: string;
  /** The content ids from the root down to this node's parent: a child among them is a cycle. */
  ancestors: ReadonlySet<string>;
}

const sorted = (rows: readonly Row[], ancestors: ReadonlySet<string>): Entry[] =>
  rows.map((row) => ({ node: nodeOf(row), createdAt: String(row.created_at ?? ''), ancestors })).sort(compare);

/** `rootId` is the piece whose tree this is; its components are the rows whose parent it is. */
export function buildTree(rootId: string, rows: readonly Row[]): ComponentNode[] {
  const byParent = new Map<string, Row[]>();
  const hasMore = new Set<string>();
  for (const row of rows) {
    const parent = String(row.parent_content_id);
    byParent.set(parent, [...(byParent.get(parent) ?? []), row]);
    if (row.has_more === true) hasMore.add(String(row.id));
  }
  const expandedAt = new Map<string, string>([[rootId, '']]);
  const top = sorted(byParent.get(rootId) ?? [], new Set([rootId]));
  const queue = [...top];
  for (let i = 0; i < queue.length; i++) {
    const { node, ancestors } = queue[i]!;
    const child = node.component_content_id;
    if (child === null) continue;
    if (ancestors.has(child)) {
      node.cycle = true;
      continue;
    }
    const earlier = expandedAt.get(child);
    if (earlier !== undefined) {
      // The root has no node of its own (''): reaching it again is a cycle, flagged above.
      node.repeat_of = earlier || null;
      continue;
    }
    const own = byParent.get(child);
    if (!own) {
      node.truncated = hasMore.has(node.id);
      continue;
    }
    expandedAt.set(child, node.id);
    const children = sorted(own, new Set([...ancestors, child]));
    node.components = children.map((e) => e.node);
    queue.push(...children);
  }
  return top.map((e) => e.node);
}
