/** The health answers' shapes; also their OpenAPI schemas. */
import * as z from 'zod/mini';
import { withMeta } from '../platform/schema-meta.js';

/** Liveness: the function answers. Nothing else, so an anonymous caller learns nothing and wakes nothing. */
export const Liveness = withMeta(z.object({ status: z.literal('ok') }), { id: 'Liveness' });

export type Liveness = z.infer<typeof Liveness>;

export const AppliedMigration = withMeta(z.object({
    file: withMeta(z.string(), { example: '01_core_and_ref.sql' }),
    applied_at: withMeta(z.iso.datetime(), { description: 'When the migrator applied the file (ISO 8601, UTC).' }),
  }), { id: 'AppliedMigration' });

/** Readiness: the database answers, and which schema files are applied (bearer token only). */
export const HealthReport = withMeta(z.object({
    status: z.literal('ok'),
    database: z.literal('reachable'),
    migrations: z.array(AppliedMigration),
  }), { id: 'HealthReport' });

export type HealthReport = z.infer<typeof HealthReport>;
