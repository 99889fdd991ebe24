/**
 * A UUIDv7 made in the function rather than by the column default, for rows
 * whose id must be known before the one statement that writes them (a sealed
 * secret's encryption context names its row). The same layout as
 * generate_uuid_v7(): 48-bit Unix milliseconds, version 7, variant 10, random rest.
 */
import { randomBytes } from 'node:crypto';

export function newUuidV7(now: number = Date.now()): string {
  const bytes = randomBytes(16);
  let ms = BigInt(now);
  for (let i = 5; i >= 0; i--) {
    bytes[i] = Number(ms & 0xffn);
    ms >>= 8n;
  }
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
