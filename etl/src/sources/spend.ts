import { cell, checkColumns, numberCell, streamCsv } from '../csv.ts';
import { parsePeriod } from '../periods.ts';
import type { SpendRow, Staging } from '../staging.ts';
import { recordSourceAsync } from './context.ts';
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

/**
 * Partner spend (see data/templates/spend.csv): placed by data zone, by postcode, or unallocated.
 * Read a block at a time; the texts that repeat on every row (partner, service, year, data zone,
 * unit) are kept once each, so 837,120 rows hold a few hundred strings, not five million.
 */
export async function readSpend(staging: Staging, file: string, filter: PartnerFilter = {}): Promise<void> {
  const only = filter.only && new Set(filter.only);
  const except = new Set(filter.except ?? []);
  const texts = new Map<string, string>();
  const once = (text: string) => {
    const kept = texts.get(text);
    if (kept !== undefined) return kept;
    texts.set(text, text);
    return text;
  };
  await recordSourceAsync(staging, 'spend', file, async () => {
    let loaded = 0;
    let shaped = false;
    const { rows } = await streamCsv(file, (table) => (shaped = checkColumns(table, SPEND_COLUMNS, staging.issues)), (table, row) => {
      const fail = (column: string, message: string) => staging.issues.add({ file: table.name, row: row.row, column, message });
      const partner = once(cell(table, row, 'partner'));
      if ((only && !only.has(partner)) || except.has(partner)) return;
      const service = once(cell(table, row, 'service'));
      if (partner === '') return fail('partner', 'is empty');
      if (service === '') return fail('service', 'is empty');
      const year = once(cell(table, row, 'financial_year'));
      if (parsePeriod(year)?.kind !== 'financial_year') return fail('financial_year', `"${year}" is not a financial year such as 2019/20`);
      const amount = numberCell(cell(table, row, 'amount_gbp'));
      if (amount.kind !== 'number') return fail('amount_gbp', `"${cell(table, row, 'amount_gbp')}" is not an amount in pounds (digits and a decimal point only)`);
      const activity = numberCell(cell(table, row, 'activity_count'));
      if (activity.kind === 'invalid' || activity.kind === 'suppressed' || (activity.kind === 'number' && activity.value < 0)) {
        return fail('activity_count', `"${cell(table, row, 'activity_count')}" is not a count of activity (0 or more)`);
      }
      const dzText = cell(table, row, 'dz_code');
      const postcodeText = cell(table, row, 'postcode');
      let dz: string | null = null;
      let placedBy: SpendRow['placedBy'] = null;
      if (dzText.toLowerCase() === 'unallocated') {
        dz = null;
      } else if (dzText !== '') {
        dz = dataZoneCell(staging, table, row, 'dz_code');
        if (!dz) return;
        dz = once(dz);
        placedBy = 'data_zone';
      } else if (postcodeText !== '') {
        const postcode = normalisePostcode(postcodeText);
        const found = postcode ? staging.postcodes.get(postcode) : undefined;
        if (!found) {
          return fail('postcode', staging.postcodes.size === 0
            ? `"${postcodeText}" cannot be placed: no postcode lookup is loaded (give dz_code instead)`
            : `"${postcodeText}" is not in the postcode lookup`);
        }
        dz = found.dz;
        placedBy = found.method === 'directory' ? 'postcode_directory' : 'postcode_centroid';
      } else {
        return fail('dz_code', 'give a dz_code, a postcode, or "unallocated"');
      }
      staging.spend.push({
        partner, service, financialYear: year, dz, placedBy, amount: amount.value,
        activityCount: activity.kind === 'number' ? activity.value : null,
        activityUnit: once(cell(table, row, 'activity_unit')) || null, file: table.name, row: row.row,
      });
      loaded += 1;
    });
    return { rowsRead: shaped ? rows : 0, rowsLoaded: loaded };
  });
}
