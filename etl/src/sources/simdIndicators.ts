import { basename } from 'node:path';
import type { Staging } from '../staging.ts';
import { addPopulationTotals } from './population.ts';
import { SIMD_POPULATION_YEAR, simdEditionKey, simdReferencePeriods } from './simdReferencePeriods.ts';
import { readWideTable, type WideIndicatorSpec } from './wideIndicators.ts';

const pwm = 'population_weighted_mean' as const;
const APPROX = 'Published as a rate or standardised ratio without its counts, so larger areas show the population-weighted mean of their data zones: an approximation to the true figure.';

/**
 * The SG "SIMD indicator data" file: what each column means and how it rolls up. Definitions
 * from the SIMD 2020 technical notes. Counts with their bases roll up exactly; measures published
 * without counts are population-weighted (and say so).
 */
const SIMD_INDICATORS: WideIndicatorSpec[] = [
  { code: 'simd_income_deprived_pct', title: 'People who are income deprived (%)', theme: 'wealthier_fairer', topic: 'Income', unit: '%', measureType: 'proportion', aggregation: 'ratio', multiplier: 100, polarity: 'higher_is_worse', numerator: ['Income_count'], denominator: ['Total_population'], keywords: 'poverty;benefits;low income;income deprivation' },
  { code: 'simd_employment_deprived_pct', title: 'Working-age people who are employment deprived (%)', theme: 'wealthier_fairer', topic: 'Employment', unit: '%', measureType: 'proportion', aggregation: 'ratio', multiplier: 100, polarity: 'higher_is_worse', numerator: ['Employment_count'], denominator: ['Working_age_population'], keywords: 'unemployment;jobs;benefits;work' },
  { code: 'simd_cif', title: 'Comparative illness factor (standardised ratio)', theme: 'healthier', topic: 'Illness', unit: 'ratio (Scotland = 100)', measureType: 'standardised_ratio', aggregation: pwm, multiplier: 1, polarity: 'higher_is_worse', value: 'CIF', weight: 'Total_population', notes: APPROX, keywords: 'illness;disability;benefits;long-term conditions' },
  { code: 'simd_alcohol_sr', title: 'Hospital stays related to alcohol use (standardised ratio)', theme: 'healthier', topic: 'Alcohol and drugs', unit: 'ratio (Scotland = 100)', measureType: 'standardised_ratio', aggregation: pwm, multiplier: 1, polarity: 'higher_is_worse', value: 'ALCOHOL', weight: 'Total_population', notes: APPROX, keywords: 'alcohol;hospital;admissions' },
  { code: 'simd_drug_sr', title: 'Hospital stays related to drug use (standardised ratio)', theme: 'healthier', topic: 'Alcohol and drugs', unit: 'ratio (Scotland = 100)', measureType: 'standardised_ratio', aggregation: pwm, multiplier: 1, polarity: 'higher_is_worse', value: 'DRUG', weight: 'Total_population', notes: APPROX, keywords: 'drugs;hospital;admissions' },
  { code: 'simd_smr', title: 'Standardised mortality ratio', theme: 'healthier', topic: 'Mortality', unit: 'ratio (Scotland = 100)', measureType: 'standardised_ratio', aggregation: pwm, multiplier: 1, polarity: 'higher_is_worse', value: 'SMR', weight: 'Total_population', notes: APPROX, keywords: 'deaths;mortality;life expectancy' },
  { code: 'simd_depress_proportion', title: 'People prescribed drugs for anxiety, depression or psychosis (proportion)', theme: 'healthier', topic: 'Mental health', unit: 'proportion', measureType: 'proportion', aggregation: pwm, multiplier: 1, polarity: 'higher_is_worse', value: 'DEPRESS', weight: 'Total_population', notes: APPROX, keywords: 'mental health;depression;anxiety;prescribing' },
  { code: 'simd_low_birthweight', title: 'Low birthweight babies (proportion of live singleton births)', theme: 'healthier', topic: 'Early years', unit: 'proportion', measureType: 'proportion', aggregation: pwm, multiplier: 1, polarity: 'higher_is_worse', value: 'LBWT', weight: 'Total_population', notes: APPROX, keywords: 'babies;birth;maternity' },
  { code: 'simd_emergency_sr', title: 'Emergency stays in hospital (standardised ratio)', theme: 'healthier', topic: 'Hospital', unit: 'ratio (Scotland = 100)', measureType: 'standardised_ratio', aggregation: pwm, multiplier: 1, polarity: 'higher_is_worse', value: 'EMERG', weight: 'Total_population', notes: APPROX, keywords: 'hospital;emergency;admissions' },
  { code: 'simd_school_attendance', title: 'School pupil attendance (proportion)', theme: 'smarter', topic: 'School', unit: 'proportion', measureType: 'proportion', aggregation: pwm, multiplier: 1, polarity: 'higher_is_better', value: 'Attendance', weight: 'Total_population', notes: `${APPROX} Withheld (*) by the publisher where few pupils live in the data zone.`, keywords: 'school;attendance;pupils;education' },
  { code: 'simd_school_attainment', title: 'Attainment of school leavers (score)', theme: 'smarter', topic: 'School', unit: 'score', measureType: 'score', aggregation: pwm, multiplier: 1, polarity: 'higher_is_better', value: 'Attainment', weight: 'Total_population', notes: `${APPROX} Withheld (*) by the publisher where few pupils live in the data zone.`, keywords: 'school;attainment;qualifications;leavers' },
  { code: 'simd_no_qualifications_sr', title: 'Working-age people with no qualifications (standardised ratio)', theme: 'smarter', topic: 'Skills', unit: 'ratio (Scotland = 100)', measureType: 'standardised_ratio', aggregation: pwm, multiplier: 1, polarity: 'higher_is_worse', value: 'no_qualifications', weight: 'Working_age_population', notes: APPROX, keywords: 'qualifications;skills;adults' },
  { code: 'simd_not_participating', title: '16–19 year olds not in education, employment or training (proportion)', theme: 'smarter', topic: 'Young people', unit: 'proportion', measureType: 'proportion', aggregation: pwm, multiplier: 1, polarity: 'higher_is_worse', value: 'not_participating', weight: 'Total_population', notes: APPROX, keywords: 'young people;NEET;participation' },
  { code: 'simd_university_entry', title: '17–21 year olds entering university (proportion)', theme: 'smarter', topic: 'Young people', unit: 'proportion', measureType: 'proportion', aggregation: pwm, multiplier: 1, polarity: 'higher_is_better', value: 'University', weight: 'Total_population', notes: APPROX, keywords: 'university;higher education;young people' },
  ...([
    ['drive_petrol', 'petrol station'], ['drive_GP', 'GP surgery'], ['drive_post', 'post office'], ['drive_primary', 'primary school'],
    ['drive_retail', 'retail centre'], ['drive_secondary', 'secondary school'],
  ] as const).map(([column, place]): WideIndicatorSpec => ({
    code: `simd_${column.toLowerCase()}_minutes`, title: `Average drive time to a ${place} (minutes)`, theme: 'greener', topic: 'Access to services', unit: 'minutes',
    measureType: 'mean', aggregation: pwm, multiplier: 1, polarity: 'higher_is_worse', value: column, weight: 'Total_population', keywords: `access;travel;drive time;${place}`,
  })),
  ...([['PT_GP', 'GP surgery'], ['PT_post', 'post office'], ['PT_retail', 'retail centre']] as const).map(([column, place]): WideIndicatorSpec => ({
    code: `simd_${column.toLowerCase()}_minutes`, title: `Public transport travel time to a ${place} (minutes)`, theme: 'greener', topic: 'Access to services', unit: 'minutes',
    measureType: 'mean', aggregation: pwm, multiplier: 1, polarity: 'higher_is_worse', value: column, weight: 'Total_population', keywords: `access;travel;public transport;bus;${place}`,
  })),
  { code: 'simd_no_superfast_broadband', title: 'Premises without superfast broadband (proportion)', theme: 'greener', topic: 'Access to services', unit: 'proportion', measureType: 'proportion', aggregation: pwm, multiplier: 1, polarity: 'higher_is_worse', value: 'Broadband', weight: 'Total_population', notes: APPROX, keywords: 'broadband;internet;digital' },
  { code: 'simd_crime_rate', title: 'Recorded crimes of violence, sexual crimes, housebreaking, vandalism, drugs offences and common assault per 10,000 people', theme: 'safer_stronger', topic: 'Crime', unit: 'per 10,000 people', measureType: 'rate', aggregation: 'ratio', multiplier: 10000, polarity: 'higher_is_worse', numerator: ['crime_count'], denominator: ['Total_population'], notes: 'Withheld (*) by the publisher where counts are small.', keywords: 'crime;police;violence;housebreaking;vandalism;safety' },
  { code: 'simd_overcrowded_pct', title: 'People in overcrowded households (%)', theme: 'safer_stronger', topic: 'Housing', unit: '%', measureType: 'proportion', aggregation: 'ratio', multiplier: 100, polarity: 'higher_is_worse', numerator: ['overcrowded_count'], denominatorFromRate: 'overcrowded_rate', weight: 'Total_population', notes: 'The base is recovered as count ÷ rate; where the count is 0 the total population stands in.', keywords: 'housing;overcrowding' },
  { code: 'simd_no_central_heating_pct', title: 'People in households without central heating (%)', theme: 'safer_stronger', topic: 'Housing', unit: '%', measureType: 'proportion', aggregation: 'ratio', multiplier: 100, polarity: 'higher_is_worse', numerator: ['nocentralheat_count'], denominatorFromRate: 'nocentralheat_rate', weight: 'Total_population', notes: 'The base is recovered as count ÷ rate; where the count is 0 the total population stands in.', keywords: 'housing;heating;fuel poverty' },
];

/**
 * What differs between editions of the indicator file: the 2016 file names some columns
 * differently and has no broadband; each edition's indicators describe their own years
 * (simdReferencePeriods.ts).
 */
interface SimdIndicatorLayout {
  renames?: Record<string, string>;
  absent?: string[];
}

const LAYOUTS: Record<string, SimdIndicatorLayout> = {
  '2016': {
    renames: {
      Working_age_population_revised: 'Working_age_population', Noquals: 'no_qualifications', NEET: 'not_participating', HESA: 'University',
      drive_PO: 'drive_post', PT_Post: 'PT_post',
    },
    absent: ['simd_no_superfast_broadband'],
  },
  '2020v2': {},
};

export const SIMD_INDICATOR_SERIES = 'SIMD indicator data';

/** An indicator's reference period in an edition; an edition that reads an indicator must say its period. */
function referencePeriod(periods: Record<string, { period: string }>, code: string, edition: string): string {
  const period = periods[code]?.period;
  if (!period) throw new Error(`${edition}: no reference period is recorded for ${code} in simdReferencePeriods.ts`);
  return period;
}

/** The codes of the indicators read from the SIMD indicator files, and those an edition lacks. */
export const SIMD_INDICATOR_CODES = SIMD_INDICATORS.map((s) => s.code);
export const simdIndicatorsAbsent = (edition: string): readonly string[] => LAYOUTS[edition]?.absent ?? [];

export function readSimdIndicators(staging: Staging, file: string, edition: string, synthetic = staging.synthetic): void {
  const key = simdEditionKey(edition);
  if (!key) {
    staging.issues.add({ file, message: `edition "${edition}" names no year` });
    return;
  }
  const layout = LAYOUTS[key];
  if (!layout) {
    staging.issues.add({ file, message: `SIMD edition "${edition}" is not one AreaLens knows the layout and reference periods of (known: ${Object.keys(LAYOUTS).map((k) => `SIMD ${k}`).join(', ')})` });
    return;
  }
  const periods = simdReferencePeriods(key);
  const populationYear = SIMD_POPULATION_YEAR[key]!;
  const people = new Map<string, number>();
  readWideTable(staging, {
    kind: 'simd_indicators', file, dzColumn: 'dz11_code', period: (spec) => referencePeriod(periods, spec.code, edition), revision: edition, series: SIMD_INDICATOR_SERIES,
    renames: layout.renames, absent: layout.absent,
    notes: (spec) => {
      const reference = periods[spec.code];
      if (!reference) return null;
      return reference.basis === 'published'
        ? `${edition}: data for ${reference.period}, as statistics.gov.scot gives the indicator's reference period.`
        : `${edition}: data for ${reference.period}. statistics.gov.scot lists this dataset's periods without saying which indicator each belongs to; AreaLens's assignment.`;
    },
    onRow: (dz, value) => {
      const total = value('Total_population');
      if (total !== null && Number.isInteger(total)) people.set(dz, total);
    },
    source: 'Scottish Index of Multiple Deprivation: indicator data (editions in the revisions log)', publisher: synthetic ? 'AreaLens synthetic demo' : 'Scottish Government',
    // As published, even in synthetic builds: the real SIMD files have a data zone with counts but
    // no people (a part above its total), and synthetic builds (the scale bench) read them too.
    licence: 'Open Government Licence v3.0', synthetic, specs: SIMD_INDICATORS, partAboveTotal: 'warn',
  });
  // The people the edition counted (NRS mid-year estimates of its base year) are a population
  // year of their own: SIMD 2016 carries mid-2014 and 2020v2 mid-2017, years with no other file.
  if (people.size > 0) addPopulationTotals(staging, populationYear, basename(file), `NRS small area population estimates, mid-${populationYear}, as carried by the ${edition} indicator data`, people);
}
