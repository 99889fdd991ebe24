/** Reads the `schema/` folder: every `*.sql` file in lexical order, with its checksum. */
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
  const names = (await readdir(dir)).filter((n) => n.endsWith('.sql')).sort();
  return Promise.all(names.map(async (name) => schemaFile(name, await readFile(path.join(dir, name), 'utf8'))));
}

/** One hash over all files (names and contents): changes whenever any file does. */
export function combinedHash(files: readonly SchemaFile[]): string {
  return sha256(files.map((f) => `${f.name}\n${f.sha256}`).join('\n'));
}
