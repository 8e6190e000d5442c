/**
 * Community plan targets (targets.csv) at council, locality and ward level: most for Firthshire's
 * plan, a few for the second council's. Each target starts
 * from the generated data's own baseline; some are set so the data meet them, some so the data
 * fall short, and a few look ahead beyond the data.
 */
import { csvLine, round } from './csv.ts';
import type { Area, Geography } from './hierarchy.ts';
import type { IndicatorSeries } from './indicators.ts';

type Outcome = 'met' | 'missed' | 'future';
type AreaChoice = 'council' | 'second_council' | 'most_deprived_locality' | 'least_deprived_locality' | 'most_deprived_ward' | 'largest_ward';

interface TargetPlan {
  indicator: string;
  area: AreaChoice;
  baseline: string;
  target: string;
  outcome: Outcome;
}

const PLANS: TargetPlan[] = [
  { indicator: 'child_low_income_pct', area: 'council', baseline: '2014/15', target: '2021/22', outcome: 'missed' },
  { indicator: 'child_low_income_pct', area: 'most_deprived_locality', baseline: '2014/15', target: '2021/22', outcome: 'missed' },
  { indicator: 'positive_destinations_pct', area: 'council', baseline: 'AY2014/15', target: 'AY2021/22', outcome: 'met' },
  { indicator: 'leavers_scqf6_pct', area: 'most_deprived_ward', baseline: 'AY2014/15', target: 'AY2021/22', outcome: 'missed' },
  { indicator: 'recycling_pct', area: 'council', baseline: '2014', target: '2021', outcome: 'met' },
  { indicator: 'recycling_pct', area: 'council', baseline: '2014', target: '2025', outcome: 'future' },
  { indicator: 'crimes_dishonesty_rate', area: 'council', baseline: '2014/15', target: '2021/22', outcome: 'met' },
  { indicator: 'antisocial_behaviour_rate', area: 'most_deprived_locality', baseline: '2016', target: '2021', outcome: 'met' },
  { indicator: 'school_attendance_pct', area: 'council', baseline: 'AY2016/17', target: 'AY2021/22', outcome: 'missed' },
  { indicator: 'drug_stays_sr', area: 'council', baseline: '2016/17', target: '2021/22', outcome: 'missed' },
  { indicator: 'fuel_poverty_pct', area: 'least_deprived_locality', baseline: '2014-2016', target: '2019-2021', outcome: 'missed' },
  { indicator: 'early_development_pct', area: 'most_deprived_locality', baseline: '2015/16', target: '2021/22', outcome: 'missed' },
  { indicator: 'flu_vaccination_65_pct', area: 'council', baseline: '2016/17', target: '2021/22', outcome: 'met' },
  { indicator: 'premature_mortality_rate', area: 'largest_ward', baseline: '2012-2014', target: '2019-2021', outcome: 'met' },
  { indicator: 'emergency_admissions_rate', area: 'most_deprived_ward', baseline: '2015/16', target: '2024/25', outcome: 'future' },
  { indicator: 'library_visits_rate', area: 'council', baseline: '2016/17', target: '2026/27', outcome: 'future' },
  { indicator: 'child_low_income_pct', area: 'second_council', baseline: '2014/15', target: '2021/22', outcome: 'missed' },
  { indicator: 'positive_destinations_pct', area: 'second_council', baseline: 'AY2014/15', target: 'AY2021/22', outcome: 'met' },
  { indicator: 'flu_vaccination_65_pct', area: 'second_council', baseline: '2016/17', target: '2021/22', outcome: 'met' },
  { indicator: 'recycling_pct', area: 'second_council', baseline: '2014', target: '2025', outcome: 'future' },
];

/** The indicator's value for a group of data zones, as the ETL rolls it up. */
export function rollUp(series: IndicatorSeries, period: string, members: number[]): number | null {
  const p = series.periods.findIndex((x) => x.label === period);
  if (p === -1) return null;
  const { aggregation, multiplier } = series.spec;
  let num = 0;
  let den = 0;
  for (const m of members) {
    const n = series.numerator[p]![m];
    const d = series.denominator[p]![m];
    if (typeof n === 'number') num += n;
    if (typeof d === 'number') den += d;
  }
  if (aggregation === 'sum') return num;
  if (aggregation === 'ratio' || aggregation === 'standardised_ratio') return den > 0 ? (num / den) * multiplier : null;
  return null;
}

export function targetsCsv(series: IndicatorSeries[], geography: Geography, deprivation: number[]): string {
  const byId = new Map(series.map((s) => [s.spec.id, s]));
  const meanDeprivation = (a: Area) => a.members.reduce((sum, m) => sum + deprivation[m]!, 0) / a.members.length;
  const byDeprivation = (areas: Area[]) => [...areas].sort((a, b) => meanDeprivation(b) - meanDeprivation(a));
  const firthshire = geography.councils[0] as Area;
  const second = geography.councils[1] as Area;
  const areaFor = (choice: AreaChoice): { level: string; code: string; members: number[] } => {
    switch (choice) {
      case 'council': return { level: 'council', code: firthshire.code, members: firthshire.members };
      case 'second_council': return { level: 'council', code: second.code, members: second.members };
      case 'most_deprived_locality': { const a = byDeprivation(geography.localities)[0]!; return { level: 'locality', code: a.code, members: a.members }; }
      case 'least_deprived_locality': { const a = byDeprivation(geography.localities).at(-1)!; return { level: 'locality', code: a.code, members: a.members }; }
      case 'most_deprived_ward': { const a = byDeprivation(geography.wards)[0]!; return { level: 'ward2017', code: a.code, members: a.members }; }
      case 'largest_ward': { const a = [...geography.wards].sort((x, y) => y.members.length - x.members.length)[0]!; return { level: 'ward2017', code: a.code, members: a.members }; }
    }
  };

  const lines = ['indicator_id,level,area_code,baseline_period,baseline_value,target_period,target_value'];
  for (const plan of PLANS) {
    const s = byId.get(plan.indicator);
    if (!s) throw new Error(`target for unknown indicator ${plan.indicator}`);
    const area = areaFor(plan.area);
    const baseline = rollUp(s, plan.baseline, area.members);
    if (baseline === null) throw new Error(`no baseline for ${plan.indicator} in ${plan.baseline}`);
    const better = s.spec.polarity === 'higher_is_worse' ? -1 : 1;
    let target: number;
    if (plan.outcome === 'future') {
      target = baseline * (1 + better * 0.15);
    } else {
      const latest = rollUp(s, plan.target, area.members);
      if (latest === null) throw new Error(`no value for ${plan.indicator} in ${plan.target}`);
      const gain = (latest - baseline) * better; // > 0 when things got better
      const step = Math.max(Math.abs(baseline) * 0.04, 0.5);
      // Met: a target between the baseline and what happened. Missed: beyond what happened.
      target = plan.outcome === 'met' && gain > 0 ? baseline + better * gain * 0.6 : baseline + better * Math.max(2 * step, 1.8 * gain);
    }
    const places = Math.abs(baseline) >= 1000 ? 0 : 1;
    lines.push(csvLine([plan.indicator, area.level, area.code, plan.baseline, round(baseline, places), plan.target, round(target, places)]));
  }
  return lines.join('\n') + '\n';
}
