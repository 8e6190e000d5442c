import type { Staging } from '../staging.ts';
import { readWideTable, type WideIndicatorSpec } from './wideIndicators.ts';

const pct = (code: string, title: string, theme: string, topic: string, numerator: string[], denominator: string, polarity: WideIndicatorSpec['polarity'], keywords: string): WideIndicatorSpec => ({
  code, title, theme, topic, unit: '%', measureType: 'proportion', aggregation: 'ratio', multiplier: 100, polarity, numerator, denominator: [denominator], keywords,
  notes: 'Census figures are perturbed for disclosure control, so parts need not add up to totals.',
});

/** Census tables by 2011 data zone (NRS flexible table builder exports, one row per data zone). */
export const CENSUS_TABLES: Record<string, { census: 2011 | 2022; title: string; specs: WideIndicatorSpec[] }> = {
  UV303: {
    census: 2022, title: 'UV303 Disability',
    specs: [
      pct('census22_limited_a_lot_pct', 'People whose day-to-day activities are limited a lot (%)', 'healthier', 'Disability', ['Day-to-day activities limited a lot'], 'All people', 'higher_is_worse', 'disability;long-term conditions;census'),
      pct('census22_limited_pct', 'People whose day-to-day activities are limited a lot or a little (%)', 'healthier', 'Disability', ['Day-to-day activities limited a lot', 'Day-to-day activities limited a little'], 'All people', 'higher_is_worse', 'disability;long-term conditions;census'),
    ],
  },
  UV404: {
    census: 2022, title: 'UV404 Household tenure',
    specs: [
      pct('census22_social_rented_pct', 'Households renting from the council or a housing association (%)', 'safer_stronger', 'Housing', ['Social Rented: Council (LA) or Housing Association/ Registered Social Landlord'], 'All occupied households', 'neither', 'housing;tenure;social housing;council housing;census'),
      pct('census22_owner_occupied_pct', 'Households that own their home (%)', 'safer_stronger', 'Housing', ['Owned: Total'], 'All occupied households', 'neither', 'housing;tenure;home ownership;census'),
      pct('census22_private_rented_pct', 'Households renting privately (%)', 'safer_stronger', 'Housing', ['Private rented: Total'], 'All occupied households', 'neither', 'housing;tenure;private rented;census'),
    ],
  },
  UV415: {
    census: 2022, title: 'UV415 Occupancy rating for bedrooms',
    specs: [pct('census22_overcrowded_households_pct', 'Households with too few bedrooms (occupancy rating -1 or less) (%)', 'safer_stronger', 'Housing', ['Occupancy rating of bedrooms: -1 or less'], 'All occupied households', 'higher_is_worse', 'housing;overcrowding;bedrooms;census')],
  },
  UV402: {
    census: 2022, title: 'UV402 Accommodation type',
    specs: [pct('census22_flats_pct', 'Households living in flats (%)', 'safer_stronger', 'Housing', ['Flat, maisonette or apartment: Total'], 'All occupied households', 'neither', 'housing;flats;accommodation;census')],
  },
  UV205: {
    census: 2022, title: 'UV205 Religion',
    specs: [pct('census22_no_religion_pct', 'People with no religion (%)', 'population', 'Religion', ['No religion'], 'All people', 'neither', 'religion;faith;census')],
  },
  UV201: {
    census: 2022, title: 'UV201 Ethnic group',
    specs: [pct('census22_white_scottish_pct', 'People who are White Scottish (%)', 'population', 'Ethnicity', ['White: White Scottish'], 'All People', 'neither', 'ethnicity;ethnic group;census')],
  },
  QS119SC: {
    census: 2011, title: 'QS119SC Households by deprivation dimensions',
    specs: [pct('census11_households_deprived_2plus_pct', 'Households deprived in two or more dimensions (%)', 'wealthier_fairer', 'Income', ['Household is deprived in 2 dimensions', 'Household is deprived in 3 dimensions', 'Household is deprived in 4 dimensions'], 'All households', 'higher_is_worse', 'deprivation;households;census 2011')],
  },
};

export function readCensusTable(staging: Staging, file: string, table: string, synthetic = staging.synthetic): void {
  const spec = CENSUS_TABLES[table.toUpperCase()];
  if (!spec) {
    staging.issues.add({ file, message: `census table "${table}" is not one AreaLens reads (known: ${Object.keys(CENSUS_TABLES).join(', ')})` });
    return;
  }
  readWideTable(staging, {
    kind: 'census_table', file, dzColumn: 'dz11_code', period: String(spec.census), revision: `Census ${spec.census} ${spec.title}`,
    source: `Scotland's Census ${spec.census}: ${spec.title}`, publisher: 'National Records of Scotland', licence: 'Open Government Licence v3.0',
    synthetic, specs: spec.specs, partAboveTotal: 'warn',
  });
}
