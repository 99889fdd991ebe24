/** The health answers' shapes; also their OpenAPI schemas. */
import { z } from 'zod';

/** Liveness: the function answers. Nothing else, so an anonymous caller learns nothing and wakes nothing. */
export const Liveness = z.object({ status: z.literal('ok') }).meta({ id: 'Liveness' });

export type Liveness = z.infer<typeof Liveness>;

export const AppliedMigration = z
  .object({
    file: z.string().meta({ example: '01_core_and_ref.sql' }),
    applied_at: z.iso.datetime().meta({ description: 'When the migrator applied the file (ISO 8601, UTC).' }),
  })
  .meta({ id: 'AppliedMigration' });

/** Readiness: the database answers, and which schema files are applied (bearer token only). */
export const HealthReport = z
  .object({
    status: z.literal('ok'),
    database: z.literal('reachable'),
    migrations: z.array(AppliedMigration),
  })
  .meta({ id: 'HealthReport' });

export type HealthReport = z.infer<typeof HealthReport>;
