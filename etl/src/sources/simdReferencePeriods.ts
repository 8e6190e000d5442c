/**
 * The period each SIMD indicator's data describe, which is not the edition's year: SIMD 2020v2
 * counts income deprivation in 2017, crimes in 2017/18 and overcrowding at the 2011 Census.
 *
 * Sources: the "Reference Period" of each SIMD indicator dataset on statistics.gov.scot (Scottish
 * Government; income, employment, access, crime and housing are given per indicator), and the
 * column headers of the SG's indicator files. Where statistics.gov.scot lists a dataset's periods
 * without saying which indicator each belongs to (the health and education indicators), the
 * assignment is ours and is marked `inferred`; the indicator's notes say so.
 */
export interface ReferencePeriod {
  period: string;
  basis: 'published' | 'inferred';
}

const p = (period: string, basis: ReferencePeriod['basis'] = 'published'): ReferencePeriod => ({ period, basis });

const ACCESS = ['simd_drive_petrol_minutes', 'simd_drive_gp_minutes', 'simd_drive_post_minutes', 'simd_drive_primary_minutes', 'simd_drive_retail_minutes',
  'simd_drive_secondary_minutes', 'simd_pt_gp_minutes', 'simd_pt_post_minutes', 'simd_pt_retail_minutes'];
const EDUCATION = ['simd_school_attendance', 'simd_school_attainment', 'simd_not_participating', 'simd_university_entry'];

const PERIODS: Record<string, Record<string, ReferencePeriod>> = {
  '2020v2': {
    simd_income_deprived_pct: p('2017'),
    simd_employment_deprived_pct: p('2017'),
    simd_cif: p('2017', 'inferred'),
    simd_alcohol_sr: p('2014-2017', 'inferred'),
    simd_drug_sr: p('2014-2017', 'inferred'),
    simd_smr: p('2014-2017', 'inferred'),
    simd_emergency_sr: p('2014-2017', 'inferred'),
    simd_depress_proportion: p('2017/18', 'inferred'),
    simd_low_birthweight: p('2014/15-2017/18', 'inferred'),
    ...Object.fromEntries(EDUCATION.map((code) => [code, p('AY2015/16-2017/18', 'inferred')])),
    simd_no_qualifications_sr: p('2011'),
    ...Object.fromEntries(ACCESS.map((code) => [code, p('2018')])),
    simd_no_superfast_broadband: p('2019', 'inferred'),
    simd_crime_rate: p('2017/18'),
    simd_overcrowded_pct: p('2011'),
    simd_no_central_heating_pct: p('2011'),
  },
  '2016': {
    simd_income_deprived_pct: p('2015'),
    simd_employment_deprived_pct: p('2014/15'),
    simd_cif: p('2015', 'inferred'),
    simd_alcohol_sr: p('2011-2014', 'inferred'),
    simd_drug_sr: p('2011-2014', 'inferred'),
    simd_smr: p('2011-2014', 'inferred'),
    simd_emergency_sr: p('2011-2014', 'inferred'),
    simd_depress_proportion: p('2014/15', 'inferred'),
    simd_low_birthweight: p('2011-2015', 'inferred'),
    ...Object.fromEntries(EDUCATION.map((code) => [code, p('AY2012/13-2014/15', 'inferred')])),
    simd_no_qualifications_sr: p('2011'),
    ...Object.fromEntries(ACCESS.map((code) => [code, p('2015')])),
    simd_crime_rate: p('2014/15'),
    simd_overcrowded_pct: p('2011'),
    simd_no_central_heating_pct: p('2011'),
  },
};

/** An edition's key in these tables: 'SIMD 2020v2 (synthetic)' → '2020v2', 'SIMD 2016' → '2016'. */
export const simdEditionKey = (edition: string): string | null => edition.match(/\d{4}(v\d)?/)?.[0] ?? null;

/** The mid-year population each edition's counts and rates were built on. */
export const SIMD_POPULATION_YEAR: Record<string, number> = { '2020v2': 2017, '2016': 2014, '2012': 2010 };

export function simdReferencePeriods(edition: string): Record<string, ReferencePeriod> {
  return PERIODS[edition] ?? {};
}
