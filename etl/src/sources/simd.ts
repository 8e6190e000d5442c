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
export function readSimdRanks(staging: Staging, file: string, edition: string): void {
  recordSource(staging, 'simd_ranks', file, () => {
    const table = readCsv(file);
    const rankColumns = DOMAINS.map((d) => `${d}_rank`);
    if (!checkColumns(table, { required: ['dz11_code', 'IMD_rank', ...rankColumns], allowExtra: true }, staging.issues)) {
      return { rowsRead: table.rows.length, rowsLoaded: 0 };
    }
    const rows: SimdRow[] = [];
    const seen = new Set<string>();
    const ranksSeen = new Map<number, number>();
    for (const row of table.rows) {
      const dz = dataZoneCell(staging, table, row, 'dz11_code');
      if (!dz) continue;
      if (seen.has(dz)) {
        staging.issues.add({ file: table.name, row: row.row, column: 'dz11_code', message: `data zone ${dz} appears more than once` });
        continue;
      }
      seen.add(dz);
      const rank = numberCell(cell(table, row, 'IMD_rank'));
      if (rank.kind !== 'number' || !Number.isInteger(rank.value) || rank.value < 1 || rank.value > 6976) {
        staging.issues.add({ file: table.name, row: row.row, column: 'IMD_rank', message: `"${cell(table, row, 'IMD_rank')}" is not a SIMD rank (a whole number from 1 to 6976)` });
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
        if (parsed.kind === 'number' && parsed.value >= 1 && parsed.value <= 6976) return parsed.value;
        if (parsed.kind !== 'empty') staging.issues.add({ file: table.name, row: row.row, column: `${name}_rank`, message: `"${cell(table, row, `${name}_rank`)}" is not a rank from 1 to 6976` });
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
    if (staging.simd.has(edition)) staging.issues.add({ file: table.name, message: `edition "${edition}" is loaded twice` });
    staging.simd.set(edition, { file: table.name, rows });
    checkCompleteCoverage(staging, table.name, seen, `SIMD edition "${edition}"`);
    return { rowsRead: table.rows.length, rowsLoaded: rows.length };
  });
}
