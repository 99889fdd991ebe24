/**
 * The content domain's operations: generic CRUD with the content rules added
 * (who edited, change summaries, derived word counts, status only through the
 * workflow), templates, versions, composition and usage. Each request is one
 * repository call, so one Data API call.
 */
import { createRow, getRow, listRows, updateRow, deleteRow, tooLarge, type SessionSettings } from '../platform/crud/index.js';
import { crudImplementations } from '../platform/crud/implementations.js';
import { CheckViolationError, getExecutor } from '../platform/db/index.js';
import type { Row } from '../platform/db/executor.js';
import {
  ConflictError,
  NotFoundError,
  PreconditionFailedError,
  created,
  ifMatchVersions,
  noContent,
  ok,
  versionEtag,
  type HttpRequest,
  type HttpResult,
  type Implementations,
} from '../platform/http/index.js';
import {
  addComponent,
  type ComponentInput,
  changeStatus,
  componentRows,
  contentWhere,
  getVersion,
  instantiateTemplate,
  listVersions,
  removeComponent,
  restoreVersion,
} from './repository.js';
import { CONTENT_SUMMARY_COLUMNS, contentResource, contentUsageResource } from './resources.js';
import { MAX_TREE_DEPTH } from './schemas.js';
import { derivedTextStats } from './text-stats.js';
import { buildTree } from './tree.js';
import { TRANSITIONS, allowedSources, type ContentStatus } from './workflow.js';

/** Settings read by the content version trigger (schema/81): who made the edit and why. */
function versionSettings(req: HttpRequest, changeSummary: unknown): SessionSettings {
  return {
    'app.actor': req.principal?.sub ?? null,
    'app.change_summary': typeof changeSummary === 'string' ? changeSummary : null,
  };
}

function idOf(req: HttpRequest): string {
  return String((req.params as { id?: unknown }).id ?? '');
}

function noContentFound(id: string): NotFoundError {
  return new NotFoundError(`No content ${id}.`);
}

/** The content named by the path, as SQL; a malformed id names nothing (404 without a call). */
function whereOf(req: HttpRequest, alias = 't') {
  const id = idOf(req);
  const where = contentWhere(id, alias);
  if (!where) throw noContentFound(id);
  return where;
}

/** Body columns plus derived word counts, without change_summary (it is not a column). */
function columnsOf(body: Record<string, unknown>): { values: Record<string, unknown>; summary: unknown } {
  const { change_summary: summary, ...values } = body;
  return { values: { ...values, ...derivedTextStats(values) }, summary };
}

const listSpec = { ...contentResource, select: CONTENT_SUMMARY_COLUMNS };

const contentCrud: Record<string, (req: HttpRequest) => Promise<HttpResult>> = {
  listContent: async (req) => ok(await listRows(getExecutor(), listSpec, {}, req.event.rawQueryString ?? ''), { etag: null }),

  getContent: async (req) => {
    const { row, version } = await getRow(getExecutor(), contentResource, { id: idOf(req) });
    return ok(row, { etag: versionEtag(version) });
  },

  createContent: async (req) => {
    const { values, summary } = columnsOf(req.body as Record<string, unknown>);
    const { row, version } = await createRow(
      getExecutor(),
      contentResource,
      {},
      { ...values, created_by: req.principal?.sub ?? null },
      { settings: versionSettings(req, summary) },
    );
    return created(row, `/v1/content/${String(row.id)}`, { etag: versionEtag(version) });
  },

  updateContent: async (req) => {
    const { values, summary } = columnsOf(req.body as Record<string, unknown>);
    const { row, version } = await updateRow(getExecutor(), contentResource, { id: idOf(req) }, values, ifMatchVersions(req), {
      settings: versionSettings(req, summary),
    });
    return ok(row, { etag: versionEtag(version) });
  },

  deleteContent: async (req) => {
    await deleteRow(getExecutor(), contentResource, { id: idOf(req) }, ifMatchVersions(req));
    return noContent();
  },
};

function written(result: { row: Row | null; version: string | null }, status: 200 | 201): HttpResult {
  const row = result.row!;
  const etag = versionEtag(result.version!);
  return status === 201 ? created(row, `/v1/content/${String(row.id)}`, { etag }) : ok(row, { etag });
}

const workflow: Record<string, (req: HttpRequest) => Promise<HttpResult>> = {
  changeContentStatus: async (req) => {
    const body = req.body as { status: ContentStatus; change_summary?: string };
    const sources = allowedSources(body.status);
    const result = await changeStatus(getExecutor(), whereOf(req), body.status, sources, ifMatchVersions(req), versionSettings(req, body.change_summary));
    if (!result.found) throw noContentFound(idOf(req));
    if (result.row) return written(result, 200);
    const from = (result.facts._from_status as string | null) ?? null;
    if (from !== null && sources.includes(from as ContentStatus)) throw new PreconditionFailedError();
    const next = from === null ? [] : (TRANSITIONS[from as ContentStatus] ?? []);
    throw new ConflictError(
      `Content ${idOf(req)} cannot move from ${from ?? '(no status)'} to ${body.status}; ` +
        (next.length > 0 ? `from ${from} it can move to ${next.join(', ')}.` : 'it has no status to move from.'),
      { errors: [{ path: 'body.status', message: `Not allowed from ${from ?? '(no status)'}` }] },
    );
  },

  instantiateContentTemplate: async (req) => {
    const body = req.body as { title?: string; property_id?: string | null; author?: string | null; change_summary?: string };
    const result = await instantiateTemplate(
      getExecutor(),
      whereOf(req),
      {
        ...(body.title !== undefined ? { title: body.title } : {}),
        ...('property_id' in body ? { property_id: body.property_id ?? null } : {}),
        ...('author' in body ? { author: body.author ?? null } : {}),
        created_by: req.principal?.sub ?? null,
      },
      versionSettings(req, body.change_summary ?? `Created from template ${idOf(req)}`),
    );
    if (!result.found) throw new NotFoundError(`No template ${idOf(req)}.`);
    if (result.facts._too_large === true) throw tooLarge();
    if (!result.row) {
      throw new ConflictError(`Content ${idOf(req)} is not a template (is_template is false); only templates can be instantiated.`);
    }
    return written(result, 201);
  },
};

function versionNumberOf(req: HttpRequest): number {
  return Number((req.params as { versionNumber: string }).versionNumber);
}

const versions: Record<string, (req: HttpRequest) => Promise<HttpResult>> = {
  listContentVersions: async (req) => {
    const page = await listVersions(getExecutor(), whereOf(req, 'c'), req.event.rawQueryString ?? '');
    if (!page) throw noContentFound(idOf(req));
    return ok(page, { etag: null });
  },

  getContentVersion: async (req) => {
    const n = versionNumberOf(req);
    const { found, version } = await getVersion(getExecutor(), whereOf(req, 'c'), n);
    if (!found) throw noContentFound(idOf(req));
    if (!version) throw new NotFoundError(`Content ${idOf(req)} has no version ${n}.`);
    // Versions never change, so a hash of the body is a stable ETag.
    return ok(version);
  },

  restoreContentVersion: async (req) => {
    const n = versionNumberOf(req);
    const body = (req.body ?? {}) as { change_summary?: string };
    const result = await restoreVersion(
      getExecutor(),
      whereOf(req),
      n,
      ifMatchVersions(req),
      versionSettings(req, body.change_summary ?? `Restored version ${n}`),
    );
    if (!result.found) throw noContentFound(idOf(req));
    if (result.facts._version_found !== true) throw new NotFoundError(`Content ${idOf(req)} has no version ${n}.`);
    if (!result.row && result.facts._too_large === true) throw tooLarge();
    if (!result.row) throw new PreconditionFailedError();
    return written(result, 200);
  },
};

const composition: Record<string, (req: HttpRequest) => Promise<HttpResult>> = {
  addContentComponent: async (req) => {
    const cycle = () =>
      new ConflictError(`Adding this component would make content ${idOf(req)} contain itself.`, {
        errors: [{ path: 'body.component_content_id', message: 'Already contains the parent (a cycle)' }],
      });
    const result = await addComponent(getExecutor(), whereOf(req), req.body as ComponentInput).catch((error: unknown) => {
      // The statement's own check misses a cycle closed by a concurrent writer; the commit-time trigger catches it.
      if (error instanceof CheckViolationError && error.constraint === 'content_components_no_cycle') throw cycle();
      throw error;
    });
    if (!result.found) throw noContentFound(idOf(req));
    if (!result.row) throw cycle();
    return created(result.row, `/v1/content/${idOf(req)}/components/${String(result.row.id)}`, { etag: versionEtag(result.version!) });
  },

  removeContentComponent: async (req) => {
    const componentId = String((req.params as { componentId: string }).componentId);
    const { found, removed } = await removeComponent(getExecutor(), whereOf(req), componentId);
    if (!found) throw noContentFound(idOf(req));
    if (!removed) throw new NotFoundError(`Content ${idOf(req)} has no component ${componentId}.`);
    return noContent();
  },

  getContentComponentTree: async (req) => {
    const raw = (req.query as { max_depth?: string }).max_depth;
    const { rootId, rows } = await componentRows(getExecutor(), whereOf(req), raw === undefined ? MAX_TREE_DEPTH : Number(raw));
    if (rootId === null) throw noContentFound(idOf(req));
    return ok({ content_id: rootId, components: buildTree(rows) });
  },
};

export const implementations: Implementations = {
  ...contentCrud,
  ...workflow,
  ...versions,
  ...composition,
  ...crudImplementations(contentUsageResource),
};
