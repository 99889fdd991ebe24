/** Shared shapes and small helpers of the segments tests (test data goes in with SQL, as the rules say). */
import { expect } from 'vitest';
import type { TestApi } from '../../support/api.js';

export type Segment = {
  id: string;
  segment_id: string;
  segment_name: string;
  segment_type: string | null;
  criteria: unknown;
  member_count: number | null;
  last_calculated_at: string | null;
  auto_refresh: boolean | null;
  status: string | null;
  created_by: string | null;
};
export type Page<T> = { data: T[]; next_cursor: string | null };
export type Problem = { status: number; title: string; detail: string; errors?: Array<{ path: string; message: string }> };

export async function createSegment(api: TestApi, body: Record<string, unknown>): Promise<Segment> {
  const response = await api.request<Segment>('POST', '/v1/segments', { as: 'marketer', body });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body;
}

export async function newContacts(api: TestApi, count: number, emailDomain = 'example.com'): Promise<string[]> {
  const { rows } = await api.db.pool.query<{ id: string }>(
    `INSERT INTO directory.contacts (full_name, email)
     SELECT 'Guest ' || n, 'guest' || n || '-' || md5(random()::text) || '@' || $2::text FROM generate_series(1, $1::int) n
     RETURNING id`,
    [count, emailDomain],
  );
  return rows.map((r) => r.id);
}

/** member_count as stored, and the count of current members it must equal. */
export async function counts(api: TestApi, segmentUuid: string): Promise<{ stored: number; actual: number }> {
  const { rows } = await api.db.pool.query<{ stored: number; actual: number }>(
    `SELECT s.member_count AS stored,
            (SELECT count(*)::int FROM marketing.segment_members m WHERE m.segment_id = s.id AND m.removed_at IS NULL) AS actual
       FROM marketing.segments s WHERE s.id = $1`,
    [segmentUuid],
  );
  return rows[0]!;
}

export const paths = (problem: Problem): string[] => (problem.errors ?? []).map((e) => e.path).sort();
