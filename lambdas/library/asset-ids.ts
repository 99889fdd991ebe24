/**
 * Asset uuids made in code, so an upload's object key (which contains the
 * uuid) can be presigned before the row exists: a failed presign then leaves
 * no row behind. Same layout as the database's generate_uuid_v7() (RFC 9562
 * UUIDv7), so id order stays creation order.
 */
import { randomBytes } from 'node:crypto';

export function newUuidV7(now: number = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
