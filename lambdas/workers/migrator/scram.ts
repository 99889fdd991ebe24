/**
 * A PostgreSQL SCRAM-SHA-256 password verifier (RFC 5802 / RFC 7677, in the
 * form PostgreSQL stores in pg_authid), computed here so that `ALTER ROLE ...
 * PASSWORD` carries the verifier and never the password itself: a failed
 * statement is logged by PostgreSQL (and exported to CloudWatch) with its text.
 * PostgreSQL stores a password given in this form as it is.
 *
 * Only printable ASCII passwords are accepted: for those SASLprep, which
 * PostgreSQL applies before hashing, changes nothing.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';

/** PostgreSQL's default (scram_iterations). */
const ITERATIONS = 4096;
const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;

export function scramVerifier(password: string, salt: Buffer = randomBytes(16), iterations = ITERATIONS): string {
  if (!PRINTABLE_ASCII.test(password)) throw new Error('password must be printable ASCII without spaces');
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}
