/**
 * Where the client gives each column of a resource's table on create and on
 * PATCH (RouteDefinition.writes), derived from its fields, so a conflict
 * names the field the client sent (http/request-fields.ts):
 * - a field the body may set there: `body.<field>`;
 * - the parent's column: `params.<parent param>` (after `body.<column>` when
 *   PATCH may also move the row to another parent);
 * - everything else (ids, generated business IDs, the author, create-only
 *   fields on PATCH): the server's or the row's, named by no request field.
 */
import type { ColumnSources, WriteDeclaration } from '../http/request-fields.js';
import { columnNames } from './fields.js';
import type { ResourceSpec } from './resource.js';

type Write = 'create' | 'update';

const WRITABLE: Readonly<Record<Write, readonly string[]>> = {
  create: ['required', 'optional', 'create'],
  update: ['required', 'optional', 'update'],
};

export function writeColumns(spec: Pick<ResourceSpec, 'table' | 'fields' | 'parent' | 'authorColumn' | 'columnSources'>, write: Write): WriteDeclaration {
  const columns: Record<string, readonly string[]> = {};
  for (const name of columnNames(spec.fields)) {
    const mode = spec.fields[name]!.options.write ?? 'optional';
    const body = WRITABLE[write].includes(mode) && name !== spec.authorColumn ? [`body.${name}`] : [];
    const parent = spec.parent?.column === name ? [`params.${spec.parent.param}`] : [];
    columns[name] = [...body, ...parent];
  }
  if (spec.parent && !(spec.parent.column in columns)) columns[spec.parent.column] = [`params.${spec.parent.param}`];
  const declared: ColumnSources = spec.columnSources?.[write] ?? {};
  return { table: spec.table, columns: { ...columns, ...declared } };
}
