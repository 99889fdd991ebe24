/**
 * Splits a SQL file into single statements with PostgreSQL's own parser
 * (libpg-query), because the Data API runs one statement per call and a naive
 * split on `;` breaks dollar-quoted bodies, strings and comments.
 */
import { parse } from 'libpg-query';

export interface SqlStatement {
  /** The statement's text, without the trailing semicolon. */
  sql: string;
  /** 1-based line in the file where the statement's first token stands. */
  line: number;
}

export class SqlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'SqlSyntaxError';
  }
}

interface RawStatement {
  stmt_location?: number;
  stmt_len?: number;
}

/** Offset just past the block comment opening at `start`; PostgreSQL nests them (a comment inside a comment needs its own end). */
function blockCommentEnd(text: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    if (text.startsWith('/*', i)) {
      depth++;
      i += 2;
    } else if (text.startsWith('*/', i)) {
      i += 2;
      if (--depth === 0) return i;
    } else {
      i++;
    }
  }
  return text.length;
}

/** Length of leading whitespace and comments, so the line names the real first token. */
function leadingNoise(text: string): number {
  let i = 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i] ?? '')) i++;
    if (text.startsWith('--', i)) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? text.length : end + 1;
    } else if (text.startsWith('/*', i)) {
      i = blockCommentEnd(text, i);
    } else {
      return i;
    }
  }
}

function lineAt(text: string, charOffset: number): number {
  let line = 1;
  for (let i = 0; i < charOffset; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

export async function splitStatements(fileText: string): Promise<SqlStatement[]> {
  let tree: { stmts?: RawStatement[] };
  try {
    tree = await parse(fileText);
  } catch (error) {
    const details = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
    // cursorPosition is a byte offset into the UTF-8 text.
    const byteOffset = details?.cursorPosition ?? 0;
    const charOffset = Buffer.from(fileText, 'utf8').subarray(0, byteOffset).toString('utf8').length;
    throw new SqlSyntaxError((error as Error).message, lineAt(fileText, charOffset));
  }
  // libpg-query reports locations in bytes; slice the UTF-8 buffer, not the string.
  const bytes = Buffer.from(fileText, 'utf8');
  const statements: SqlStatement[] = [];
  for (const raw of tree.stmts ?? []) {
    const start = raw.stmt_location ?? 0;
    const end = raw.stmt_len === undefined || raw.stmt_len === 0 ? bytes.length : start + raw.stmt_len;
    const chunk = bytes.subarray(start, end).toString('utf8');
    const skip = leadingNoise(chunk);
    const sql = chunk.slice(skip).replace(/;\s*$/, '').trimEnd();
    if (sql === '') continue;
    const charStart = bytes.subarray(0, start).toString('utf8').length + skip;
    statements.push({ sql, line: lineAt(fileText, charStart) });
  }
  return statements;
}
