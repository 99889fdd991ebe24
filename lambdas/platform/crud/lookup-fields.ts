/**
 * The columns every seeded lookup table shares (a stable `code`, a display
 * `name`, `sort_order`, `is_active`, timestamps), read-only: such tables are
 * filled by the schema's seed rows, and APIs only serve them. Declared once so
 * that each lookup resource adds only its own columns.
 */
import * as z from 'zod/mini';
import { timestamp, uuid } from '../schemas.js';
import { readOnly } from './fields.js';

export const lookupFields = {
  id: readOnly(uuid, { filter: 'uuid', orderable: true }),
  code: readOnly(z.string(), { filter: 'text' }),
  name: readOnly(z.string(), { filter: 'text' }),
  description: readOnly(z.nullable(z.string())),
  sort_order: readOnly(z.int(), { filter: 'integer' }),
  is_active: readOnly(z.boolean(), { filter: 'boolean' }),
  created_at: readOnly(timestamp),
  updated_at: readOnly(timestamp),
};
