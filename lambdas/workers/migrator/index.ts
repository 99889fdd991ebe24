export { migrate } from './migrate.js';
export type { MigrateOptions, MigrateResult } from './migrate.js';
export { readLedger, LEDGER_TABLE } from './ledger.js';
export type { LedgerEntry } from './ledger.js';
export { loadSchemaFiles, schemaFile, combinedHash, compareSchemaNames, sha256 } from './schema-files.js';
export type { SchemaFile } from './schema-files.js';
export { MigrationError, ChangedFileError } from './errors.js';
export { splitStatements } from './split-statements.js';
