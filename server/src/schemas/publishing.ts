import { Type, type Static } from '@sinclair/typebox';
import { Nullable } from './common.ts';

/**
 * The partner publishing API under /api/partner: sign-in, uploads that become drafts, review,
 * publishing into a new release, roll-back and the audit log. The public API (/api/v1) never sees
 * any of it. Every unsafe method needs the session's CSRF token in the `x-csrf-token` header.
 */

export const Role = Type.Union([Type.Literal('uploader'), Type.Literal('approver'), Type.Literal('admin')], {
  description: 'uploader: sends files for one partner; approver: publishes or rejects drafts; admin: also rolls back and reads the audit log',
});
export type Role = Static<typeof Role>;

export const PartnerUser = Type.Object({
  username: Type.String(),
  displayName: Type.String(),
  role: Role,
  partner: Nullable(Type.String({ description: 'the partner an uploader sends data for; null for approvers and admins' })),
});
export type PartnerUser = Static<typeof PartnerUser>;

export const SessionReply = Type.Object({
  user: PartnerUser,
  csrfToken: Type.String({ description: 'send back in the x-csrf-token header on every POST and DELETE' }),
  expiresAt: Type.String({ format: 'date-time', description: 'when the session ends unless used again (idle limit), never later than its absolute limit' }),
});
export type SessionReply = Static<typeof SessionReply>;

export const SignInBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 100 }),
  password: Type.String({ minLength: 1, maxLength: 200 }),
}, { additionalProperties: false });
export type SignInBody = Static<typeof SignInBody>;

export const DraftKind = Type.Union([Type.Literal('spend'), Type.Literal('indicators')]);
export type DraftKind = Static<typeof DraftKind>;

export const DraftStatus = Type.Union([
  Type.Literal('checking'), // the ETL checks are running (or waiting their turn)
  Type.Literal('invalid'), // the checks found problems: see issues
  Type.Literal('ready'), // passed; waiting for an approver
  Type.Literal('publishing'), // approved; the new release is being built
  Type.Literal('published'), // live in release `release`
  Type.Literal('rejected'), // an approver turned it down: see decision.reason
  Type.Literal('withdrawn'), // its uploader took it back
  Type.Literal('failed'), // the build failed or was stopped; the live release is unchanged: see error
  Type.Literal('superseded'), // another draft for the same partner and kind was published first; upload again
]);
export type DraftStatus = Static<typeof DraftStatus>;

export const Progress = Type.Object({
  step: Type.String({ description: 'what the job is doing, in words' }),
  done: Type.Integer({ minimum: 0 }),
  total: Type.Integer({ minimum: 0 }),
});
export type Progress = Static<typeof Progress>;

export const Issue = Type.Object({
  file: Type.String(),
  row: Type.Optional(Type.Integer({ description: 'as numbered in a spreadsheet: the header is row 1' })),
  column: Type.Optional(Type.String()),
  message: Type.String(),
});
export type Issue = Static<typeof Issue>;

const BeforeAfter = { before: Type.Number(), after: Type.Number() };

export const SpendPreview = Type.Object({
  total: Type.Object(BeforeAfter),
  unallocated: Type.Object(BeforeAfter),
  byService: Type.Array(Type.Object({ service: Type.String(), financialYear: Type.String(), ...BeforeAfter })),
  byArea: Type.Array(Type.Object({ level: Type.String(), code: Type.String(), name: Type.String(), ...BeforeAfter })),
});
export type SpendPreview = Static<typeof SpendPreview>;

export const IndicatorChange = Type.Object({
  id: Type.String(),
  title: Type.String(),
  periods: Type.Array(Type.String()),
  changedFields: Type.Array(Type.String({ description: 'metadata columns whose text changed' })),
  periodsAdded: Type.Array(Type.String()),
  periodsRemoved: Type.Array(Type.String()),
  valuesAdded: Type.Integer(),
  valuesRemoved: Type.Integer(),
  valuesChanged: Type.Integer(),
});
export type IndicatorChange = Static<typeof IndicatorChange>;

export const IndicatorsPreview = Type.Object({
  added: Type.Array(IndicatorChange),
  revised: Type.Array(IndicatorChange),
  removed: Type.Array(Type.Object({ id: Type.String(), title: Type.String() })),
  unchanged: Type.Array(Type.String()),
});
export type IndicatorsPreview = Static<typeof IndicatorsPreview>;

export const Preview = Type.Object({
  basedOn: Type.String({ description: 'the build id of the release this draft was compared with' }),
  rows: Type.Object(BeforeAfter),
  spend: Type.Optional(SpendPreview),
  indicators: Type.Optional(IndicatorsPreview),
});
export type Preview = Static<typeof Preview>;

export const Draft = Type.Object({
  id: Type.String(),
  kind: DraftKind,
  partner: Type.String(),
  files: Type.Array(Type.Object({ name: Type.String(), role: Type.String(), bytes: Type.Integer(), sha256: Type.String() })),
  uploadedBy: Type.String(),
  uploadedAt: Type.String({ format: 'date-time' }),
  status: DraftStatus,
  progress: Nullable(Progress),
  issues: Type.Array(Issue),
  preview: Nullable(Preview),
  decision: Nullable(Type.Object({ by: Type.String(), at: Type.String({ format: 'date-time' }), action: Type.String(), reason: Nullable(Type.String()) })),
  release: Nullable(Type.String({ description: 'the build id this draft went live in' })),
  error: Nullable(Type.String()),
});
export type Draft = Static<typeof Draft>;

export const DraftsReply = Type.Object({ drafts: Type.Array(Draft) });
export type DraftsReply = Static<typeof DraftsReply>;

export const RejectBody = Type.Object({ reason: Type.String({ minLength: 3, maxLength: 1000 }) }, { additionalProperties: false });
export type RejectBody = Static<typeof RejectBody>;

export const Release = Type.Object({
  buildId: Type.String(),
  label: Type.String(),
  publishedAt: Type.String({ format: 'date-time' }),
  publishedBy: Type.String(),
  action: Type.Union([Type.Literal('initial'), Type.Literal('publish'), Type.Literal('rollback')]),
  draftId: Nullable(Type.String()),
  summary: Type.String(),
  current: Type.Boolean(),
  /** False once its database file has been pruned: it can no longer be rolled back to. */
  available: Type.Boolean(),
});
export type Release = Static<typeof Release>;

export const Job = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('check'), Type.Literal('build'), Type.Literal('rollback')]),
  draftId: Nullable(Type.String()),
  startedAt: Type.String({ format: 'date-time' }),
  progress: Progress,
});
export type Job = Static<typeof Job>;

export const ReleasesReply = Type.Object({
  current: Release,
  previous: Nullable(Release),
  releases: Type.Array(Release),
  job: Nullable(Job),
  queued: Type.Integer({ description: 'jobs waiting behind the running one' }),
});
export type ReleasesReply = Static<typeof ReleasesReply>;

export const AuditEntry = Type.Object({
  at: Type.String({ format: 'date-time' }),
  user: Nullable(Type.String()),
  action: Type.String({ examples: ['sign_in', 'sign_in_failed', 'upload', 'publish', 'release', 'reject', 'withdraw', 'rollback', 'build_failed'] }),
  partner: Nullable(Type.String()),
  draftId: Nullable(Type.String()),
  buildId: Nullable(Type.String()),
  detail: Nullable(Type.String()),
  ip: Nullable(Type.String()),
});
export type AuditEntry = Static<typeof AuditEntry>;

export const AuditReply = Type.Object({ entries: Type.Array(AuditEntry), total: Type.Integer() });
export type AuditReply = Static<typeof AuditReply>;
