/**
 * The combined hash of `schema/*.sql` at synth time, computed exactly as the
 * migrator computes it at run time, so the custom resource changes (and
 * CloudFormation sends an Update) exactly when a schema file does.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { combinedHash, compareSchemaNames, schemaFile } from '../lambdas/workers/migrator/schema-files.js';

export function schemaHash(dir: string): { hash: string; files: string[] } {
  const names = readdirSync(dir).filter((n) => n.endsWith('.sql')).sort(compareSchemaNames);
  if (names.length === 0) throw new Error(`No schema files in ${dir}`);
  const files = names.map((name) => schemaFile(name, readFileSync(path.join(dir, name), 'utf8')));
  return { hash: combinedHash(files), files: names };
}
