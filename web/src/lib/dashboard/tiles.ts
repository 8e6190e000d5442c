/**
 * The dashboard's indicator tiles: which indicators to show for an area and what each tile holds.
 * Indicators with a target come first, the ones furthest off track before the others, then the key
 * indicators of a first look at an area. Time runs on period start dates, so a target five years
 * out sits five years along the sparkline.
 */
import type { Indicator, ProfileIndicator, ProfileReply, Significance, TargetItem } from '../api.ts';
import { keyIndicators } from '../profileSections.ts';

export type TargetStatus = TargetItem['status'];

export const STATUS_WORDS: Record<TargetStatus, string> = {
  achieved: 'Achieved',
  on_track: 'On track',
  at_risk: 'At risk',
  off_track: 'Off track',
  no_data: 'No data',
};
const STATUS_ORDER: TargetStatus[] = ['off_track', 'at_risk', 'on_track', 'achieved', 'no_data'];

export interface TilePoint {
  /** Period start, ms since 1970. */
  x: number;
  period: string;
  value: number | null;
}

export interface Tile {
  code: string;
  title: string;
  unit: string;
  polarity: string;
  latest: { period: string; value: number | null; suppressed: boolean; note: string | null } | null;
  comparator: { name: string; level: string; value: number | null; suppressed: boolean; significance: Significance } | null;
  points: TilePoint[];
  /** This indicator's targets for the area, the furthest-off first. */
  targets: TargetItem[];
}

const YEAR_MS = 365.25 * 24 * 3600 * 1000;

/** A period's start from the catalogue; failing that, the first four-digit year in its label. */
export function periodStart(label: string, periods: { label: string; start: string }[] | undefined): number | null {
  const known = periods?.find((p) => p.label === label)?.start;
  if (known) return Date.parse(known);
  const year = /(\d{4})/.exec(label)?.[1];
  return year ? Date.UTC(Number(year), 0, 1) : null;
}

export function trendPoints(indicator: ProfileIndicator, catalogue: Indicator | undefined): TilePoint[] {
  const points: TilePoint[] = [];
  indicator.trend.forEach((t, i) => {
    const x = periodStart(t.period, catalogue?.periods) ?? i * YEAR_MS;
    points.push({ x, period: t.period, value: t.suppressed ? null : t.value });
  });
  return points.sort((a, b) => a.x - b.x);
}

export function tileFor(indicator: ProfileIndicator, catalogue: Indicator | undefined, targets: TargetItem[], comparatorLevel: string): Tile {
  const comparator = indicator.comparators.find((c) => c.level === comparatorLevel) ?? indicator.comparators.at(-1) ?? null;
  return {
    code: indicator.code,
    title: indicator.title,
    unit: indicator.unit,
    polarity: indicator.polarity,
    latest: indicator.latest
      ? { period: indicator.latest.period, value: indicator.latest.value, suppressed: indicator.latest.suppressed, note: indicator.latest.note }
      : null,
    comparator: comparator
      ? { name: comparator.name, level: comparator.level, value: comparator.value, suppressed: comparator.suppressed, significance: comparator.significance }
      : null,
    points: trendPoints(indicator, catalogue),
    targets: [...targets].sort((a, b) => STATUS_ORDER.indexOf(a.status) - STATUS_ORDER.indexOf(b.status) || a.target.period.localeCompare(b.target.period)),
  };
}

/** The tiles for an area: indicators with targets first (furthest off track first), then key indicators, `limit` in all. */
export function dashboardTiles(profile: ProfileReply, targets: TargetItem[], catalogue: Indicator[], comparatorLevel: string, limit = 12): Tile[] {
  const byCode = new Map(profile.indicators.map((i) => [i.code, i]));
  const meta = new Map(catalogue.map((i) => [i.code, i]));
  const targetsOf = new Map<string, TargetItem[]>();
  for (const t of targets) targetsOf.set(t.indicator.code, [...(targetsOf.get(t.indicator.code) ?? []), t]);

  const rank = (code: string) => Math.min(...(targetsOf.get(code) ?? []).map((t) => STATUS_ORDER.indexOf(t.status)));
  const withTargets = [...targetsOf.keys()].filter((code) => byCode.has(code)).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const codes = [...withTargets];
  for (const i of keyIndicators(profile)) if (!codes.includes(i.code)) codes.push(i.code);
  return codes.slice(0, Math.max(limit, withTargets.length)).map((code) => tileFor(byCode.get(code)!, meta.get(code), targetsOf.get(code) ?? [], comparatorLevel));
}

export interface Projection {
  from: { x: number; value: number };
  to: { x: number; value: number };
}

/**
 * The Theil–Sen line the API projects with, drawn from the last actual figure to the target
 * period: its value at any time is the projected value less the slope times the years between.
 */
export function projectionLine(target: TargetItem): Projection | null {
  const p = target.projection;
  if (!p) return null;
  const at = Date.parse(p.at);
  const actual = target.actual.filter((a) => !a.suppressed && a.value !== null);
  const last = actual.at(-1);
  if (!last || Number.isNaN(at)) return null;
  const fromX = Date.parse(last.start);
  if (!(fromX < at)) return null;
  return { from: { x: fromX, value: p.value - (p.slopePerYear * (at - fromX)) / YEAR_MS }, to: { x: at, value: p.value } };
}
