/** The content library bucket. */
import { requireEnv } from '../config.js';

/** The content library bucket (CONTENT_BUCKET); fails fast, naming the variable, when unset. */
export function contentBucketName(): string {
  return requireEnv('CONTENT_BUCKET');
}
