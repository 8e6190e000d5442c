/**
 * The reporting periods the synthetic indicators use, in the labels of the partner template:
 * '2019', '2019/20', '2017-2019', '2020Q1', '2020-03', 'AY2019/20'. Each period knows the
 * population year it draws denominators from and how hard the pandemic hit it.
 */

export type PeriodKind = 'calendar_year' | 'financial_year' | 'school_year' | 'multi_year' | 'quarter' | 'month';

export interface Period {
  label: string;
  /** Years whose populations make up the denominators (one, or three for rolling periods). */
  years: number[];
  /** Years since 2012, at the middle of the period. */
  t: number;
  /** 0 = normal times, 1 = the first lockdown at its worst. */
  covid: number;
  /** Length in years (a quarter is 0.25). */
  length: number;
}

const YEARS = [2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021];

function financialLabel(year: number): string {
  return `${year}/${String((year + 1) % 100).padStart(2, '0')}`;
}

/** Pandemic disruption by calendar month (1 = April 2020). */
function covidAt(year: number, month: number): number {
  const m = (year - 2020) * 12 + month; // months since December 2019
  if (m < 3) return 0;
  const curve: Record<number, number> = { 3: 0.5, 4: 1, 5: 0.95, 6: 0.8, 7: 0.55, 8: 0.45, 9: 0.45, 10: 0.55, 11: 0.65, 12: 0.7, 13: 0.85, 14: 0.8, 15: 0.65 };
  return curve[m] ?? Math.max(0.15, 0.6 - (m - 15) * 0.05);
}

function meanCovid(year: number, fromMonth: number, months: number): number {
  let sum = 0;
  for (let k = 0; k < months; k++) {
    const month = fromMonth + k;
    sum += covidAt(year + Math.floor((month - 1) / 12), ((month - 1) % 12) + 1);
  }
  return sum / months;
}

export function periods(kind: PeriodKind): Period[] {
  switch (kind) {
    case 'calendar_year':
      return YEARS.map((y) => ({ label: String(y), years: [y], t: y + 0.5 - 2012, covid: meanCovid(y, 1, 12), length: 1 }));
    case 'financial_year':
      return YEARS.map((y) => ({ label: financialLabel(y), years: [y], t: y + 0.75 - 2012, covid: meanCovid(y, 4, 12), length: 1 }));
    case 'school_year':
      return YEARS.map((y) => ({ label: `AY${financialLabel(y)}`, years: [y], t: y + 1 - 2012, covid: meanCovid(y, 8, 12), length: 1 }));
    case 'multi_year':
      // Rolling three-year periods ending 2012 to 2021; years before 2012 borrow 2012's population.
      return YEARS.map((end) => ({
        label: `${end - 2}-${end}`,
        years: [end - 2, end - 1, end].map((y) => Math.max(2012, y)),
        t: end - 1 + 0.5 - 2012,
        covid: (meanCovid(end - 2, 1, 12) + meanCovid(end - 1, 1, 12) + meanCovid(end, 1, 12)) / 3,
        length: 3,
      }));
    case 'quarter': {
      const out: Period[] = [];
      for (const y of [2019, 2020, 2021]) {
        for (let q = 1; q <= 4; q++) out.push({ label: `${y}Q${q}`, years: [y], t: y + (q - 0.5) / 4 - 2012, covid: meanCovid(y, 3 * q - 2, 3), length: 0.25 });
      }
      return out;
    }
    case 'month': {
      const out: Period[] = [];
      for (const y of [2019, 2020, 2021]) {
        for (let m = 1; m <= 12; m++) {
          out.push({ label: `${y}-${String(m).padStart(2, '0')}`, years: [y], t: y + (m - 0.5) / 12 - 2012, covid: covidAt(y, m), length: 1 / 12 });
        }
      }
      return out;
    }
  }
}
