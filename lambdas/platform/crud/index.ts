// crudImplementations lives in './implementations.js' and is imported from there by
// handlers only: it depends on the HTTP chain, which depends on the route table,
// which depends on this index — re-exporting it here would close that cycle.
export type { ResourceSpec, ParentSpec, CrudOperation } from './resource.js';
export { crudRoutes, updateSchema } from './routes.js';
export { listRows, getRow, createRow, updateRow, deleteRow, tooLarge } from './operations.js';
export type { Versioned, Scope, WriteOptions } from './operations.js';
export { idCondition, parentIdSql } from './id-match.js';
export { insertOne, updateOne, deleteOne, selectOne, rowVersionSql, settingsCte, VERSION_COLUMN, MAX_ROW_JSON_BYTES, TOO_LARGE_COLUMN } from './statements.js';
export type { SessionSettings, Statement } from './statements.js';
