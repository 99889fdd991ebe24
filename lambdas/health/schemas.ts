/** The health report's shape; also its OpenAPI schema. */
import { z } from 'zod';

export const AppliedMigration = z
  .object({
    file: z.string().meta({ example: '01_core_and_ref.sql' }),
    applied_at: z.iso.datetime().meta({ description: 'When the migrator applied the file (ISO 8601, UTC).' }),
  })
  .meta({ id: 'AppliedMigration' });

export const HealthReport = z
  .object({
    status: z.literal('ok'),
    database: z.literal('reachable'),
    migrations: z.array(AppliedMigration),
  })
  .meta({ id: 'HealthReport' });

export type HealthReport = z.infer<typeof HealthReport>;
