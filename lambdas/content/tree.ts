/** Nests the flat rows of the component query (repository.componentRows) into the tree the API returns. */
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
    cycle: row.cycle === true,
    truncated: row.truncated === true,
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

/**
 * Rows carry `node_path` (component ids from the root, `/`-joined): a row's
 * parent node is its path without the last id. The same component can appear
 * under several branches, so the path, not the id, is the node's identity.
 */
export function buildTree(rows: readonly Row[]): ComponentNode[] {
  const entries = rows.map((row) => ({ row, path: String(row.node_path), node: nodeOf(row), createdAt: String(row.created_at ?? '') }));
  const byPath = new Map(entries.map((e) => [e.path, e]));
  const roots: typeof entries = [];
  const children = new Map<string, typeof entries>();
  for (const entry of entries) {
    const cut = entry.path.lastIndexOf('/');
    if (cut === -1) {
      roots.push(entry);
      continue;
    }
    const parent = entry.path.slice(0, cut);
    if (!byPath.has(parent)) continue; // cannot happen: the recursion reaches a node only through its parent
    children.set(parent, [...(children.get(parent) ?? []), entry]);
  }
  const attach = (list: typeof entries): ComponentNode[] =>
    [...list].sort(compare).map((e) => {
      e.node.components = attach(children.get(e.path) ?? []);
      return e.node;
    });
  return attach(roots);
}
