import { cell, checkColumns, numberCell, readCsv } from '../csv.ts';
import { parsePeriod } from '../periods.ts';
import type { SpendRow, Staging } from '../staging.ts';
import { recordSource } from './context.ts';
import { dataZoneCell } from './dataZoneCell.ts';
import { normalisePostcode } from './postcodes.ts';

export const SPEND_COLUMNS = {
  required: ['partner', 'service', 'financial_year', 'amount_gbp'],
  optional: ['dz_code', 'postcode', 'activity_count', 'activity_unit'],
} as const;

/** Which partners' rows to load from a file; the others are skipped without being checked. */
export interface PartnerFilter {
  only?: string[] | undefined;
  except?: string[] | undefined;
}

/** Partner spend (see data/templates/spend.csv): placed by data zone, by postcode, or unallocated. */
export function readSpend(staging: Staging, file: string, filter: PartnerFilter = {}): void {
  const only = filter.only && new Set(filter.only);
  const except = new Set(filter.except ?? []);
  recordSource(staging, 'spend', file, () => {
    const table = readCsv(file);
    if (!checkColumns(table, SPEND_COLUMNS, staging.issues)) return { rowsRead: table.rows.length, rowsLoaded: 0 };
    let loaded = 0;
    for (const row of table.rows) {
      const fail = (column: string, message: string) => staging.issues.add({ file: table.name, row: row.row, column, message });
      const partner = cell(table, row, 'partner');
      if ((only && !only.has(partner)) || except.has(partner)) continue;
      const service = cell(table, row, 'service');
      if (partner === '') { fail('partner', 'is empty'); continue; }
      if (service === '') { fail('service', 'is empty'); continue; }
      const year = cell(table, row, 'financial_year');
      if (parsePeriod(year)?.kind !== 'financial_year') { fail('financial_year', `"${year}" is not a financial year such as 2019/20`); continue; }
      const amount = numberCell(cell(table, row, 'amount_gbp'));
      if (amount.kind !== 'number') { fail('amount_gbp', `"${cell(table, row, 'amount_gbp')}" is not an amount in pounds (digits and a decimal point only)`); continue; }
      const activity = numberCell(cell(table, row, 'activity_count'));
      if (activity.kind === 'invalid' || activity.kind === 'suppressed' || (activity.kind === 'number' && activity.value < 0)) {
        fail('activity_count', `"${cell(table, row, 'activity_count')}" is not a count of activity (0 or more)`);
        continue;
      }
      const dzText = cell(table, row, 'dz_code');
      const postcodeText = cell(table, row, 'postcode');
      let dz: string | null = null;
      let placedBy: SpendRow['placedBy'] = null;
      if (dzText.toLowerCase() === 'unallocated') {
        dz = null;
      } else if (dzText !== '') {
        dz = dataZoneCell(staging, table, row, 'dz_code');
        if (!dz) continue;
        placedBy = 'data_zone';
      } else if (postcodeText !== '') {
        const postcode = normalisePostcode(postcodeText);
        const found = postcode ? staging.postcodes.get(postcode) : undefined;
        if (!found) {
          fail('postcode', staging.postcodes.size === 0
            ? `"${postcodeText}" cannot be placed: no postcode lookup is loaded (give dz_code instead)`
            : `"${postcodeText}" is not in the postcode lookup`);
          continue;
        }
        dz = found.dz;
        placedBy = found.method === 'directory' ? 'postcode_directory' : 'postcode_centroid';
      } else {
        fail('dz_code', 'give a dz_code, a postcode, or "unallocated"');
        continue;
      }
      staging.spend.push({
        partner, service, financialYear: year, dz, placedBy, amount: amount.value,
        activityCount: activity.kind === 'number' ? activity.value : null,
        activityUnit: cell(table, row, 'activity_unit') || null, file: table.name, row: row.row,
      });
      loaded += 1;
    }
    return { rowsRead: table.rows.length, rowsLoaded: loaded };
  });
}
