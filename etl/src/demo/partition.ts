/**
 * Splits a connected set of nodes of a graph into contiguous regions of bounded size: seeds
 * spread out by hop distance (k-means++ style), balanced region growing, then repair by splitting
 * regions that are too big and merging regions that are too small. Used for every synthetic
 * geography built from data zones (intermediate zones, wards, localities, ...).
 */
import type { Random } from './random.ts';

export interface PartitionInput {
  /** The nodes to partition; they must be connected through `adjacency`. */
  nodes: number[];
  adjacency: readonly (readonly number[])[];
  weight?: (node: number) => number;
  /** Nodes of different groups are joined only reluctantly (e.g. town and countryside). */
  group?: (node: number) => number;
}

export interface PartitionOptions {
  /** Roughly how many regions to make. */
  count: number;
  /** Total weight allowed in one region. */
  min: number;
  max: number;
  rng: Random;
  /** Extra hops a region pays to take a node of another group. */
  mixPenalty?: number;
}

type Weight = (node: number) => number;

function hopDistances(start: number, members: Set<number>, adjacency: readonly (readonly number[])[]): Map<number, number> {
  const dist = new Map<number, number>([[start, 0]]);
  const queue = [start];
  for (let k = 0; k < queue.length; k++) {
    const node = queue[k] as number;
    const d = dist.get(node) as number;
    for (const n of adjacency[node] as number[]) {
      if (members.has(n) && !dist.has(n)) {
        dist.set(n, d + 1);
        queue.push(n);
      }
    }
  }
  return dist;
}

/**
 * Grows regions from seeds inside `members`; the lightest region with room takes its nearest
 * frontier node next. Nodes no region could take are returned unassigned (-1).
 */
function growRegions(
  seeds: number[],
  members: Set<number>,
  input: PartitionInput,
  weight: Weight,
  max: number,
  mixPenalty: number,
): Map<number, number> {
  const owner = new Map<number, number>();
  const group = input.group ?? (() => 0);
  const dist = seeds.map((s) => hopDistances(s, members, input.adjacency));
  const load = seeds.map((s) => weight(s));
  const frontier = seeds.map(() => new Set<number>());
  seeds.forEach((s, r) => owner.set(s, r));
  const addFrontier = (r: number, node: number) => {
    for (const n of input.adjacency[node] as number[]) if (members.has(n) && !owner.has(n)) frontier[r]!.add(n);
  };
  seeds.forEach((s, r) => addFrontier(r, s));
  const open = seeds.map(() => true);

  for (;;) {
    let best = -1;
    for (let r = 0; r < seeds.length; r++) {
      if (!open[r]) continue;
      for (const n of frontier[r] as Set<number>) if (owner.has(n)) frontier[r]!.delete(n);
      if ((frontier[r] as Set<number>).size === 0) {
        open[r] = false;
        continue;
      }
      if (best === -1 || (load[r] as number) < (load[best] as number)) best = r;
    }
    if (best === -1) break;
    const seedGroup = group(seeds[best] as number);
    let pick = -1;
    let pickCost = Infinity;
    for (const n of frontier[best] as Set<number>) {
      if ((load[best] as number) + weight(n) > max) continue;
      const cost = ((dist[best] as Map<number, number>).get(n) ?? 99) + (group(n) === seedGroup ? 0 : mixPenalty);
      if (cost < pickCost || (cost === pickCost && n < pick)) {
        pick = n;
        pickCost = cost;
      }
    }
    if (pick === -1) {
      open[best] = false;
      continue;
    }
    owner.set(pick, best);
    load[best] = (load[best] as number) + weight(pick);
    frontier[best]!.delete(pick);
    addFrontier(best, pick);
  }
  return owner;
}

function chooseSeeds(count: number, members: number[], input: PartitionInput, rng: Random): number[] {
  const memberSet = new Set(members);
  const seeds = [rng.pick(members)];
  const nearest = new Map<number, number>();
  for (const [n, d] of hopDistances(seeds[0] as number, memberSet, input.adjacency)) nearest.set(n, d);
  while (seeds.length < count) {
    const weights = members.map((n) => (nearest.get(n) ?? 0) ** 2);
    if (weights.every((w) => w === 0)) break;
    const next = members[rng.weightedIndex(weights)] as number;
    seeds.push(next);
    for (const [n, d] of hopDistances(next, memberSet, input.adjacency)) if (d < (nearest.get(n) ?? Infinity)) nearest.set(n, d);
  }
  return seeds;
}

function isConnected(nodes: number[], adjacency: readonly (readonly number[])[]): boolean {
  if (nodes.length === 0) return true;
  return hopDistances(nodes[0] as number, new Set(nodes), adjacency).size === nodes.length;
}

/** Two contiguous halves of a connected region, as balanced as a few seed pairs allow. */
function bisect(region: number[], input: PartitionInput, weight: Weight, rng: Random, mixPenalty: number): [number[], number[]] {
  const members = new Set(region);
  const total = region.reduce((sum, n) => sum + weight(n), 0);
  const farthestFrom = (start: number) => {
    let far = start;
    let farD = -1;
    for (const [n, d] of hopDistances(start, members, input.adjacency)) if (d > farD || (d === farD && n < far)) [far, farD] = [n, d];
    return far;
  };
  const pairs: [number, number][] = [];
  const a0 = farthestFrom(region[0] as number);
  pairs.push([a0, farthestFrom(a0)]);
  for (let i = 0; i < 8; i++) {
    const a = rng.pick(region);
    pairs.push([a, farthestFrom(a)]);
  }
  let best: [number[], number[]] | null = null;
  let bestGap = Infinity;
  for (const [a, b] of pairs) {
    if (a === b) continue;
    const owner = growRegions([a, b], members, input, weight, Infinity, mixPenalty);
    const halves: [number[], number[]] = [[], []];
    for (const n of region) halves[owner.get(n) === 1 ? 1 : 0].push(n);
    const w0 = halves[0].reduce((sum, n) => sum + weight(n), 0);
    const gap = Math.abs(total - 2 * w0);
    if (gap < bestGap && isConnected(halves[0], input.adjacency) && isConnected(halves[1], input.adjacency)) {
      best = halves;
      bestGap = gap;
    }
  }
  if (!best) throw new Error('could not split a region into two contiguous parts');
  return best;
}

export function partition(input: PartitionInput, options: PartitionOptions): number[][] {
  const weight: Weight = input.weight ?? (() => 1);
  const mixPenalty = options.mixPenalty ?? 0;
  const rng = options.rng;
  const members = new Set(input.nodes);
  const nodes = [...input.nodes].sort((a, b) => a - b);

  const seeds = chooseSeeds(options.count, nodes, input, rng);
  const owner = growRegions(seeds, members, input, weight, options.max, mixPenalty);
  // Nodes left over join a neighbouring region (repair below fixes the sizes).
  let pending = nodes.filter((n) => !owner.has(n));
  while (pending.length > 0) {
    const still: number[] = [];
    for (const n of pending) {
      const neighbours = (input.adjacency[n] as number[]).filter((m) => owner.has(m));
      if (neighbours.length === 0) {
        still.push(n);
        continue;
      }
      owner.set(n, owner.get(neighbours[0] as number) as number);
    }
    if (still.length === pending.length) throw new Error('partition: nodes not connected to any region');
    pending = still;
  }

  let regions: number[][] = seeds.map(() => []);
  for (const n of nodes) regions[owner.get(n) as number]!.push(n);
  regions = regions.filter((r) => r.length > 0);

  const weightOf = (r: number[]) => r.reduce((sum, n) => sum + weight(n), 0);
  for (let round = 0; round < 200; round++) {
    const big = regions.findIndex((r) => weightOf(r) > options.max);
    if (big !== -1) {
      const [a, b] = bisect(regions[big] as number[], input, weight, rng, mixPenalty);
      regions.splice(big, 1, a, b);
      continue;
    }
    const smallIndex = regions.findIndex((r) => weightOf(r) < options.min);
    if (smallIndex === -1) break;
    const small = regions[smallIndex] as number[];
    const smallSet = new Set(small);
    const group = input.group ?? (() => 0);
    let target = -1;
    let targetScore = Infinity;
    regions.forEach((r, i) => {
      if (i === smallIndex) return;
      const touches = r.some((n) => (input.adjacency[n] as number[]).some((m) => smallSet.has(m)));
      if (!touches) return;
      const score = weightOf(r) + (group(r[0] as number) === group(small[0] as number) ? 0 : options.max);
      if (score < targetScore) {
        target = i;
        targetScore = score;
      }
    });
    if (target === -1) break; // an isolated piece: nothing to merge with
    const merged = [...(regions[target] as number[]), ...small].sort((a, b) => a - b);
    regions[target] = merged;
    regions.splice(smallIndex, 1);
  }
  for (const r of regions) r.sort((a, b) => a - b);
  return regions;
}
