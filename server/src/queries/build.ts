import type { Database } from '../db.ts';
import type { EtlRun, EtlWarning } from '../schemas/build.ts';
import type { BuildRef } from '../schemas/common.ts';

/** The version of etl/schema.sql this server reads. The ETL writes its own into build.schema_version. */
export const SUPPORTED_SCHEMA_VERSION = 3;

export interface BuildRecord extends BuildRef {
  createdAt: string;
  schemaVersion: number;
  etlSeconds: number;
  /** One line per publisher whose data the build holds, as its licence asks. */
  attributions: string[];
}

/** The database file is not one this server can read; the message says how to get one. */
export class BuildContractError extends Error {
  override name = 'BuildContractError';
}

/** Reads the build row once at boot and checks the file is an AreaLens database of the schema this server knows. */
export async function loadBuild(db: Database): Promise<BuildRecord> {
  let versions: { schemaVersion: number }[];
  try {
    versions = await db.query<{ schemaVersion: number }>(`SELECT schema_version AS "schemaVersion" FROM build`);
  } catch (error) {
    throw new BuildContractError(`${db.path} is not an AreaLens database (it has no readable build table). Build one with \`npm run etl -- data/scotland\`.`, { cause: error });
  }
  if (versions.length !== 1) throw new BuildContractError(`${db.path} should record exactly one build but records ${versions.length}; rebuild it with the ETL.`);
  if (versions[0]!.schemaVersion !== SUPPORTED_SCHEMA_VERSION) {
    throw new BuildContractError(`${db.path} has schema version ${versions[0]!.schemaVersion} but this server reads version ${SUPPORTED_SCHEMA_VERSION}; rebuild it with this checkout's ETL.`);
  }
  const [build] = await db.query<Omit<BuildRecord, 'attributions'> & { attributions: string }>(`
    SELECT build_id AS id, label, synthetic, created_at AS "createdAt", schema_version AS "schemaVersion", etl_seconds AS "etlSeconds", attributions
    FROM build`);
  return { ...build!, attributions: JSON.parse(build!.attributions) as string[] };
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
