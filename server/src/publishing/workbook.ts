/**
 * Excel workbooks to the CSV files the ETL reads, in a child process with a capped heap: a
 * workbook is a zip, and a small upload can unpack to gigabytes, which must not take the server
 * (and every public request) down with it. `convertWorkbook` runs this file as that child; run
 * directly it reads one JSON request from argv and prints one JSON answer.
 *
 * Sheets are written with one line per spreadsheet row (blank rows too), so the checks' row
 * numbers are the rows the partner sees in Excel.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { REPO_ROOT } from '../config.ts';
import { badRequest, HttpError } from '../httpErrors.ts';

/** Heap for one conversion: a 100 MB workbook of plain cells needs well under this. */
const HEAP_MB = 1024;
const TIMEOUT_MS = 120_000;

export interface WorkbookRequest {
  file: { name: string; path: string };
  dir: string;
  /** Sheet names to write (lower case), or null for the first sheet. */
  sheets: (string | null)[];
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

async function readWorkbook(file: WorkbookRequest['file']): Promise<ExcelJS.Workbook> {
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
function writeSheet(dir: string, workbook: ExcelJS.Workbook, file: WorkbookRequest['file'], sheetName: string | null): string {
  const sheet = sheetName ? workbook.worksheets.find((s) => s.name.trim().toLowerCase() === sheetName) : workbook.worksheets[0];
  if (!sheet) {
    throw badRequest(`${file.name} has no sheet named "${sheetName}" (it has ${workbook.worksheets.map((s) => `"${s.name}"`).join(', ') || 'no sheets'}).`);
  }
  const path = join(dir, `${file.name} - ${sheet.name.replace(/[^A-Za-z0-9._ ()-]/g, '_')}.csv`);
  writeFileSync(path, sheetToCsv(sheet, `${file.name}, sheet "${sheet.name}"`));
  return path;
}

/** Writes the requested sheets as CSV beside the workbook; returns their paths in the same order. */
export async function workbookToCsv({ file, dir, sheets }: WorkbookRequest): Promise<string[]> {
  const workbook = await readWorkbook(file);
  return sheets.map((sheet) => writeSheet(dir, workbook, file, sheet));
}

/** The same, in a child process with a capped heap. Throws a 400 naming the file if it cannot be read. */
export function convertWorkbook(request: WorkbookRequest): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, '--import', 'tsx', fileURLToPath(import.meta.url), JSON.stringify(request)], {
      cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.resume();
    child.on('error', (error) => reject(error));
    child.on('close', () => {
      clearTimeout(timer);
      const answer = out.trim().split('\n').at(-1);
      try {
        const parsed = JSON.parse(answer ?? '') as { paths: string[] } | { error: string };
        if ('paths' in parsed) return resolve(parsed.paths);
        return reject(badRequest(parsed.error));
      } catch {
        reject(badRequest(`${request.file.name} could not be read: it unpacks to more than this server reads from one workbook (about ${HEAP_MB} MB), or took longer than ${TIMEOUT_MS / 1000} s. Save the sheets as CSV and upload those.`));
      }
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const request = JSON.parse(process.argv[2] ?? '{}') as WorkbookRequest;
  workbookToCsv(request).then(
    (paths) => process.stdout.write(`${JSON.stringify({ paths })}\n`),
    (error: unknown) => {
      const message = error instanceof HttpError ? error.message : `${request.file?.name} cannot be read as an Excel workbook; it may be damaged.`;
      process.stdout.write(`${JSON.stringify({ error: message })}\n`);
    },
  );
}
