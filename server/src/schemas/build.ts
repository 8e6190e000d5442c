import { Type, type Static } from '@sinclair/typebox';
import { BuildRef } from './common.ts';

export const EtlRun = Type.Object({
  sourceKind: Type.String({ examples: ['sg_dz_lookup'] }),
  file: Type.String(),
  checksum: Type.String({ description: 'sha256 of the file' }),
  rowsRead: Type.Integer(),
  rowsLoaded: Type.Integer(),
  rowsRejected: Type.Integer(),
  startedAt: Type.String({ format: 'date-time' }),
  durationMs: Type.Number(),
});
export type EtlRun = Static<typeof EtlRun>;

export const EtlWarning = Type.Object({
  sourceKind: Type.String(),
  file: Type.String(),
  message: Type.String(),
});
export type EtlWarning = Static<typeof EtlWarning>;

export const BuildReply = Type.Object({
  build: BuildRef,
  createdAt: Type.String({ format: 'date-time' }),
  schemaVersion: Type.Integer(),
  etlSeconds: Type.Number(),
  attributions: Type.Array(Type.String(), { description: 'one line per publisher whose data the build holds, as its licence asks (show these beside the figures)' }),
  runs: Type.Array(EtlRun, { description: 'every source file loaded into this build' }),
  warnings: Type.Array(EtlWarning, { description: 'findings that did not stop the build but that a user should be able to read' }),
});
export type BuildReply = Static<typeof BuildReply>;
