/**
 * The content rules beyond generic CRUD, on plain inputs: the status
 * workflow, templates, version history and composition. Each operation is one
 * repository call (one Data API call); the outcome a statement reports becomes
 * the platform's typed errors (not found, stale If-Match, conflict).
 */
import { refuseUnknownReferences, tooLarge } from '../platform/crud/index.js';
import { checkPrecondition } from '../platform/crud/status-move.js';
import { CheckViolationError, getExecutor } from '../platform/db/index.js';
import type { Row } from '../platform/db/executor.js';
import { ConflictError, NotFoundError, PreconditionFailedError, ValidationError } from '../platform/errors.js';
import type { Page, QueryInput } from '../platform/lists/list-query.js';
import {
  addComponent as insertComponent,
  changeStatus as moveStatus,
  MAX_TREE_COMPONENTS,
  componentRows,
  contentWhere,
  getVersion as readVersion,
  instantiateTemplate,
  listVersions as readVersions,
  removeComponent as deleteComponent,
  restoreVersion as restore,
  type ComponentInput,
} from './repository.js';
import { versionSettings } from './resources.js';
import { COMPONENT_REFERENCES, type ComponentNode } from './schemas.js';
import { buildTree } from './tree.js';
import { TRANSITIONS, allowedSources, type ContentStatus } from './workflow.js';

export type IfMatch = string[] | '*' | undefined;

/** A written content row and its version (the ETag). */
export interface Written {
  row: Row;
  version: string;
}

function noContentFound(id: string): NotFoundError {
  return new NotFoundError(`No content ${id}.`);
}

/** The content named by the path, as SQL; a malformed id names nothing (404 without a call). */
function whereOf(id: string, alias = 't') {
  const where = contentWhere(id, alias);
  if (!where) throw noContentFound(id);
  return where;
}

function written(result: { row: Row | null; version: string | null }): Written {
  return { row: result.row!, version: result.version! };
}

export async function changeStatus(
  id: string,
  change: { status: ContentStatus; change_summary?: string | undefined },
  actor: string | null,
  ifMatch: IfMatch,
): Promise<Written> {
  const sources = allowedSources(change.status);
  const result = await moveStatus(getExecutor(), whereOf(id), change.status, sources, ifMatch, versionSettings(actor, change.change_summary));
  if (!result.found) throw noContentFound(id);
  checkPrecondition(result.facts._if_match_held);
  if (result.row) return written(result);
  const from = (result.facts._from_status as string | null) ?? null;
  if (from !== null && sources.includes(from as ContentStatus)) throw new PreconditionFailedError();
  const next = from === null ? [] : (TRANSITIONS[from as ContentStatus] ?? []);
  throw new ConflictError(
    `Content ${id} cannot move from ${from ?? '(no status)'} to ${change.status}; ` +
      (next.length > 0 ? `from ${from} it can move to ${next.join(', ')}.` : 'it has no status to move from.'),
    { errors: [{ path: 'body.status', message: `Not allowed from ${from ?? '(no status)'}` }] },
  );
}

export interface InstantiateInput {
  title?: string | undefined;
  property_id?: string | null | undefined;
  author?: string | null | undefined;
  change_summary?: string | undefined;
}

export async function instantiate(id: string, input: InstantiateInput, actor: string | null): Promise<Written> {
  const result = await instantiateTemplate(
    getExecutor(),
    whereOf(id),
    {
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...('property_id' in input ? { property_id: input.property_id ?? null } : {}),
      ...('author' in input ? { author: input.author ?? null } : {}),
      created_by: actor,
    },
    versionSettings(actor, input.change_summary ?? `Created from template ${id}`),
  );
  if (!result.found) throw new NotFoundError(`No template ${id}.`);
  if (result.facts._too_large === true) throw tooLarge();
  if (!result.row) throw new ConflictError(`Content ${id} is not a template (is_template is false); only templates can be instantiated.`);
  return written(result);
}

export async function listVersions(id: string, query: QueryInput): Promise<Page<Row>> {
  const page = await readVersions(getExecutor(), whereOf(id, 'c'), query);
  if (!page) throw noContentFound(id);
  return page;
}

export async function getVersion(id: string, versionNumber: number): Promise<Row> {
  const { found, version } = await readVersion(getExecutor(), whereOf(id, 'c'), versionNumber);
  if (!found) throw noContentFound(id);
  if (!version) throw new NotFoundError(`Content ${id} has no version ${versionNumber}.`);
  return version;
}

export async function restoreVersion(id: string, versionNumber: number, summary: string | undefined, actor: string | null, ifMatch: IfMatch): Promise<Written> {
  // A restore is a new version even when the snapshot equals the current row (schema/106).
  const settings = { ...versionSettings(actor, summary ?? `Restored version ${versionNumber}`), 'app.force_version': 'true' };
  const result = await restore(getExecutor(), whereOf(id), versionNumber, ifMatch, settings);
  if (!result.found) throw noContentFound(id);
  if (result.facts._version_found !== true) throw new NotFoundError(`Content ${id} has no version ${versionNumber}.`);
  if (!result.row && result.facts._too_large === true) throw tooLarge();
  if (!result.row) throw new PreconditionFailedError();
  return written(result);
}

export async function addComponent(id: string, input: ComponentInput): Promise<Written> {
  const cycle = () =>
    new ConflictError(`Adding this component would make content ${id} contain itself.`, {
      errors: [{ path: 'body.component_content_id', message: 'Already contains the parent (a cycle)' }],
    });
  const result = await insertComponent(getExecutor(), whereOf(id), input).catch((error: unknown) => {
    // The statement's own check misses a cycle closed by a concurrent writer; the commit-time trigger catches it.
    if (error instanceof CheckViolationError && error.constraint === 'content_components_no_cycle') throw cycle();
    throw error;
  });
  if (!result.found) throw noContentFound(id);
  refuseUnknownReferences(result.facts, COMPONENT_REFERENCES);
  if (!result.row) throw cycle();
  return written(result);
}

export async function removeComponent(id: string, componentId: string): Promise<void> {
  const { found, removed } = await deleteComponent(getExecutor(), whereOf(id), componentId);
  if (!found) throw noContentFound(id);
  if (!removed) throw new NotFoundError(`Content ${id} has no component ${componentId}.`);
}

export async function componentTree(id: string, maxDepth: number): Promise<{ content_id: string; components: ComponentNode[] }> {
  const { rootId, rows } = await componentRows(getExecutor(), whereOf(id), maxDepth);
  if (rootId === null) throw noContentFound(id);
  if (rows.length > MAX_TREE_COMPONENTS) {
    throw new ValidationError(
      [{ path: 'query.max_depth', message: `the tree has more than ${MAX_TREE_COMPONENTS} components within ${maxDepth} levels; ask for fewer levels` }],
      `Content ${id} has more than ${MAX_TREE_COMPONENTS} components within ${maxDepth} levels (each content counted once); a tree read returns at most ${MAX_TREE_COMPONENTS}. Ask for fewer levels with max_depth.`,
    );
  }
  return { content_id: rootId, components: buildTree(rootId, rows) };
}
