/**
 * An upload request whose presigning fails (e.g. no credentials) answers 500
 * and leaves no asset row behind: the key is presigned before the row is
 * written. Presigning is the injected fault; the database is real.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as Storage from '../../../lambdas/library/storage.js';
import { startTestApi, type TestApi } from '../../support/api.js';

vi.mock('../../../lambdas/library/storage.js', async (importOriginal) => ({
  ...(await importOriginal<typeof Storage>()),
  presignUpload: vi.fn(() => Promise.reject(new Error('Could not load credentials from any providers'))),
}));

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ s3: true });
});
afterAll(async () => {
  await api.stop();
});

describe('upload request when presigning fails', () => {
  it('answers 500 and writes no asset row', async () => {
    const count = async () => (await api.db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM marketing.content_library')).rows[0]!.n;
    const before = await count();
    const response = await api.request('POST', '/v1/assets/uploads', {
      as: 'marketer',
      body: { filename: 'pool.png', asset_type: 'image', mime_type: 'image/png', size_bytes: 1000 },
    });
    expect(response.status).toBe(500);
    expect(await count()).toBe(before);
  });
});
