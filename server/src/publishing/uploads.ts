import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import type { SourceEntry } from '../../../etl/src/manifest.ts';
import { badRequest } from '../httpErrors.ts';
import { convertWorkbook } from './workbook.ts';
import type { Draft, DraftKind } from '../schemas/publishing.ts';

/**
 * Turns the files of one upload into the CSV files the ETL reads. CSV is kept byte for byte; an
 * Excel workbook's sheets are written out as CSV by workbook.ts, in a child process.
 */

export interface ReceivedFile {
  /** The form field: file (spend, or a workbook of indicators), indicators, observations. */
  field: string;
  /** The file's name as sent, made safe. */
  name: string;
  /** Where it was saved. */
  path: string;
}

/** A file name safe to keep and to show: the last path part, ordinary characters only. */
export function safeFileName(name: string): string {
  const cleaned = basename(name.replaceAll('\\', '/')).replace(/[^A-Za-z0-9._ ()-]/g, '_').replace(/^\.+/, '').slice(-100);
  return cleaned || 'upload';
}

const isWorkbook = (name: string) => extname(name).toLowerCase() === '.xlsx';
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** A CSV must be UTF-8 text: no NUL bytes, no invalid sequences (a workbook renamed .csv, a binary). */
function checkCsvText(file: ReceivedFile): void {
  const bytes = readFileSync(file.path);
  if (bytes.length === 0) throw badRequest(`${file.name} is empty.`);
  if (bytes.includes(0)) throw badRequest(`${file.name} is not a CSV text file (it holds binary data). Save it from your spreadsheet as "CSV UTF-8", or upload the .xlsx itself.`);
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw badRequest(`${file.name} is not UTF-8 text. Save it from your spreadsheet as "CSV UTF-8 (comma delimited)".`);
  }
}

/**
 * The source entry (absolute paths) an upload makes, and its files for the draft record. Throws a
 * 400 naming the file for anything that is not the files a kind needs.
 */
export async function prepareUpload(dir: string, kind: DraftKind, files: ReceivedFile[]): Promise<{ entry: SourceEntry; files: Draft['files'] }> {
  const byField = new Map(files.map((f) => [f.field, f]));
  const extra = files.filter((f) => !(kind === 'spend' ? ['file'] : ['file', 'indicators', 'observations']).includes(f.field));
  if (extra.length > 0) throw badRequest(`A ${kind} upload does not take the file field "${extra[0]!.field}".`);
  for (const file of files) {
    if (!['.csv', '.xlsx'].includes(extname(file.name).toLowerCase())) throw badRequest(`${file.name} is neither a .csv nor an .xlsx file.`);
    if (statSync(file.path).size === 0) throw badRequest(`${file.name} is empty.`);
    if (!isWorkbook(file.name)) checkCsvText(file);
  }
  const record = (file: ReceivedFile, role: string) => ({ name: file.name, role, bytes: statSync(file.path).size, sha256: sha256(file.path) });

  if (kind === 'spend') {
    const file = byField.get('file');
    if (!file || files.length !== 1) throw badRequest('A spend upload is one file in the field "file": the spend template as CSV or .xlsx.');
    const path = isWorkbook(file.name) ? (await convertWorkbook({ file, dir, sheets: [null] }))[0]! : file.path;
    return { entry: { kind: 'spend', file: path }, files: [record(file, 'spend')] };
  }

  const workbook = byField.get('file');
  if (workbook) {
    if (files.length !== 1 || !isWorkbook(workbook.name)) {
      throw badRequest('An indicators upload is either one .xlsx in the field "file" with sheets "indicators" and "observations", or two CSV files in the fields "indicators" and "observations".');
    }
    const [metadata, observations] = await convertWorkbook({ file: workbook, dir, sheets: ['indicators', 'observations'] });
    return {
      entry: { kind: 'indicators', metadata: metadata!, observations: [observations!] },
      files: [record(workbook, 'indicators and observations')],
    };
  }
  const metadata = byField.get('indicators');
  const observations = byField.get('observations');
  if (!metadata || !observations) throw badRequest('An indicators upload needs both files: "indicators" (one row per indicator) and "observations" (the values), or one .xlsx with both sheets in "file".');
  const asCsv = async (file: ReceivedFile) => (isWorkbook(file.name) ? (await convertWorkbook({ file, dir, sheets: [null] }))[0]! : (checkCsvText(file), file.path));
  return {
    entry: { kind: 'indicators', metadata: await asCsv(metadata), observations: [await asCsv(observations)] },
    files: [record(metadata, 'indicators'), record(observations, 'observations')],
  };
}
