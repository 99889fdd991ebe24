/** The handler side of crudRoutes: operation id -> implementation. */
import { getExecutor } from '../db/index.js';
import { created, ifMatchVersions, noContent, ok, versionEtag, type HttpRequest, type HttpResult } from '../http/index.js';
import type { Implementations } from '../http/index.js';
import { createRow, deleteRow, getRow, listRows, updateRow, type Scope } from './operations.js';
import type { ResourceSpec } from './resource.js';

function scopeOf(spec: ResourceSpec, req: HttpRequest): Scope {
  const params = req.params as Record<string, string | undefined>;
  return {
    ...(params.id !== undefined ? { id: params.id } : {}),
    ...(spec.parent && params[spec.parent.param] !== undefined ? { parentId: params[spec.parent.param] } : {}),
  };
}

export function crudImplementations(spec: ResourceSpec): Implementations {
  const ops = spec.operations ?? ['list', 'get', 'create', 'update', 'delete'];
  const impl: Record<string, (req: HttpRequest) => Promise<HttpResult>> = {};
  if (ops.includes('list')) {
    impl[`list${spec.plural}`] = async (req) =>
      ok(await listRows(getExecutor(), spec, scopeOf(spec, req), req.event.rawQueryString ?? ''), { etag: null });
  }
  if (ops.includes('get')) {
    impl[`get${spec.noun}`] = async (req) => {
      const { row, version } = await getRow(getExecutor(), spec, scopeOf(spec, req));
      return ok(row, { etag: versionEtag(version) });
    };
  }
  if (ops.includes('create')) {
    impl[`create${spec.noun}`] = async (req) => {
      const { row, version } = await createRow(getExecutor(), spec, scopeOf(spec, req), req.body as Record<string, unknown>);
      return created(row, `${req.event.rawPath}/${String(row.id)}`, { etag: versionEtag(version) });
    };
  }
  if (ops.includes('update')) {
    impl[`update${spec.noun}`] = async (req) => {
      const { row, version } = await updateRow(
        getExecutor(),
        spec,
        scopeOf(spec, req),
        req.body as Record<string, unknown>,
        ifMatchVersions(req),
      );
      return ok(row, { etag: versionEtag(version) });
    };
  }
  if (ops.includes('delete')) {
    impl[`delete${spec.noun}`] = async (req) => {
      await deleteRow(getExecutor(), spec, scopeOf(spec, req), ifMatchVersions(req));
      return noContent();
    };
  }
  return impl;
}
