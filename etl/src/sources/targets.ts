import { cell, checkColumns, numberCell, readCsv } from '../csv.ts';
import { parsePeriod, PERIOD_FORMS } from '../periods.ts';
import type { Staging } from '../staging.ts';
import { recordSource } from './context.ts';

/** Targets: checked against indicators and areas once every source is read (see checks.ts). */
export function readTargets(staging: Staging, file: string): void {
  recordSource(staging, 'targets', file, () => {
    const table = readCsv(file);
    const shape = { required: ['indicator_id', 'level', 'area_code', 'baseline_period', 'baseline_value', 'target_period', 'target_value'] };
    if (!checkColumns(table, shape, staging.issues)) return { rowsRead: table.rows.length, rowsLoaded: 0 };
    let loaded = 0;
    for (const row of table.rows) {
      const fail = (column: string, message: string) => staging.issues.add({ file: table.name, row: row.row, column, message });
      const periods = ['baseline_period', 'target_period'].map((column) => ({ column, period: parsePeriod(cell(table, row, column)) }));
      const badPeriod = periods.find((p) => !p.period);
      if (badPeriod) { fail(badPeriod.column, `"${cell(table, row, badPeriod.column)}" is not a period (use ${PERIOD_FORMS})`); continue; }
      if (periods[1]!.period!.start <= periods[0]!.period!.start) { fail('target_period', 'the target period must come after the baseline period'); continue; }
      const values = ['baseline_value', 'target_value'].map((column) => ({ column, value: numberCell(cell(table, row, column)) }));
      const badValue = values.find((v) => v.value.kind !== 'number');
      if (badValue) { fail(badValue.column, `"${cell(table, row, badValue.column)}" is not a number`); continue; }
      staging.targets.push({
        indicator: cell(table, row, 'indicator_id'), level: cell(table, row, 'level'), areaCode: cell(table, row, 'area_code'),
        baselinePeriod: cell(table, row, 'baseline_period'), baselineValue: Number(cell(table, row, 'baseline_value')),
        targetPeriod: cell(table, row, 'target_period'), targetValue: Number(cell(table, row, 'target_value')), file: table.name, row: row.row,
      });
      loaded += 1;
    }
    return { rowsRead: table.rows.length, rowsLoaded: loaded };
  });
}
