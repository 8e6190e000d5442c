/**
 * The 35-column "SIMD indicator data" file. Each indicator is read off the national distribution of
 * the real SIMD 2020v2 indicators (quantiles below, from shared/data/real/simd) at the data zone's
 * domain rank, with noise; counts and rates agree (Income_count ≈ Income_rate × Total_population);
 * access times come from the synthetic map itself. Rates are fractions, as published.
 */
import { formatNumber, quotedField, round } from './csv.ts';
import type { Geography } from './hierarchy.ts';
import { ageBand, total, type PopulationSeries } from './population.ts';
import type { Random } from './random.ts';
import type { Settlement } from './settlements.ts';
import { SCOTLAND_DATA_ZONES, type SimdEdition } from './simd.ts';

const COLUMNS = [
  'dz11_code', 'Total_population', 'Working_age_population', 'Income_rate', 'Income_count', 'Employment_rate', 'Employment_count',
  'CIF', 'ALCOHOL', 'DRUG', 'SMR', 'DEPRESS', 'LBWT', 'EMERG', 'Attendance', 'Attainment', 'no_qualifications', 'not_participating',
  'University', 'drive_petrol', 'drive_GP', 'drive_post', 'drive_primary', 'drive_retail', 'drive_secondary', 'PT_GP', 'PT_post',
  'PT_retail', 'Broadband', 'crime_count', 'crime_rate', 'overcrowded_count', 'nocentralheat_count', 'overcrowded_rate', 'nocentralheat_rate',
] as const;
/** Columns R wrote as text (they hold '*' in the real file), so always quoted. */
const TEXT_COLUMNS = new Set(['dz11_code', 'Attendance', 'Attainment', 'crime_count', 'crime_rate']);

const PROBS = [0, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 1];
/** National quantiles of the real SIMD 2020v2 indicators at PROBS. */
const QUANTILES = {
  Income_rate: [0, 0.02, 0.02, 0.04, 0.1, 0.18, 0.27, 0.31, 0.4, 0.59],
  Employment_rate: [0, 0.02, 0.02, 0.04, 0.08, 0.14, 0.2, 0.24, 0.31, 0.47],
  CIF: [5, 30, 40, 55, 90, 140, 185, 210, 260, 370],
  ALCOHOL: [0, 10.69, 16.97, 35.39, 73.57, 137.83, 224.81, 291.68, 457.65, 1656.37],
  DRUG: [0, 0, 0, 15.89, 50.22, 133.46, 255.73, 368.99, 616.55, 1826.42],
  SMR: [0, 46.08, 54.33, 69.95, 92.8, 120.01, 150.85, 174.39, 230, 824.27],
  DEPRESS: [0.0275, 0.1107, 0.1245, 0.1495, 0.1868, 0.2276, 0.2617, 0.284, 0.3235, 0.4718],
  EMERG: [24.62, 55.01, 61.21, 74.23, 95.35, 123.15, 147.95, 165.91, 199.01, 399.36],
  Attendance: [0.4, 0.6444, 0.6798, 0.7466, 0.8175, 0.8761, 0.9122, 0.9275, 0.9495, 1],
  Attainment: [2.8889, 4.6176, 4.8333, 5.1875, 5.5714, 5.9048, 6.1667, 6.3158, 6.5625, 6.875],
  no_qualifications: [2.995, 26.76, 36.44, 57.64, 92.64, 140.25, 181.26, 202.78, 249.18, 319.99],
  not_participating: [0, 0, 0, 0.0091, 0.0256, 0.0533, 0.0882, 0.1111, 0.1739, 0.5],
  University: [0, 0.0191, 0.0279, 0.0469, 0.0784, 0.1214, 0.1735, 0.2118, 0.2959, 0.8191],
  crime_rate: [10.83, 50.45, 66.19, 114.5, 211.11, 379.77, 618.75, 839.54, 1583.55, 12440.63],
  overcrowded_rate: [0, 0.0191, 0.0274, 0.0492, 0.092, 0.1502, 0.2152, 0.2567, 0.3646, 0.5839],
  nocentralheat_rate: [0, 0, 0.0011, 0.0044, 0.0108, 0.0235, 0.0432, 0.0592, 0.1044, 0.215],
} as const;

function quantile(table: readonly number[], p: number): number {
  const q = Math.min(1, Math.max(0, p));
  for (let k = 1; k < PROBS.length; k++) {
    if (q <= PROBS[k]!) {
      const t = (q - PROBS[k - 1]!) / (PROBS[k]! - PROBS[k - 1]!);
      return table[k - 1]! + t * (table[k]! - table[k - 1]!);
    }
  }
  return table[table.length - 1]!;
}

type Row = Record<(typeof COLUMNS)[number], string | number>;

export function simdIndicatorRows(
  simd: SimdEdition,
  geography: Geography,
  settlements: Settlement[],
  population: PopulationSeries,
  rng: Random,
): Row[] {
  const y2017 = population.years.indexOf(2017);
  return geography.dataZones.map((z, i) => {
    const pop = population.byYear[y2017]![i]!;
    const people = total(pop);
    const workingAge = ageBand(pop, 16, 64);
    // Deprivation percentile, 0 = least deprived, 1 = most deprived (at the domain's rank).
    const worse = (domain: keyof SimdEdition['domainRank'], sd = 0.06) =>
      1 - (simd.domainRank[domain][i] as number) / SCOTLAND_DATA_ZONES + rng.normal(0, sd);
    const health = worse('Health');
    const education = worse('Education');

    const incomeCount = Math.round(quantile(QUANTILES.Income_rate, worse('Income', 0.02)) * people);
    const employmentCount = Math.round(quantile(QUANTILES.Employment_rate, worse('Employment', 0.02)) * workingAge);
    const births = Math.max(1, ageBand(pop, 0, 2));
    const lowBirthweight = rng.binomial(births, 0.03 + 0.07 * health);

    // Access: minutes to services from the synthetic map (towns have everything; villages some).
    const c = z.cell;
    const s = c.settlement === null ? null : (settlements[c.settlement] as Settlement);
    const withinTown = s ? 1 + (0.9 * Math.hypot(c.centroid[0] - s.centre[0], c.centroid[1] - s.centre[1])) / 1000 : 0;
    const nearestAny = s ? withinTown : c.localDriveMinutes;
    const nearestTown = s?.kind === 'town' ? withinTown : c.driveMinutes + 1.5;
    const jitter = () => Math.exp(rng.normal(0, 0.15));
    const drive = {
      drive_petrol: nearestTown * 0.8 * jitter(),
      drive_GP: (s?.kind === 'town' ? withinTown : Math.min(nearestAny + 2, nearestTown)) * jitter(),
      drive_post: nearestAny * 0.9 * jitter(),
      drive_primary: nearestAny * jitter(),
      drive_retail: (s?.kind === 'town' ? withinTown * 1.2 : nearestTown) * jitter(),
      drive_secondary: nearestTown * 1.3 * jitter(),
    };
    const pt = (minutes: number) => Math.min(190, 2.5 * minutes + 2 + rng.uniform(0, 3));
    const broadband = c.urbanRural.ur2[0] === 1 ? (rng.chance(0.85) ? 0 : rng.uniform(0, 0.15)) : Math.min(1, Math.max(0, 0.012 * c.driveMinutes + rng.normal(0.1, 0.15)));

    const crimeCount = (quantile(QUANTILES.crime_rate, worse('Crime')) * people) / 10000;
    const overcrowded = Math.round(quantile(QUANTILES.overcrowded_rate, worse('Housing')) * people);
    const noHeat = Math.round(quantile(QUANTILES.nocentralheat_rate, worse('Housing', 0.12)) * people);
    const attendanceWithheld = ageBand(pop, 5, 17) < 70 || rng.chance(0.03);
    const attainmentWithheld = ageBand(pop, 15, 17) < 14 || rng.chance(0.01);

    return {
      dz11_code: z.code,
      Total_population: people,
      Working_age_population: workingAge,
      Income_rate: round(incomeCount / people, 2),
      Income_count: incomeCount,
      Employment_rate: round(employmentCount / workingAge, 2),
      Employment_count: employmentCount,
      CIF: Math.max(5, round((quantile(QUANTILES.CIF, health) * people) / 755 / 5) * 5),
      ALCOHOL: round(quantile(QUANTILES.ALCOHOL, health + rng.normal(0, 0.08)), 8),
      DRUG: round(quantile(QUANTILES.DRUG, health + rng.normal(0, 0.1)), 8),
      SMR: round(quantile(QUANTILES.SMR, health + rng.normal(0, 0.08)), 8),
      DEPRESS: round(quantile(QUANTILES.DEPRESS, health + rng.normal(0, 0.08)), 9),
      LBWT: round(lowBirthweight / births, 9),
      EMERG: round(quantile(QUANTILES.EMERG, health + rng.normal(0, 0.05)), 8),
      Attendance: attendanceWithheld ? '*' : formatNumber(round(quantile(QUANTILES.Attendance, 1 - education), 5)),
      Attainment: attainmentWithheld ? '*' : formatNumber(round(quantile(QUANTILES.Attainment, 1 - education - rng.normal(0, 0.05)), 10)),
      no_qualifications: round(quantile(QUANTILES.no_qualifications, education), 8),
      not_participating: round(quantile(QUANTILES.not_participating, education + rng.normal(0, 0.08)), 9),
      University: round(quantile(QUANTILES.University, 1 - education - rng.normal(0, 0.08)), 6),
      drive_petrol: round(drive.drive_petrol, 9),
      drive_GP: round(drive.drive_GP, 9),
      drive_post: round(drive.drive_post, 9),
      drive_primary: round(drive.drive_primary, 9),
      drive_retail: round(drive.drive_retail, 9),
      drive_secondary: round(drive.drive_secondary, 9),
      PT_GP: round(pt(drive.drive_GP), 9),
      PT_post: round(pt(drive.drive_post), 9),
      PT_retail: round(pt(drive.drive_retail), 9),
      Broadband: round(broadband, 9),
      crime_count: crimeCount < 3 ? '*' : formatNumber(round(crimeCount, 12)),
      crime_rate: crimeCount < 3 ? '*' : formatNumber(round((crimeCount / people) * 10000, 12)),
      overcrowded_count: overcrowded,
      nocentralheat_count: noHeat,
      overcrowded_rate: round(overcrowded / people, 9),
      nocentralheat_rate: round(noHeat / people, 9),
    };
  });
}

/** The rows in the column order and quoting of simd2020v2_dz2011_indicators.csv. */
export function simdIndicatorsCsv(rows: Row[]): string {
  const header = COLUMNS.map(quotedField).join(',');
  const lines = rows.map((row) =>
    COLUMNS.map((column) => {
      const value = row[column];
      if (TEXT_COLUMNS.has(column)) return quotedField(String(value));
      return typeof value === 'number' ? formatNumber(value) : value;
    }).join(','),
  );
  return [header, ...lines].join('\n') + '\n';
}
