/**
 * A latent deprivation surface over the data zones (positive = more deprived, standardised):
 * deprived town centres, two post-war estates, affluent suburbs, a former industrial town and a
 * commuter town, a slowly varying regional field and local noise. Everything deprivation-shaped
 * in the demo (SIMD, indicators, spend) is driven by it, so patterns agree across sources.
 */
import type { Geography } from './hierarchy.ts';
import type { Point } from './landmass.ts';
import type { Random } from './random.ts';
import type { Settlement } from './settlements.ts';

export interface DeprivationSurface {
  /** Standardised latent deprivation per data zone for 2020 (+ = more deprived). */
  latent: number[];
  /** The same surface four years earlier (before the estate regeneration took hold). */
  latent2016: number[];
  estates: Point[];
  affluentSuburbs: Point[];
  /** The estate regenerated between SIMD 2016 and SIMD 2020. */
  regenerated: Point;
}

function standardise(values: number[]): number[] {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  return values.map((v) => (v - mean) / sd);
}

const bump = (p: Point, q: Point, sigma: number) => Math.exp(-((p[0] - q[0]) ** 2 + (p[1] - q[1]) ** 2) / (2 * sigma * sigma));

export function deprivationSurface(geography: Geography, settlements: Settlement[], rng: Random): DeprivationSurface {
  const zones = geography.dataZones;
  const towns = settlements.map((s, i) => ({ s, i })).filter(({ s }) => s.kind === 'town');
  const zonesOf = (k: number) => zones.filter((z) => z.cell.settlement === k);
  const ratio = (z: (typeof zones)[number], s: Settlement) => Math.hypot(z.cell.centroid[0] - s.centre[0], z.cell.centroid[1] - s.centre[1]) / s.radius;

  const pickZone = (k: number, lo: number, hi: number, avoid: Point[], gap: number): Point | null => {
    const s = settlements[k] as Settlement;
    const candidates = zonesOf(k).filter((z) => ratio(z, s) >= lo && ratio(z, s) <= hi && avoid.every((a) => Math.hypot(a[0] - z.cell.centroid[0], a[1] - z.cell.centroid[1]) > gap));
    return candidates.length ? rng.pick(candidates).cell.centroid : null;
  };

  // Post-war estates on the edge of the two largest towns; affluent suburbs elsewhere in towns.
  const estates: Point[] = [];
  for (const { i } of towns.slice(0, 2)) {
    const p = pickZone(i, 0.45, 0.95, estates, 2000);
    if (p) estates.push(p);
  }
  const affluentSuburbs: Point[] = [];
  const commuterTown = towns.find(({ s }) => s.character < -0.5);
  const suburbTowns = [commuterTown ?? towns[0], towns[0], towns[2] ?? towns[1]];
  for (const t of suburbTowns) {
    if (!t) continue;
    const p = pickZone(t.i, 0.35, 1.0, [...estates, ...affluentSuburbs], 2500);
    if (p) affluentSuburbs.push(p);
  }

  // A regional field: broad highs and lows a few kilometres across.
  const field = Array.from({ length: 12 }, () => ({
    at: [rng.uniform(-35000, 35000), rng.uniform(-35000, 35000)] as Point,
    sigma: rng.uniform(4000, 9000),
    amp: rng.normal(0, 0.35),
  }));
  const centre: Point = [
    zones.reduce((a, z) => a + z.cell.centroid[0], 0) / zones.length,
    zones.reduce((a, z) => a + z.cell.centroid[1], 0) / zones.length,
  ];

  const raw = zones.map((z) => {
    const p = z.cell.centroid;
    let v = 0;
    const k = z.cell.settlement;
    if (k !== null) {
      const s = settlements[k] as Settlement;
      const size = s.kind === 'town' ? Math.min(1, s.dataZones / 60) : 0.3;
      v += 1.3 * size * bump(p, s.centre, 0.4 * s.radius);
      v += s.character;
    } else {
      v -= 0.35;
    }
    for (const e of estates) v += 1.8 * bump(p, e, 750);
    for (const a of affluentSuburbs) v -= 1.4 * bump(p, a, 950);
    for (const f of field) v += f.amp * bump(p, [centre[0] + f.at[0], centre[1] + f.at[1]], f.sigma);
    return v + rng.normal(0, 0.3);
  });
  const latent = standardise(raw);

  // SIMD 2016: the first estate had not yet been regenerated; elsewhere small random drift.
  const regenerated = estates[0] ?? centre;
  const latent2016 = latent.map((v, i) => v + 0.7 * bump(zones[i]!.cell.centroid, regenerated, 800) + rng.normal(0, 0.18));
  return { latent, latent2016, estates, affluentSuburbs, regenerated };
}

/** Moran's I of values over a neighbour graph (binary weights). */
export function moransI(values: number[], adjacency: readonly (readonly number[])[]): number {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let weights = 0;
  adjacency.forEach((list, i) => {
    for (const j of list) {
      num += (values[i]! - mean) * (values[j]! - mean);
      weights++;
    }
  });
  const den = values.reduce((a, v) => a + (v - mean) ** 2, 0);
  return (n / weights) * (num / den);
}
