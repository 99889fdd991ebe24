/**
 * The compiler never writes a user value into SQL text: every value of every
 * field family travels as a parameter, and the parameter names are its own.
 */
import { describe, expect, it } from 'vitest';
import { compileCriteria, membersQuery } from '../../../lambdas/segments/criteria/compile.js';
import type { Node } from '../../../lambdas/segments/criteria/language.js';

const uuid = (n: number) => `0190a5f0-0000-7000-8000-${String(n).padStart(12, '0')}`;

describe('criteria compiler', () => {
  it('binds every value of every field family as a parameter', () => {
    const criteria: Node = {
      any: [
        { field: 'email_domain', op: 'in', value: ["evil'; DROP TABLE x; --", 'marker-b.com'] },
        { field: 'email_domain', op: 'contains', value: 'marker-c' },
        { field: 'total_stays', op: 'between', value: [31337, 31338] },
        { field: 'last_stay_date', op: 'lt', value: '1999-12-31' },
        { field: 'upcoming_check_in', op: 'within_next_days', value: 4242 },
        { field: 'stayed_at_property', op: 'not_in', value: [uuid(1)] },
        { not: { field: 'campaign_event', op: 'in', value: ['opened'], campaign_id: uuid(2), within_last_days: 7777, at_least: 8888 } },
        { field: 'engaged_campaign', op: 'in', value: [uuid(3)] },
        { field: 'in_segment', op: 'not_in', value: [uuid(4)] },
      ],
    };
    const compiled = compileCriteria(criteria);
    const sql = membersQuery(compiled);
    for (const marker of ['evil', 'marker-b', 'marker-c', '31337', '31338', '1999-12-31', '4242', '7777', '8888', uuid(1), uuid(2), uuid(3), uuid(4), 'opened']) {
      expect(sql, marker).not.toContain(marker);
      expect(JSON.stringify(compiled.params), marker).toContain(marker);
    }
    expect(compiled.conditions).toHaveLength(9);
    expect(Object.keys(compiled.params).every((name) => /^k\d+$/.test(name))).toBe(true);
  });

  it('joins the reservation aggregate once, with only the columns the criteria read', () => {
    const compiled = compileCriteria({ all: [{ field: 'total_stays', op: 'gte', value: 1 }, { field: 'total_revenue', op: 'gt', value: 10 }] });
    expect(compiled.joins.match(/reservations\.reservations/g)).toHaveLength(1);
    expect(compiled.joins).toContain('AS total_revenue');
    expect(compiled.joins).not.toContain('property_ids');
    expect(compileCriteria({ all: [{ field: 'has_email', op: 'is_true' }] }).joins).toBe('');
  });
});
