import type { Database } from '../db.ts';
import type { EtlRun, EtlWarning } from '../schemas/build.ts';
import type { BuildRef } from '../schemas/common.ts';

/** The version of etl/schema.sql this server reads. The ETL writes its own into build.schema_version. */
export const SUPPORTED_SCHEMA_VERSION = 2;

export interface BuildRecord extends BuildRef {
  createdAt: string;
  schemaVersion: number;
  etlSeconds: number;
}

/** The database file is not one this server can read; the message says how to get one. */
export class BuildContractError extends Error {
  override name = 'BuildContractError';
}

/** Reads the build row once at boot and checks the file is an AreaLens database of the schema this server knows. */
export async function loadBuild(db: Database): Promise<BuildRecord> {
  let rows: BuildRecord[];
  try {
    rows = await db.query<BuildRecord>(`
      SELECT build_id AS id, label, synthetic, created_at AS "createdAt", schema_version AS "schemaVersion", etl_seconds AS "etlSeconds"
      FROM build`);
  } catch (error) {
    throw new BuildContractError(`${db.path} is not an AreaLens database (it has no readable build table). Build one with \`npm run etl -- --demo\`.`, { cause: error });
  }
  const [build] = rows;
  if (rows.length !== 1 || !build) throw new BuildContractError(`${db.path} should record exactly one build but records ${rows.length}; rebuild it with the ETL.`);
  if (build.schemaVersion !== SUPPORTED_SCHEMA_VERSION) {
    throw new BuildContractError(`${db.path} has schema version ${build.schemaVersion} but this server reads version ${SUPPORTED_SCHEMA_VERSION}; rebuild it with this checkout's ETL.`);
  }
  return build;
}

export function listEtlRuns(db: Database): Promise<EtlRun[]> {
  return db.query<EtlRun>(`
    SELECT source_kind AS "sourceKind", file, checksum, rows_read AS "rowsRead", rows_loaded AS "rowsLoaded",
      rows_rejected AS "rowsRejected", started_at AS "startedAt", duration_ms AS "durationMs"
    FROM etl_run ORDER BY started_at, file`);
}

export function listEtlWarnings(db: Database): Promise<EtlWarning[]> {
  return db.query<EtlWarning>(`SELECT source_kind AS "sourceKind", file, message FROM etl_warning ORDER BY file, message`);
}
