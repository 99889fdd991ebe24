/**
 * Reads the `schema/` folder: every `*.sql` file in the order of its numeric
 * prefix (then name), with its checksum. Numeric, not lexical, so `100_…` comes
 * after `99_…`: the two-digit names already applied keep their order.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

export interface SchemaFile {
  /** File name only, e.g. `70_mkt_common.sql`: the ledger's key. */
  name: string;
  sql: string;
  sha256: string;
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function schemaFile(name: string, sql: string): SchemaFile {
  return { name, sql, sha256: sha256(sql) };
}

export async function loadSchemaFiles(dir: string): Promise<SchemaFile[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.sql')).sort(compareSchemaNames);
  return Promise.all(names.map(async (name) => schemaFile(name, await readFile(path.join(dir, name), 'utf8'))));
}

function numericPrefix(name: string): number {
  const match = /^(\d+)_/.exec(name);
  if (!match) throw new Error(`Schema file ${name} must start with a number and an underscore (e.g. 100_name.sql).`);
  return Number(match[1]);
}

/** Orders `9_a`, `70_b`, `99_c`, `100_d`; equal numbers fall back to the name. */
export function compareSchemaNames(a: string, b: string): number {
  return numericPrefix(a) - numericPrefix(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** One hash over all files (names and contents): changes whenever any file does. */
export function combinedHash(files: readonly SchemaFile[]): string {
  return sha256(files.map((f) => `${f.name}\n${f.sha256}`).join('\n'));
}
