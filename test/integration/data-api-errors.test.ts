/**
 * Typed errors from real PostgreSQL messages through the local Data API, for
 * the cases the schema really has: a unique expression index.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UniqueViolationError } from '../../lambdas/platform/db/index.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { startTestDataApi, type TestDataApi } from '../support/data-api.js';

let db: TestDatabase;
let api: TestDataApi;

beforeAll(async () => {
  db = await createTestDatabase();
  api = await startTestDataApi(db);
});

afterAll(async () => {
  await api?.stop();
  await db?.drop();
});

describe('unique violations', () => {
  it('names the column behind an expression index (lower(email))', async () => {
    const insert = `INSERT INTO public.mkt_persona_contacts (full_name, email) VALUES (:name, :email)`;
    await api.executor.query(insert, { name: 'First', email: 'Ann@Example.com' });
    const error = await api.executor.query(insert, { name: 'Second', email: 'ann@example.COM' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UniqueViolationError);
    expect(error).toMatchObject({ constraint: 'uq_mkt_persona_contacts_email', columns: ['email'], sqlState: '23505' });
  });
});
