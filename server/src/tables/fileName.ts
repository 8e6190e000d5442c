import type { TablePlan } from './plan.ts';

const slug = (text: string) => text.replace(/[^A-Za-z0-9.+-]+/g, '-').replace(/^-+|-+$/g, '');

/**
 * A file name that says what the download holds, e.g.
 * arealens_ward2017_2-areas_3-indicators_2020+latest_build-ab12cd34.csv
 */
export function tableFileName(plan: TablePlan, buildId: string, extension: string): string {
  const n = (count: number, noun: string) => `${count}-${noun}${count === 1 ? '' : 's'}`;
  const indicators = plan.indicators.length === 1 ? plan.indicators[0]!.indicator.code : n(plan.indicators.length, 'indicator');
  const periods = plan.periodsAsked === null ? 'all-periods' : plan.periodsAsked.map(slug).join('+');
  const parts = [
    'arealens',
    plan.level.key,
    ...(plan.areasNamed ? [plan.areas.length === 1 ? plan.areas[0]!.code : n(plan.areas.length, 'area')] : []),
    indicators,
    periods.length > 40 ? n(plan.periodsAsked!.length, 'period') : periods,
    `build-${buildId.slice(0, 8)}`,
  ];
  return `${parts.map(slug).join('_')}.${extension}`;
}
