import { describe, expect, it } from 'vitest';
import type { Draft, PartnerUser } from '../partnerApi.ts';
import {
  actionsFor, biggestChanges, formatBytes, formatCountChange, formatPoundsExact, formatPoundsChange, newestFirst, progressShare, serviceGrid,
  uploadForm, uploadProblems, type UploadChoice,
} from './drafts.ts';

const user = (role: PartnerUser['role'], username = 'ann'): PartnerUser => ({ username, displayName: 'Ann', role, partner: role === 'uploader' ? 'Fife Council' : null });
const draft = (status: Draft['status'], uploadedBy = 'ann', uploadedAt = '2025-01-01T10:00:00Z', id = 'd1'): Draft => ({
  id, kind: 'spend', partner: 'Fife Council', files: [], uploadedBy, uploadedAt, status, progress: null, issues: [], preview: null, decision: null, release: null, error: null,
});
const file = (name: string, text = 'a,b\n1,2\n') => new File([text], name);
const choice = (changes: Partial<UploadChoice>): UploadChoice => ({ kind: 'spend', partner: null, format: 'csv', file: null, indicators: null, observations: null, ...changes });

describe('what a person may do with a draft', () => {
  it('lets approvers and admins publish or reject only a ready draft', () => {
    expect(actionsFor(user('approver', 'bob'), draft('ready'))).toEqual({ publish: true, reject: true, withdraw: false });
    expect(actionsFor(user('admin', 'cat'), draft('ready'))).toEqual({ publish: true, reject: true, withdraw: true });
    expect(actionsFor(user('approver', 'bob'), draft('invalid'))).toMatchObject({ publish: false, reject: false });
    expect(actionsFor(user('uploader'), draft('ready'))).toEqual({ publish: false, reject: false, withdraw: true });
  });
  it('lets only its uploader (or an admin) withdraw, and only before it is decided', () => {
    expect(actionsFor(user('uploader', 'dan'), draft('ready', 'ann')).withdraw).toBe(false);
    for (const status of ['published', 'rejected', 'withdrawn', 'publishing', 'failed', 'superseded'] as const) {
      expect(actionsFor(user('uploader'), draft(status)).withdraw).toBe(false);
    }
  });
});

describe('drafts and progress', () => {
  it('lists the newest upload first', () => {
    const list = [draft('ready', 'ann', '2025-01-01T10:00:00Z', 'a'), draft('ready', 'ann', '2025-03-01T10:00:00Z', 'b'), draft('ready', 'ann', '2025-02-01T10:00:00Z', 'c')];
    expect(newestFirst(list).map((d) => d.id)).toEqual(['b', 'c', 'a']);
  });
  it('turns progress into a share, or null before a total is known', () => {
    expect(progressShare({ step: 'x', done: 3, total: 4 })).toBe(0.75);
    expect(progressShare({ step: 'x', done: 0, total: 0 })).toBeNull();
    expect(progressShare(null)).toBeNull();
    expect(progressShare({ step: 'x', done: 9, total: 4 })).toBe(1);
  });
});

describe('money and changes', () => {
  it('writes pounds with thousands separators and a true minus sign', () => {
    expect(formatPoundsExact(1234567.4)).toBe('£1,234,567');
    expect(formatPoundsExact(12.5)).toBe('£12.50');
    expect(formatPoundsExact(-300)).toBe('−£300');
    expect(formatPoundsExact(0)).toBe('£0');
  });
  it('signs a change, and says when there is none', () => {
    expect(formatPoundsChange(1000, 2200)).toBe('+£1,200');
    expect(formatPoundsChange(1000, 700)).toBe('−£300');
    expect(formatPoundsChange(5, 5)).toBe('no change');
    expect(formatCountChange(1200, 1000)).toBe('−200');
    expect(formatCountChange(0, 1500)).toBe('+1,500');
  });
  it('lays spend out as services × financial years, with gaps left empty', () => {
    const grid = serviceGrid([
      { service: 'Libraries', financialYear: '2023/24', before: 1, after: 2 },
      { service: 'Home care', financialYear: '2022/23', before: 3, after: 4 },
      { service: 'Home care', financialYear: '2023/24', before: 5, after: 6 },
    ]);
    expect(grid.years).toEqual(['2022/23', '2023/24']);
    expect(grid.rows).toEqual([
      { service: 'Home care', cells: [{ before: 3, after: 4 }, { before: 5, after: 6 }] },
      { service: 'Libraries', cells: [null, { before: 1, after: 2 }] },
    ]);
  });
  it('puts the biggest change first, whichever way it goes', () => {
    const rows = [{ name: 'B', before: 10, after: 12 }, { name: 'A', before: 10, after: 2 }, { name: 'C', before: 0, after: 2 }];
    expect(biggestChanges(rows).map((r) => r.name)).toEqual(['A', 'B', 'C']);
  });
  it('writes sizes in bytes, KB or MB', () => {
    expect(formatBytes(812)).toBe('812 bytes');
    expect(formatBytes(14 * 1024)).toBe('14 KB');
    expect(formatBytes(2.34 * 1024 * 1024)).toBe('2.3 MB');
  });
});

describe('an upload', () => {
  it('needs one .csv or .xlsx for spend', () => {
    expect(uploadProblems(choice({}), false)).toEqual([{ field: 'file', message: 'Choose the spend file.' }]);
    expect(uploadProblems(choice({ file: file('spend.txt') }), false)[0]!.message).toBe('spend.txt is not a .csv or a .xlsx file.');
    expect(uploadProblems(choice({ file: file('Spend.XLSX') }), false)).toEqual([]);
    expect(uploadProblems(choice({ file: file('spend.csv', '') }), false)).toEqual([{ field: 'file', message: 'spend.csv is empty.' }]);
  });
  it('needs both CSVs for indicators, or one workbook', () => {
    const csv = choice({ kind: 'indicators', indicators: file('indicators.csv') });
    expect(uploadProblems(csv, false)).toEqual([{ field: 'observations', message: 'Choose the observations file.' }]);
    expect(uploadProblems(choice({ kind: 'indicators', format: 'xlsx', file: file('both.csv') }), false)[0]!.field).toBe('file');
    expect(uploadProblems(choice({ kind: 'indicators', format: 'xlsx', file: file('both.xlsx') }), false)).toEqual([]);
  });
  it('asks approvers for a partner, and sends it only for them', () => {
    const spend = choice({ file: file('spend.csv'), partner: '  NHS Fife ' });
    expect(uploadProblems({ ...spend, partner: '' }, true)[0]!.field).toBe('partner');
    expect(uploadForm(spend, true).get('partner')).toBe('NHS Fife');
    expect(uploadForm(spend, false).has('partner')).toBe(false);
  });
  it('names each file by its role', () => {
    const form = uploadForm(choice({ kind: 'indicators', indicators: file('meta.csv'), observations: file('obs.csv'), file: file('stale.xlsx') }), false);
    expect(form.get('kind')).toBe('indicators');
    expect((form.get('indicators') as File).name).toBe('meta.csv');
    expect((form.get('observations') as File).name).toBe('obs.csv');
    expect(form.has('file')).toBe(false);
  });
});
