import { describe, expect, it } from 'vitest';
import { newUuidV7 } from '../../../lambdas/library/asset-ids.js';

describe('newUuidV7', () => {
  it('puts the milliseconds first, version 7 and variant 10, so later ids sort after earlier ones', () => {
    const id = newUuidV7(0x0190a5f01234);
    expect(id).toMatch(/^0190a5f0-1234-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newUuidV7(0x0190a5f01235) > id).toBe(true);
    expect(newUuidV7(0x0190a5f01234)).not.toBe(id);
  });
});
