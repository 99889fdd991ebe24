/** What an S3 notification record says, in the forms the ingest compares. */

/**
 * Notification keys are URL-encoded with `+` for a space (a literal `+` is
 * `%2B`), so `+` must become a space before percent-decoding.
 */
export function decodeEventKey(key: string): string {
  return decodeURIComponent(key.replace(/\+/g, ' '));
}

/** Width of a stored sequencer; S3's are 16–18 hex digits today, this leaves room. */
export const SEQUENCER_WIDTH = 64;

/**
 * S3 sequencers are hex strings to be compared only for one key, and only
 * after left-padding to equal length. Upper-case and pad to a fixed width, so
 * plain text order (COLLATE "C") is their numeric order. Null when it is not hex.
 */
export function normaliseSequencer(sequencer: string | undefined): string | null {
  if (!sequencer || !/^[0-9a-fA-F]{1,64}$/.test(sequencer)) return null;
  return sequencer.toUpperCase().padStart(SEQUENCER_WIDTH, '0');
}

/** Is `candidate` later than `recorded` (both normalised)? */
export function isNewerSequencer(candidate: string, recorded: string | null): boolean {
  return recorded === null || candidate > recorded;
}
