/**
 * The reference table's criteria, read once per container and kept for a
 * minute: validating a criteria document then costs no Data API call of its
 * own in the steady state, and an edit of ref_segment_criteria applies
 * within a minute.
 */
import { getExecutor } from '../platform/db/index.js';
import type { CriteriaCatalog } from './criteria/language.js';
import { readCriteriaCatalog } from './repository.js';

export const CATALOG_TTL_MS = 60_000;

let cached: { at: number; catalog: Promise<CriteriaCatalog> } | null = null;

export function criteriaCatalog(now = Date.now()): Promise<CriteriaCatalog> {
  if (!cached || now - cached.at > CATALOG_TTL_MS) {
    const catalog = readCriteriaCatalog(getExecutor());
    cached = { at: now, catalog };
    // A failed read is not kept: the next request tries again.
    catalog.catch(() => {
      if (cached?.catalog === catalog) cached = null;
    });
  }
  return cached.catalog;
}

/** Tests change the reference table and need the next request to see it. */
export function resetCriteriaCatalogForTests(): void {
  cached = null;
}
