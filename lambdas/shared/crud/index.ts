export type { ResourceSpec, ParentSpec, CrudOperation } from './resource.js';
export { crudRoutes, updateSchema } from './routes.js';
export { crudImplementations } from './implementations.js';
export { listRows, getRow, createRow, updateRow, deleteRow } from './operations.js';
export type { Versioned, Scope, WriteOptions } from './operations.js';
export { idCondition, parentIdSql } from './id-match.js';
export { insertOne, updateOne, deleteOne, selectOne, rowVersionSql, settingsCte, VERSION_COLUMN } from './statements.js';
export type { SessionSettings, Statement } from './statements.js';
