export { migrate, readLedger, LEDGER_TABLE } from './migrate.js';
export type { MigrateOptions, MigrateResult, LedgerEntry } from './migrate.js';
export { loadSchemaFiles, schemaFile, combinedHash, sha256 } from './schema-files.js';
export type { SchemaFile } from './schema-files.js';
export { MigrationError, ChangedFileError } from './errors.js';
export { splitStatements } from './split-statements.js';
