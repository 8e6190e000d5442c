/**
 * Simplifies one level's shapes on the shared arcs of the data-zone topology, so within a level
 * every simplified shape keeps its edges in common with its neighbours: no slivers or gaps.
 */
import type { Objects, Topology } from 'topojson-specification';
import { presimplify, sphericalTriangleArea } from 'topojson-simplify';

/** A ring of a topology geometry: indexes into `topology.arcs` (~i for arc i reversed). */
export type ArcRing = readonly number[];

export interface AreaRings {
  rings: readonly ArcRing[];
  areaKm2: number;
}

/**
 * Returns a function that simplifies the arcs of one level's areas, keeping the share `keep`
 * (0–1] of the points simplification may remove. Arc ends (where three areas meet) always stay.
 *
 * Points are ranked by Visvalingam's effective area on the sphere (topojson-simplify presimplify)
 * divided by the area of the smallest area the arc bounds. A single threshold on raw weights
 * turns city data zones (a few hectares) into triangles while rural ones keep every bay; relative
 * weights simplify every area to about the same relative error.
 *
 * Visvalingam alone can also flatten a ring of one or two arcs (a small island, or an area with
 * one neighbour) into a line. So in a ring of one arc its two most important inner points stay,
 * and in a ring of two arcs the most important inner point of each: every ring keeps an area.
 */
export function createLevelSimplifier(topology: Topology): (areas: readonly AreaRings[], keep: number) => Topology {
  // The typings want property-less objects; properties play no part here.
  const weighted = presimplify(topology as Topology<Objects>, sphericalTriangleArea).arcs as number[][][];

  return (areas, keep) => {
    if (!(keep > 0 && keep <= 1)) throw new RangeError(`keep must be in (0, 1], got ${keep}`);
    const smallestArea = new Float64Array(weighted.length).fill(Infinity);
    const forced = new Map<number, Set<number>>();
    const force = (arcRef: number, count: number) => {
      const index = arcRef < 0 ? ~arcRef : arcRef;
      const arc = weighted[index] ?? [];
      const inner = arc
        .map((point, i) => ({ i, weight: point[2] ?? 0 }))
        .slice(1, -1)
        .sort((a, b) => b.weight - a.weight);
      const kept = forced.get(index) ?? new Set<number>();
      for (const { i } of inner.slice(0, count)) kept.add(i);
      forced.set(index, kept);
    };

    for (const { rings, areaKm2 } of areas) {
      const size = Math.max(areaKm2, 1e-9);
      for (const ring of rings) {
        for (const arcRef of ring) {
          const index = arcRef < 0 ? ~arcRef : arcRef;
          smallestArea[index] = Math.min(smallestArea[index]!, size);
        }
        if (ring.length === 1) force(ring[0]!, 2);
        else if (ring.length === 2) for (const arcRef of ring) force(arcRef, 1);
      }
    }

    const relativeWeight = (index: number, point: number[]) => (point[2] ?? 0) / smallestArea[index]!;
    const weights: number[] = [];
    weighted.forEach((arc, index) => {
      if (smallestArea[index] === Infinity) return;
      for (let i = 1; i < arc.length - 1; i++) weights.push(relativeWeight(index, arc[i]!));
    });
    const minWeight = quantileKept(weights, keep);

    const arcs = weighted.map((arc, index) => {
      if (smallestArea[index] === Infinity) return [];
      const kept = forced.get(index);
      return arc
        .filter((point, i) => i === 0 || i === arc.length - 1 || kept?.has(i) || relativeWeight(index, point) >= minWeight)
        .map((point) => [point[0]!, point[1]!]);
    });
    return { type: 'Topology', objects: {}, arcs };
  };
}

/** The weight at or above which the share `keep` of the weights lie. */
function quantileKept(weights: number[], keep: number): number {
  if (keep >= 1 || weights.length === 0) return -Infinity;
  const sorted = Float64Array.from(weights).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * (1 - keep)))]!;
}
