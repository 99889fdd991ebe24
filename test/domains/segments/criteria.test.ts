/**
 * The criteria language at the edge: every disallowed criterion is a 422
 * naming its path; the allowed fields, operators, values and qualifiers are
 * the reference table's; depth and size are bounded; values never become SQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetCriteriaCatalogForTests } from '../../../lambdas/segments/criteria-catalog.js';
import { MAX_CONDITIONS, MAX_DEPTH } from '../../../lambdas/segments/criteria/language.js';
import { startTestApi, type TestApi } from '../../support/api.js';
import { paths, type Problem } from './helpers.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.stop();
});

const preview = (criteria: unknown) => api.request<Problem & { count: number }>('POST', '/v1/segments/preview', { as: 'viewer', body: { criteria } });

describe('criteria validation', () => {
  it('names the path of a field that is not a criterion', async () => {
    const response = await preview({
      any: [{ field: 'has_email', op: 'is_true' }, { field: 'total_stays', op: 'gte', value: 1 }, { field: 'favourite_colour', op: 'eq', value: 'red' }],
    });
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toMatch(/problem\+json/);
    expect(paths(response.body)).toEqual(['body.criteria.any[2].field']);
  });

  it('reports every bad operator, value, qualifier and key at once', async () => {
    const response = await preview({
      all: [
        { field: 'total_stays', op: 'contains', value: 'x' },
        { field: 'email_domain', op: 'in', value: ['a.com', 7] },
        { field: 'last_stay_date', op: 'between', value: ['2025-02-01', '2025-01-01'] },
        { field: 'has_email', op: 'is_true', value: true },
        { field: 'campaign_event', op: 'in', value: ['opened', 'liked'], within_last_days: 0 },
        { field: 'total_revenue', op: 'gt', value: 10, campaign_id: '0190a5f0-0000-7000-8000-000000000000' },
        { not: { field: 'contact_created_at', op: 'within_last_days', value: -1 }, extra: 1 },
        { field: 'in_segment', op: 'in', value: ['SEG-010001'], colour: 'x' },
        { sometimes: [] },
      ],
    });
    expect(response.status).toBe(422);
    expect(paths(response.body)).toEqual(
      [
        'body.criteria.all[0].op',
        'body.criteria.all[1].value[1]',
        'body.criteria.all[2].value',
        'body.criteria.all[3].value',
        'body.criteria.all[4].value[1]',
        'body.criteria.all[4].within_last_days',
        'body.criteria.all[5].campaign_id',
        'body.criteria.all[6].extra',
        'body.criteria.all[6].not.value',
        'body.criteria.all[7].colour',
        'body.criteria.all[7].value[0]',
        'body.criteria.all[8]',
      ].sort(),
    );
  });

  it('bounds nesting depth and the number of conditions', async () => {
    let deep: unknown = { field: 'has_email', op: 'is_true' };
    for (let i = 0; i < MAX_DEPTH + 1; i++) deep = { not: deep };
    const tooDeep = await preview(deep);
    expect(tooDeep.status).toBe(422);
    expect(paths(tooDeep.body)).toEqual([`body.criteria${'.not'.repeat(MAX_DEPTH)}`]);

    const many = Array.from({ length: MAX_CONDITIONS + 1 }, () => ({ field: 'has_email', op: 'is_true' }));
    const tooMany = await preview({ any: [{ any: many.slice(0, 20) }, { any: many.slice(20, 40) }, { any: many.slice(40) }] });
    expect(tooMany.status).toBe(422);
    expect(paths(tooMany.body)).toEqual(['body.criteria']);
    expect(tooMany.body.errors![0]!.message).toMatch(String(MAX_CONDITIONS));
  });

  it('reads the allowed criteria from the reference table', async () => {
    const criteria = { all: [{ field: 'has_phone', op: 'is_true' }] };
    expect((await preview(criteria)).status).toBe(200);
    await api.db.pool.query("UPDATE marketing.ref_segment_criteria SET is_active = false WHERE code = 'has_phone'");
    await api.db.pool.query("UPDATE marketing.ref_segment_criteria SET operators = '{is_true}' WHERE code = 'has_email'");
    resetCriteriaCatalogForTests();
    try {
      const refused = await preview({ all: [...criteria.all, { field: 'has_email', op: 'is_false' }] });
      expect(refused.status).toBe(422);
      expect(paths(refused.body)).toEqual(['body.criteria.all[0].field', 'body.criteria.all[1].op']);
    } finally {
      await api.db.pool.query("UPDATE marketing.ref_segment_criteria SET is_active = true WHERE code = 'has_phone'");
      await api.db.pool.query("UPDATE marketing.ref_segment_criteria SET operators = '{is_true,is_false}' WHERE code = 'has_email'");
      resetCriteriaCatalogForTests();
    }
  });

  it('refuses criteria of a new segment with the same paths and saves nothing', async () => {
    const before = await api.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM marketing.segments');
    const response = await api.request<Problem>('POST', '/v1/segments', {
      as: 'marketer',
      body: { segment_name: 'Bad', segment_type: 'dynamic', criteria: { any: [{ field: 'nope', op: 'eq', value: 1 }] } },
    });
    expect(response.status).toBe(422);
    expect(paths(response.body)).toEqual(['body.criteria.any[0].field']);
    const after = await api.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM marketing.segments');
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('keeps values out of the SQL text: a quote-laden value is only ever compared', async () => {
    await api.db.pool.query(`INSERT INTO directory.contacts (email) VALUES ('o''brien@x.com''); DROP TABLE directory.contacts; --')`);
    const hostile = "x.com'); DROP TABLE directory.contacts; --";
    const response = await preview({ all: [{ field: 'email_domain', op: 'eq', value: hostile }] });
    expect(response.status).toBe(200);
    expect(response.body.count).toBe(1);
    const { rows } = await api.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM directory.contacts');
    expect(rows[0]!.n).toBeGreaterThan(0);
  });
});
