/**
 * A SqlExecutor straight over node-postgres. The local Data API endpoint and
 * the test harness's template migration use it; Lambda code never does (it
 * goes through the Data API executor).
 */
import type pg from 'pg';
import type { QueryResult, Row, SqlExecutor, SqlParams, SqlValue } from '../lambdas/platform/db/executor.js';
import { toPositional } from './named-params.js';

type Queryable = Pick<pg.PoolClient, 'query'>;

function toPgValue(value: SqlValue | undefined): unknown {
  if (value && typeof value === 'object' && 'kind' in value) return value.value;
  if (typeof value === 'bigint') return value.toString();
  return value ?? null;
}

async function run<R extends Row>(db: Queryable, sql: string, params: SqlParams = {}): Promise<QueryResult<R>> {
  const { text, names } = toPositional(sql);
  const missing = names.filter((n) => !(n in params));
  if (missing.length > 0) throw new Error(`No value given for parameter(s): ${missing.join(', ')}`);
  const result = await db.query(text, names.map((n) => toPgValue(params[n])));
  return { rows: result.rows as R[], rowCount: result.rowCount ?? result.rows.length };
}

function clientExecutor(client: Queryable): SqlExecutor {
  return {
    query: (sql, params) => run(client, sql, params),
    transaction: () => Promise.reject(new Error('Nested transactions are not supported')),
  };
}

export function pgExecutor(pool: pg.Pool): SqlExecutor {
  return {
    query: (sql, params) => run(pool, sql, params),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(clientExecutor(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  };
}
