import { cell, checkColumns, numberCell, readCsv } from '../csv.ts';
import type { SimdRow, Staging } from '../staging.ts';
import { recordSource } from './context.ts';
import { checkCompleteCoverage, dataZoneCell } from './dataZoneCell.ts';

const DOMAINS = ['Income', 'Employment', 'Health', 'Education', 'Housing', 'Access', 'Crime'] as const;

/**
 * SIMD ranks and domain ranks, one edition per file, in the layout of the SG's "ranks and domain
 * ranks" table (dz11_code, IMD_rank, Income_rank, ...). Published decile columns are ignored:
 * deciles are recomputed from the rank at build time (SG's equal-count definition).
 */
/** The 6,505 data zones of 2001 (S01000001–S01006505), which SIMD 2004–2012 ranked. */
export const DZ2001_COUNT = 6505;
const isDz2001 = (code: string) => /^S01\d{6}$/.test(code) && Number(code.slice(3)) >= 1 && Number(code.slice(3)) <= DZ2001_COUNT;

export function readSimdRanks(staging: Staging, file: string, edition: string, vintage: 'dz2011' | 'dz2001' = 'dz2011'): void {
  recordSource(staging, 'simd_ranks', file, () => {
    const table = readCsv(file);
    const rankColumns = DOMAINS.map((d) => `${d}_rank`);
    const codeColumn = vintage === 'dz2001' ? 'dz01_code' : 'dz11_code';
    const zoneCount = vintage === 'dz2001' ? DZ2001_COUNT : 6976;
    if (!checkColumns(table, { required: [codeColumn, 'IMD_rank', ...rankColumns], allowExtra: true }, staging.issues)) {
      return { rowsRead: table.rows.length, rowsLoaded: 0 };
    }
    const rows: SimdRow[] = [];
    const seen = new Set<string>();
    const ranksSeen = new Map<number, number>();
    for (const row of table.rows) {
      const dz = vintage === 'dz2011' ? dataZoneCell(staging, table, row, codeColumn) : cell(table, row, codeColumn);
      if (!dz) continue;
      if (vintage === 'dz2001' && !isDz2001(dz)) {
        staging.issues.add({ file: table.name, row: row.row, column: codeColumn, message: `"${dz}" is not a 2001 data zone code (S01000001 to S01006505)` });
        continue;
      }
      if (seen.has(dz)) {
        staging.issues.add({ file: table.name, row: row.row, column: codeColumn, message: `data zone ${dz} appears more than once` });
        continue;
      }
      seen.add(dz);
      const rank = numberCell(cell(table, row, 'IMD_rank'));
      if (rank.kind !== 'number' || !Number.isInteger(rank.value) || rank.value < 1 || rank.value > zoneCount) {
        staging.issues.add({ file: table.name, row: row.row, column: 'IMD_rank', message: `"${cell(table, row, 'IMD_rank')}" is not a SIMD rank (a whole number from 1 to ${zoneCount})` });
        continue;
      }
      const earlier = ranksSeen.get(rank.value);
      if (earlier !== undefined) {
        staging.issues.add({ file: table.name, row: row.row, column: 'IMD_rank', message: `rank ${rank.value} is also given on row ${earlier}: overall ranks are unique` });
        continue;
      }
      ranksSeen.set(rank.value, row.row);
      const domain = (name: (typeof DOMAINS)[number]) => {
        const parsed = numberCell(cell(table, row, `${name}_rank`));
        if (parsed.kind === 'number' && parsed.value >= 1 && parsed.value <= zoneCount) return parsed.value;
        if (parsed.kind !== 'empty') staging.issues.add({ file: table.name, row: row.row, column: `${name}_rank`, message: `"${cell(table, row, `${name}_rank`)}" is not a rank from 1 to ${zoneCount}` });
        return null;
      };
      rows.push({
        dz,
        rank: rank.value,
        domains: {
          income: domain('Income'),
          employment: domain('Employment'),
          health: domain('Health'),
          education: domain('Education'),
          housing: domain('Housing'),
          access: domain('Access'),
          crime: domain('Crime'),
        },
      });
    }
    const editions = vintage === 'dz2001' ? staging.simd2001 : staging.simd;
    if (staging.simd.has(edition) || staging.simd2001.has(edition)) staging.issues.add({ file: table.name, message: `edition "${edition}" is loaded twice` });
    editions.set(edition, { file: table.name, rows });
    if (vintage === 'dz2011') checkCompleteCoverage(staging, table.name, seen, `SIMD edition "${edition}"`);
    // 2001 zones are checked against the 2001 → 2011 lookup once both are read (deriveSimdIndicators).

    return { rowsRead: table.rows.length, rowsLoaded: rows.length };
  });
}
