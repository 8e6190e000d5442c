import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import ExcelJS from 'exceljs';
import type { SourceEntry } from '../../../etl/src/manifest.ts';
import { badRequest } from '../httpErrors.ts';
import type { Draft, DraftKind } from '../schemas/publishing.ts';

/**
 * Turns the files of one upload into the CSV files the ETL reads. CSV is kept byte for byte; an
 * Excel workbook's sheets are written out as CSV with one line per spreadsheet row (blank rows
 * too), so the checks' row numbers are the rows the partner sees in Excel.
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

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A cell as the text a CSV export would hold. */
function cellText(cell: ExcelJS.Cell, where: string): string {
  const value = cell.value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('text' in value && typeof value.text === 'string') return value.text; // a hyperlink
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as ExcelJS.CellFormulaValue).result;
    if (result === undefined || result === null || (typeof result === 'object' && 'error' in result)) {
      throw badRequest(`${where}: cell ${cell.address} holds a formula with no stored result. Open the file in Excel, save it, and upload it again (or paste values).`);
    }
    return result instanceof Date ? result.toISOString().slice(0, 10) : String(result);
  }
  if ('error' in value) throw badRequest(`${where}: cell ${cell.address} holds the error ${value.error}.`);
  return String(value);
}

function sheetToCsv(sheet: ExcelJS.Worksheet, where: string): string {
  const lines: string[] = [];
  const width = sheet.getRow(1).cellCount;
  for (let r = 1; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= Math.max(width, row.cellCount); c++) cells.push(csvField(cellText(row.getCell(c), where)));
    while (cells.length > width && cells.at(-1) === '') cells.pop();
    lines.push(cells.every((c) => c === '') ? '' : cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

async function readWorkbook(file: ReceivedFile): Promise<ExcelJS.Workbook> {
  const bytes = readFileSync(file.path);
  // Every .xlsx is a zip file, which starts with "PK\x03\x04".
  if (bytes.subarray(0, 4).toString('latin1') !== 'PK\u0003\u0004') throw badRequest(`${file.name} is not an Excel workbook (.xlsx): it may be damaged, cut short, or an older .xls. Save it as .xlsx or CSV and try again.`);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw badRequest(`${file.name} cannot be read as an Excel workbook (${error instanceof Error ? error.message : 'unreadable'}); it may be damaged or cut short.`);
  }
  return workbook;
}

/** Saves one sheet as CSV beside the workbook and returns its path. */
function writeSheet(dir: string, workbook: ExcelJS.Workbook, file: ReceivedFile, sheetName: string | null): string {
  const sheet = sheetName ? workbook.worksheets.find((s) => s.name.trim().toLowerCase() === sheetName) : workbook.worksheets[0];
  if (!sheet) {
    throw badRequest(`${file.name} has no sheet named "${sheetName}" (it has ${workbook.worksheets.map((s) => `"${s.name}"`).join(', ') || 'no sheets'}).`);
  }
  const path = join(dir, `${file.name} - ${sheet.name.replace(/[^A-Za-z0-9._ ()-]/g, '_')}.csv`);
  writeFileSync(path, sheetToCsv(sheet, `${file.name}, sheet "${sheet.name}"`));
  return path;
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
    const path = isWorkbook(file.name) ? writeSheet(dir, await readWorkbook(file), file, null) : file.path;
    return { entry: { kind: 'spend', file: path }, files: [record(file, 'spend')] };
  }

  const workbook = byField.get('file');
  if (workbook) {
    if (files.length !== 1 || !isWorkbook(workbook.name)) {
      throw badRequest('An indicators upload is either one .xlsx in the field "file" with sheets "indicators" and "observations", or two CSV files in the fields "indicators" and "observations".');
    }
    const book = await readWorkbook(workbook);
    return {
      entry: { kind: 'indicators', metadata: writeSheet(dir, book, workbook, 'indicators'), observations: [writeSheet(dir, book, workbook, 'observations')] },
      files: [record(workbook, 'indicators and observations')],
    };
  }
  const metadata = byField.get('indicators');
  const observations = byField.get('observations');
  if (!metadata || !observations) throw badRequest('An indicators upload needs both files: "indicators" (one row per indicator) and "observations" (the values), or one .xlsx with both sheets in "file".');
  const asCsv = async (file: ReceivedFile) => (isWorkbook(file.name) ? writeSheet(dir, await readWorkbook(file), file, null) : (checkCsvText(file), file.path));
  return {
    entry: { kind: 'indicators', metadata: await asCsv(metadata), observations: [await asCsv(observations)] },
    files: [record(metadata, 'indicators'), record(observations, 'observations')],
  };
}
