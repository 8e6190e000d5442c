/**
 * For tests and benchmarks: the SG "2011 Data Zone Lookup" CSV turned into level memberships.
 * (The ETL has its own CSV reader; geographies imports nothing of ours but levels.ts.)
 */
import { readFile } from 'node:fs/promises';
import type { LevelMembership } from '../dissolve.ts';

/** A small RFC 4180 reader (quoted fields, doubled quotes, CRLF): enough for the SG lookup. */
export async function readCsvRecords(file: string): Promise<Array<Record<string, string>>> {
  const text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field), rows.push(row), (row = []), (field = '');
    } else field += c;
  }
  if (field !== '' || row.length > 0) row.push(field), rows.push(row);
  const [header, ...body] = rows;
  if (!header) return [];
  return body.filter((r) => r.length > 1).map((r) => Object.fromEntries(header.map((name, i) => [name, r[i] ?? ''])));
}

/** One level's membership from lookup columns, e.g. ('IZ2011_Code', 'IZ2011_Name'). */
export function membershipFromLookup(
  key: string,
  records: ReadonlyArray<Record<string, string>>,
  columns: { dataZone: string; code: string; name: string },
): LevelMembership {
  const dataZones = new Map<string, string[]>();
  const names = new Map<string, string>();
  for (const record of records) {
    const dz = record[columns.dataZone];
    const code = record[columns.code];
    if (!dz || !code) continue;
    const members = dataZones.get(code);
    if (members) members.push(dz);
    else dataZones.set(code, [dz]);
    names.set(code, record[columns.name] ?? code);
  }
  return { key, dataZones, names };
}
