/**
 * Reading a profile for the Quick Profile page: which indicators make the age bands, the
 * deprivation shares and the key list. The codes are the catalogue's; where a build lacks one,
 * the page says so rather than inventing a figure.
 */
import type { Comparator, ProfileIndicator, ProfileReply } from './api.ts';

/** The first indicator of the profile with one of these codes, in order of preference. */
export function pick(profile: ProfileReply, codes: string[]): ProfileIndicator | null {
  for (const code of codes) {
    const found = profile.indicators.find((i) => i.code === code && i.latest && !i.latest.suppressed && i.latest.value !== null);
    if (found) return found;
  }
  return null;
}

export const comparatorOn = (indicator: ProfileIndicator | null, level: string): Comparator | null =>
  indicator?.comparators.find((c) => c.level === level) ?? null;

export interface AgeBand {
  label: string;
  /** Share of the population, %. */
  share: number;
  people: number | null;
  scotlandShare: number | null;
}

const AGE = {
  children: ['pop_children_pct', 'children_0_15_pct'],
  working: ['pop_working_age_pct', 'working_age_pct'],
  over65: ['pop_65plus_pct', 'older_65_pct'],
  over75: ['pop_75plus_pct', 'older_75_pct'],
  over85: ['pop_85plus_pct', 'older_85_pct'],
};

/**
 * Age bands from the "% of people aged …" indicators: 0–15, 16–64, then 65+ split into 65–74,
 * 75–84 and 85+ by differences of the nested shares when the build has them.
 */
export function ageBands(profile: ProfileReply): { bands: AgeBand[]; period: string | null } {
  const children = pick(profile, AGE.children);
  const working = pick(profile, AGE.working);
  const over65 = pick(profile, AGE.over65);
  const over75 = pick(profile, AGE.over75);
  const over85 = pick(profile, AGE.over85);
  const share = (i: ProfileIndicator | null) => i?.latest?.value ?? null;
  const count = (i: ProfileIndicator | null) => i?.latest?.numerator ?? null;
  const scot = (i: ProfileIndicator | null) => {
    const c = comparatorOn(i, 'scotland');
    return c && !c.suppressed ? c.value : null;
  };
  const minus = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);
  const bands: AgeBand[] = [];
  const add = (label: string, s: number | null, people: number | null, scotland: number | null) => {
    if (s !== null) bands.push({ label, share: s, people, scotlandShare: scotland });
  };
  add('0 to 15', share(children), count(children), scot(children));
  add('16 to 64', share(working), count(working), scot(working));
  if (over75 && over65) {
    add('65 to 74', minus(share(over65), share(over75)), minus(count(over65), count(over75)), minus(scot(over65), scot(over75)));
    if (over85) {
      add('75 to 84', minus(share(over75), share(over85)), minus(count(over75), count(over85)), minus(scot(over75), scot(over85)));
      add('85 and over', share(over85), count(over85), scot(over85));
    } else {
      add('75 and over', share(over75), count(over75), scot(over75));
    }
  } else {
    add('65 and over', share(over65), count(over65), scot(over65));
  }
  return { bands, period: (children ?? working ?? over65)?.latest?.period ?? null };
}

export const SIMD_SHARES = {
  mostDeprived20: 'simd_most_deprived_20pc_pct',
  mostDeprived10: 'simd_most_deprived_10pc_pct',
  leastDeprived20: 'simd_least_deprived_20pc_pct',
};

/**
 * The indicators a first look at an area should show, one or two per theme, in theme order.
 * Codes missing from a build are skipped; a build with none of them shows its first two
 * better-or-worse indicators of each theme instead.
 */
export const KEY_INDICATORS = [
  'income_deprived_pct', 'employment_deprived_pct', 'child_low_income_pct', 'claimant_count_pct',
  'premature_mortality_rate', 'emergency_admissions_rate', 'mental_health_prescribing_pct', 'alcohol_stays_sr',
  'violent_crime_rate', 'antisocial_behaviour_rate', 'dwelling_fires_rate',
  'positive_destinations_pct', 'leavers_scqf5_pct', 'school_attendance_pct',
  'fuel_poverty_pct', 'recycling_pct',
];

export function keyIndicators(profile: ProfileReply): ProfileIndicator[] {
  const chosen = KEY_INDICATORS.flatMap((code) => profile.indicators.filter((i) => i.code === code && i.latest));
  if (chosen.length > 0) return chosen;
  const byTheme = new Map<string, ProfileIndicator[]>();
  for (const i of profile.indicators) {
    if (i.polarity === 'neither' || !i.latest) continue;
    const list = byTheme.get(i.theme) ?? [];
    if (list.length < 2) byTheme.set(i.theme, [...list, i]);
  }
  return [...byTheme.values()].flat();
}
