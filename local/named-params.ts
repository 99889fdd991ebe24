/**
 * Rewrites the Data API's `:name` placeholders into PostgreSQL's `$n`, skipping
 * string literals, quoted identifiers, dollar-quoted bodies, comments and `::`
 * casts, so the local Data API endpoint and the pg executor accept exactly the
 * SQL that Aurora's Data API accepts.
 */

export interface PositionalSql {
  text: string;
  /** Parameter names in `$n` order (a name used twice maps to one `$n`). */
  names: string[];
}

const NAME_START = /[A-Za-z_]/;
const NAME_PART = /[A-Za-z0-9_]/;
const DIGIT = /[0-9]/;

/**
 * The Data API accepts numeric names (`:1`, `:0`): drizzle-orm's `aws-data-api/pg`
 * driver sends `:1`, `:2`, ... and kysely-data-api `:0`, `:1`, ... (drizzle-orm
 * #6147, #2372: "the Data API binds named parameters (`:1`) only"). A digit
 * right after an identifier or number (`arr[1:2]`, `a[lo:2]`) is an array
 * slice bound, not a parameter.
 */
function numericNameAt(sql: string, i: number): boolean {
  return DIGIT.test(sql[i + 1] ?? '') && !NAME_PART.test(sql[i - 1] ?? '');
}

function skipQuoted(sql: string, i: number, quote: string): number {
  let j = i + 1;
  while (j < sql.length) {
    if (sql[j] === quote) {
      if (sql[j + 1] === quote) j += 2; // doubled quote is an escaped quote
      else return j + 1;
    } else j++;
  }
  return j;
}

function dollarTagAt(sql: string, i: number): string | null {
  const match = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64));
  return match ? match[0] : null;
}

export function toPositional(sql: string): PositionalSql {
  const names: string[] = [];
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const ch = sql[i] ?? '';
    const next = sql[i + 1] ?? '';
    let end = i + 1;
    if (ch === "'" || ch === '"') end = skipQuoted(sql, i, ch);
    else if (ch === '-' && next === '-') {
      const nl = sql.indexOf('\n', i);
      end = nl === -1 ? sql.length : nl;
    } else if (ch === '/' && next === '*') {
      const close = sql.indexOf('*/', i + 2);
      end = close === -1 ? sql.length : close + 2;
    } else if (ch === '$') {
      const tag = dollarTagAt(sql, i);
      if (tag) {
        const close = sql.indexOf(tag, i + tag.length);
        end = close === -1 ? sql.length : close + tag.length;
      }
    } else if (ch === ':' && next === ':') end = i + 2;
    else if (ch === ':' && (NAME_START.test(next) || numericNameAt(sql, i))) {
      let j = i + 1;
      while (j < sql.length && NAME_PART.test(sql[j] ?? '')) j++;
      const name = sql.slice(i + 1, j);
      let index = names.indexOf(name);
      if (index === -1) index = names.push(name) - 1;
      out += `$${index + 1}`;
      i = j;
      continue;
    }
    out += sql.slice(i, end);
    i = end;
  }
  return { text: out, names };
}
