export type { ResourceSpec, ParentSpec, CrudOperation } from './resource.js';
export { crudRoutes, updateSchema } from './routes.js';
export { crudImplementations } from './implementations.js';
export { listRows, getRow, createRow, updateRow, deleteRow } from './operations.js';
export type { Versioned, Scope } from './operations.js';
export { idCondition, parentIdSql } from './id-match.js';
export { insertOne, updateOne, deleteOne, selectOne, rowVersionSql, VERSION_COLUMN } from './statements.js';
