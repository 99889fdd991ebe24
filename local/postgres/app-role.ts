/**
 * The role the local Data API and migrations connect as: what Aurora's master
 * user is, not a PostgreSQL superuser. AWS's "Understanding the rds_superuser
 * role" page defines the master as
 *   CREATE ROLE postgres WITH LOGIN NOSUPERUSER INHERIT CREATEDB CREATEROLE NOREPLICATION
 * plus membership of `rds_superuser`, which may add extensions, create roles
 * and databases, see every connection in pg_stat_activity and cancel or
 * terminate them. So here: a NOSUPERUSER login with CREATEDB and CREATEROLE,
 * member of a local `rds_superuser` group holding pg_monitor,
 * pg_signal_backend and SET on session_replication_role. `ALTER SYSTEM`, `pg_read_file` and `COPY ... TO PROGRAM`
 * fail for it as on Aurora; pgcrypto, a trusted extension, installs with the
 * CREATE privilege a database owner has. The superuser only starts the server
 * and sets this up.
 */
import pg from 'pg';

export const APP_ROLE = 'app_master';

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Creates (or repairs) the role; idempotent, so persistent clusters from before it existed get it too. */
export async function ensureAppRole(superuserUrl: string, password: string): Promise<void> {
  const client = new pg.Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    await client.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'rds_superuser') THEN CREATE ROLE rds_superuser NOLOGIN; END IF;
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN CREATE ROLE ${APP_ROLE} LOGIN; END IF;
    END $$`);
    // Attributes are set every start: a role left SUPERUSER by hand would hide exactly what this reproduces.
    await client.query(`ALTER ROLE ${APP_ROLE} WITH LOGIN NOSUPERUSER INHERIT CREATEDB CREATEROLE NOREPLICATION NOBYPASSRLS`);
    await client.query(`ALTER ROLE ${APP_ROLE} PASSWORD ${pg.escapeLiteral(password)}`);
    await client.query('GRANT pg_monitor, pg_signal_backend TO rds_superuser');
    // rds_superuser may also set session_replication_role (used to load data past triggers, as DMS does).
    await client.query('GRANT SET ON PARAMETER session_replication_role TO rds_superuser');
    await client.query(`GRANT rds_superuser TO ${APP_ROLE}`);
  } finally {
    await client.end();
  }
}

/**
 * Makes the app role own database `name` and everything in it that the
 * superuser created, as the master user owns what it creates on Aurora. For
 * databases made before this role existed (`npm start` keeps its cluster), so
 * migrations run as the app role can alter their tables. System objects and
 * extensions stay with the superuser.
 */
export async function handOverDatabase(databaseUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`ALTER DATABASE ${quote(name)} OWNER TO ${APP_ROLE}`);
    const { rows } = await client.query<{ statement: string }>(
      `WITH user_schemas AS (
         SELECT oid, nspname FROM pg_namespace
          WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND nspname NOT LIKE 'pg_temp%'
            AND nspname NOT LIKE 'pg_toast_temp%'
       ), extension_objects AS (SELECT objid FROM pg_depend WHERE deptype = 'e')
       SELECT format('ALTER SCHEMA %I OWNER TO ${APP_ROLE}', nspname) AS statement
         FROM user_schemas s JOIN pg_roles r ON r.oid = (SELECT nspowner FROM pg_namespace WHERE oid = s.oid)
        WHERE r.rolsuper
       UNION ALL
       SELECT format('ALTER %s %I.%I OWNER TO ${APP_ROLE}',
                     CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                                    ELSE 'TABLE' END, s.nspname, c.relname)
         FROM pg_class c JOIN user_schemas s ON s.oid = c.relnamespace JOIN pg_roles r ON r.oid = c.relowner
        WHERE r.rolsuper AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
           OR r.rolsuper AND c.relkind = 'S' AND NOT EXISTS (
                SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))
       UNION ALL
       SELECT format('ALTER ROUTINE %s OWNER TO ${APP_ROLE}', p.oid::regprocedure)
         FROM pg_proc p JOIN user_schemas s ON s.oid = p.pronamespace JOIN pg_roles r ON r.oid = p.proowner
        WHERE r.rolsuper AND p.oid NOT IN (SELECT objid FROM extension_objects)
       UNION ALL
       SELECT format('ALTER TYPE %s OWNER TO ${APP_ROLE}', t.oid::regtype)
         FROM pg_type t JOIN user_schemas s ON s.oid = t.typnamespace JOIN pg_roles r ON r.oid = t.typowner
        WHERE r.rolsuper AND t.typtype IN ('e', 'd')
          AND t.oid NOT IN (SELECT objid FROM extension_objects)`,
    );
    for (const { statement } of rows) await client.query(statement);
  } finally {
    await client.end();
  }
}
