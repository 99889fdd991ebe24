import { describe, expect, it } from 'vitest';
import { coerceValue } from '../../lambdas/platform/lists/filters.js';
import { date, timestamp } from '../../lambdas/platform/schemas.js';

describe('date and timestamp schemas accept only what PostgreSQL stores', () => {
  it.each(['2025-01-01T00:00:00Z', '2025-06-30T12:30:00.123+02:00', '2025-01-01T00:00:00-15:59'])('accepts %s', (value) => {
    expect(timestamp.safeParse(value).success).toBe(true);
  });
  it.each(['0000-01-01T00:00:00Z', '2025-01-01T00:00:00+23:00', '2025-01-01T00:00:00-16:00', '2025-02-30T00:00:00Z'])(
    'refuses %s',
    (value) => {
      expect(timestamp.safeParse(value).success).toBe(false);
    },
  );
  it('refuses year 0 and impossible dates, accepts real ones', () => {
    expect(date.safeParse('0000-01-01').success).toBe(false);
    expect(date.safeParse('2025-02-30').success).toBe(false);
    expect(date.safeParse('2024-02-29').success).toBe(true);
  });
  it('refuses filter timestamps with an offset PostgreSQL cannot read', () => {
    expect(coerceValue('timestamptz', '2025-01-01T00:00:00+16:00').ok).toBe(false);
    expect(coerceValue('timestamptz', '2025-01-01T00:00:00+99').ok).toBe(false);
    expect(coerceValue('timestamptz', '2025-01-01T00:00:00+15:00').ok).toBe(true);
  });
});

describe('time schema', () => {
  it('refuses more precision than PostgreSQL keeps (it would round 23:59:59.9999999 to 24:00:00)', async () => {
    const { time } = await import('../../lambdas/platform/schemas.js');
    expect(time.safeParse('23:59:59.999999').success).toBe(true);
    expect(time.safeParse('23:59:59.9999999').success).toBe(false);
    expect(time.safeParse('18:30').success).toBe(true);
  });
});
