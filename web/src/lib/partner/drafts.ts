/**
 * What the partner page decides without asking the server: how a draft's status reads, who may do
 * what with it, whether an upload has the files its kind needs, and how a preview's money and
 * changes are laid out. The server checks every permission again; these only decide what to offer.
 */
import type { Draft, DraftKind, DraftStatus, PartnerUser, Progress, SpendPreview } from '../partnerApi.ts';
import { formatNumber } from '../format.ts';

export type Tone = 'working' | 'good' | 'bad' | 'done' | 'quiet';

export const STATUS: Record<DraftStatus, { label: string; tone: Tone; meaning: string }> = {
  checking: { label: 'Checking', tone: 'working', meaning: 'The files are being checked.' },
  invalid: { label: 'Problems found', tone: 'bad', meaning: 'The checks found problems: fix the files and upload them again.' },
  ready: { label: 'Ready to publish', tone: 'good', meaning: 'The files passed the checks and wait for an approver.' },
  publishing: { label: 'Publishing', tone: 'working', meaning: 'A new release is being built with these files.' },
  published: { label: 'Published', tone: 'done', meaning: 'These files are live.' },
  rejected: { label: 'Rejected', tone: 'quiet', meaning: 'An approver turned this draft down.' },
  withdrawn: { label: 'Withdrawn', tone: 'quiet', meaning: 'Its uploader took this draft back.' },
  failed: { label: 'Failed', tone: 'bad', meaning: 'The build failed or was stopped; the live release is unchanged.' },
  superseded: { label: 'Superseded', tone: 'quiet', meaning: 'Another draft for the same partner and kind was published first: upload again.' },
};

export const KIND_LABEL: Record<DraftKind, string> = { spend: 'Spend', indicators: 'Indicators' };

/** A draft the server is still working on: the page asks again about once a second. */
export const isWorking = (status: DraftStatus): boolean => status === 'checking' || status === 'publishing';

export const newestFirst = (drafts: Draft[]): Draft[] => [...drafts].sort((a, b) => b.uploadedAt.localeCompare(a.uploadedAt) || b.id.localeCompare(a.id));

export const canReview = (user: PartnerUser): boolean => user.role === 'approver' || user.role === 'admin';

export interface DraftActions {
  publish: boolean;
  reject: boolean;
  withdraw: boolean;
}

export function actionsFor(user: PartnerUser, draft: Draft): DraftActions {
  const reviewable = canReview(user) && draft.status === 'ready';
  const open = draft.status === 'checking' || draft.status === 'invalid' || draft.status === 'ready';
  return {
    publish: reviewable,
    reject: reviewable,
    withdraw: open && (draft.uploadedBy === user.username || user.role === 'admin'),
  };
}

/** A job's progress as a share from 0 to 1, or null when it has no total yet (an indeterminate bar). */
export function progressShare(progress: Progress | null): number | null {
  if (!progress || progress.total <= 0) return null;
  return Math.min(1, Math.max(0, progress.done / progress.total));
}

/**
 * Pounds to the pound, as a check of a partner's own figures needs: £1,234,567 (pence only below £100), a
 * true minus sign for refunds. The dashboard's formatPounds rounds to £1.2m, which would hide small changes.
 */
export function formatPoundsExact(value: number): string {
  const size = Math.abs(value);
  const text = `£${formatNumber(size, size >= 100 || Number.isInteger(size) ? 0 : 2)}`;
  return value < 0 && text !== '£0' ? `−${text}` : text;
}

/** A change in words and signs: "+£1,200", "−£300", "no change". */
export function formatPoundsChange(before: number, after: number): string {
  const change = after - before;
  if (Math.abs(change) < 0.005) return 'no change';
  return change > 0 ? `+${formatPoundsExact(change)}` : formatPoundsExact(change);
}

export function formatCountChange(before: number, after: number): string {
  const change = after - before;
  if (change === 0) return 'no change';
  return `${change > 0 ? '+' : '−'}${formatNumber(Math.abs(change), 0)}`;
}

export interface ServiceGrid {
  years: string[];
  rows: { service: string; cells: ({ before: number; after: number } | null)[] }[];
}

/** Spend by service × financial year as a grid: services A–Z, years oldest first. */
export function serviceGrid(byService: SpendPreview['byService']): ServiceGrid {
  const years = [...new Set(byService.map((row) => row.financialYear))].sort();
  const services = [...new Set(byService.map((row) => row.service))].sort((a, b) => a.localeCompare(b, 'en-GB'));
  const cell = new Map(byService.map((row) => [`${row.service}\u0000${row.financialYear}`, { before: row.before, after: row.after }]));
  return {
    years,
    rows: services.map((service) => ({ service, cells: years.map((year) => cell.get(`${service}\u0000${year}`) ?? null) })),
  };
}

/** Areas whose spend changes most first (by size, either way), then by name. */
export function biggestChanges<T extends { name: string; before: number; after: number }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => Math.abs(b.after - b.before) - Math.abs(a.after - a.before) || a.name.localeCompare(b.name, 'en-GB'));
}

export type IndicatorFormat = 'csv' | 'xlsx';

export interface UploadChoice {
  kind: DraftKind;
  /** Only approvers and admins send one; an uploader's partner is fixed by the server. */
  partner: string | null;
  /** How indicators come: two CSVs or one workbook. Ignored for spend. */
  format: IndicatorFormat;
  file: File | null;
  indicators: File | null;
  observations: File | null;
}

export type UploadField = 'partner' | 'file' | 'indicators' | 'observations';
export interface UploadProblem {
  field: UploadField;
  message: string;
}

const extension = (file: File) => /\.[^.]+$/.exec(file.name.toLowerCase())?.[0] ?? '';

/** What is missing or of the wrong type, field by field; an empty list when the upload can go. */
export function uploadProblems(choice: UploadChoice, choosesPartner: boolean): UploadProblem[] {
  const problems: UploadProblem[] = [];
  if (choosesPartner && !choice.partner?.trim()) problems.push({ field: 'partner', message: 'Enter the partner these figures belong to.' });
  const need = (field: UploadField, file: File | null, allowed: string[], what: string) => {
    if (!file) problems.push({ field, message: `Choose ${what}.` });
    else if (!allowed.includes(extension(file))) problems.push({ field, message: `${file.name} is not ${allowed.map((e) => `a ${e}`).join(' or ')} file.` });
    else if (file.size === 0) problems.push({ field, message: `${file.name} is empty.` });
  };
  if (choice.kind === 'spend') need('file', choice.file, ['.csv', '.xlsx'], 'the spend file');
  else if (choice.format === 'xlsx') need('file', choice.file, ['.xlsx'], 'the spreadsheet');
  else {
    need('indicators', choice.indicators, ['.csv'], 'the indicators (metadata) file');
    need('observations', choice.observations, ['.csv'], 'the observations file');
  }
  return problems;
}

/** The multipart body the server expects: `kind`, `partner` when chosen, then the files by role. */
export function uploadForm(choice: UploadChoice, choosesPartner: boolean): FormData {
  const form = new FormData();
  form.set('kind', choice.kind);
  if (choosesPartner && choice.partner?.trim()) form.set('partner', choice.partner.trim());
  if (choice.kind === 'spend' || choice.format === 'xlsx') {
    if (choice.file) form.set('file', choice.file, choice.file.name);
  } else {
    if (choice.indicators) form.set('indicators', choice.indicators, choice.indicators.name);
    if (choice.observations) form.set('observations', choice.observations, choice.observations.name);
  }
  return form;
}

/** A byte count in words: 812 bytes, 14 KB, 2.3 MB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${formatNumber(bytes, 0)} bytes`;
  if (bytes < 1024 * 1024) return `${formatNumber(bytes / 1024, 0)} KB`;
  return `${formatNumber(bytes / (1024 * 1024), 1)} MB`;
}

const dateTime = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
export const formatWhen = (iso: string): string => dateTime.format(new Date(iso));
