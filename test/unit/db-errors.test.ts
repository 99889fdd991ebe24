import { describe, expect, it } from 'vitest';
import {
  CheckViolationError,
  DatabaseError,
  ForeignKeyViolationError,
  NotNullViolationError,
  UniqueViolationError,
  parsePostgresMessage,
  postgresError,
} from '../../lambdas/platform/db/errors.js';

describe('parsing the Data API rendering of PostgreSQL errors', () => {
  it('splits message, detail, hint and SQLSTATE in the pgjdbc layout', () => {
    const parsed = parsePostgresMessage(
      'ERROR: duplicate key value violates unique constraint "users_email_key"\n  Detail: Key (email)=(a@b.c) already exists.\n  Hint: try another; SQLState: 23505',
    );
    expect(parsed).toEqual({
      message: 'duplicate key value violates unique constraint "users_email_key"',
      detail: 'Key (email)=(a@b.c) already exists.',
      hint: 'try another',
      sqlState: '23505',
    });
  });

  it('accepts sections joined with "; " and keeps semicolons inside a detail', () => {
    const parsed = parsePostgresMessage('ERROR: deadlock detected; Detail: Process 1 waits; blocked by process 2.; SQLState: 40P01');
    expect(parsed.message).toBe('deadlock detected');
    expect(parsed.detail).toBe('Process 1 waits; blocked by process 2.');
    expect(parsed.sqlState).toBe('40P01');
  });

  // Both layouts must parse: the v1 layout (sections on new lines, sometimes with node-postgres's
  // "unnamed portal parameter" context) and the current service's one line (drizzle-orm #2583, #1912).
  it('parses the current one-line layout and the v1 multi-line layout alike', () => {
    const current = parsePostgresMessage(
      'ERROR: operator does not exist: uuid = text; Hint: No operator matches the given name and argument types. ' +
        'You might need to add explicit type casts.; Position: 54; SQLState: 42883',
    );
    expect(current).toEqual({
      message: 'operator does not exist: uuid = text',
      hint: 'No operator matches the given name and argument types. You might need to add explicit type casts.',
      detail: undefined,
      sqlState: '42883',
    });
    const v1 = parsePostgresMessage(
      'ERROR: date/time field value out of range: "2025-02-30"\n  Where: unnamed portal parameter $1 = \'...\'; SQLState: 22008',
    );
    expect(v1).toEqual({ message: 'date/time field value out of range: "2025-02-30"', sqlState: '22008', detail: undefined, hint: undefined });
    for (const text of [
      'ERROR: duplicate key value violates unique constraint "t_a_b_key"; Detail: Key (a, b)=(1, 2) already exists.; SQLState: 23505',
      'ERROR: duplicate key value violates unique constraint "t_a_b_key"\n  Detail: Key (a, b)=(1, 2) already exists.; SQLState: 23505',
    ]) {
      expect(postgresError(text, 'DatabaseErrorException')).toMatchObject({
        constructor: UniqueViolationError,
        constraint: 't_a_b_key',
        columns: ['a', 'b'],
        detail: 'Key (a, b)=(1, 2) already exists.',
      });
    }
  });

  it('builds the typed error for each integrity violation', () => {
    const unique = postgresError(
      'ERROR: duplicate key value violates unique constraint "t_a_b_key"\n  Detail: Key (a, b)=(1, 2) already exists.; SQLState: 23505',
      'DatabaseErrorException',
    );
    expect(unique).toBeInstanceOf(UniqueViolationError);
    expect(unique).toMatchObject({ constraint: 't_a_b_key', columns: ['a', 'b'], sqlState: '23505' });

    const fk = postgresError(
      'ERROR: insert or update on table "child" violates foreign key constraint "child_parent_fkey"\n  Detail: Key (parent)=(9) is not present in table "parent".; SQLState: 23503',
      'DatabaseErrorException',
    );
    expect(fk).toBeInstanceOf(ForeignKeyViolationError);
    expect(fk).toMatchObject({ constraint: 'child_parent_fkey', table: 'child', columns: ['parent'] });

    const check = postgresError(
      'ERROR: new row for relation "t" violates check constraint "t_c_check"\n  Detail: Failing row contains (0).; SQLState: 23514',
      'DatabaseErrorException',
    );
    expect(check).toBeInstanceOf(CheckViolationError);
    expect(check).toMatchObject({ constraint: 't_c_check', table: 't' });

    const notNull = postgresError(
      'ERROR: null value in column "name" of relation "t" violates not-null constraint\n  Detail: Failing row contains (null).; SQLState: 23502',
      'DatabaseErrorException',
    );
    expect(notNull).toBeInstanceOf(NotNullViolationError);
    expect(notNull).toMatchObject({ column: 'name', table: 't' });

    const other = postgresError('ERROR: relation "nope" does not exist\n  Position: 15; SQLState: 42P01', 'DatabaseErrorException');
    expect(other.constructor).toBe(DatabaseError);
    expect(other.message).toBe('relation "nope" does not exist');
  });

  it('names the columns of expression and multi-column keys, whatever the values hold', () => {
    const error = (detail: string): UniqueViolationError =>
      postgresError(
        `ERROR: duplicate key value violates unique constraint "k"\n  Detail: ${detail}; SQLState: 23505`,
        'DatabaseErrorException',
      ) as UniqueViolationError;
    expect(error('Key (lower(email))=(a@b.co) already exists.').columns).toEqual(['email']);
    expect(error('Key (lower(email::text), (code)::text, "Odd Name")=(a)=(b, x, y) already exists.').columns).toEqual([
      'email',
      'code',
      'Odd Name',
    ]);
    expect(error('Key (a, b)=(1, 2) already exists.').columns).toEqual(['a', 'b']);
    expect(error('Key (COALESCE(a, b))=(1) already exists.').columns).toEqual([]);
    expect(error('no key here').columns).toEqual([]);
  });
});
