import { beforeAll, describe, expect, it } from 'vitest';
import { edgeKey } from './cells.ts';
import type { Area, Geography } from './hierarchy.ts';
import { GRID_BOUNDS, type Point } from './landmass.ts';
import { boundariesGeoJson } from './lookups.ts';
import { isCounterClockwise, segmentsIntersect } from './polygon.ts';
import { buildWorld, type World } from './world.ts';

let world: World;
let g: Geography;

beforeAll(() => {
  world = buildWorld(20201);
  g = world.geography;
});

function isContiguous(members: number[], adjacency: number[][]): boolean {
  const set = new Set(members);
  const seen = new Set([members[0] as number]);
  const queue = [members[0] as number];
  while (queue.length) {
    for (const n of adjacency[queue.pop() as number] as number[]) {
      if (set.has(n) && !seen.has(n)) {
        seen.add(n);
        queue.push(n);
      }
    }
  }
  return seen.size === set.size;
}

function edges(ring: Point[]): [Point, Point][] {
  return ring.map((p, k) => [p, ring[(k + 1) % ring.length] as Point]);
}

describe('synthetic geography', () => {
  it('has about 500 data zones in the North Sea frame, with whole-metre coordinates', () => {
    expect(g.dataZones.length).toBeGreaterThanOrEqual(470);
    expect(g.dataZones.length).toBeLessThanOrEqual(530);
    for (const dz of g.dataZones) expect(dz.code).toMatch(/^S019\d{5}$/);
    const outside = g.dataZones.flatMap((dz) =>
      dz.cell.ring.filter(([x, y]) => !Number.isInteger(x) || !Number.isInteger(y) || x <= GRID_BOUNDS.west || x >= GRID_BOUNDS.east || y <= GRID_BOUNDS.south || y >= GRID_BOUNDS.north),
    );
    expect(outside).toEqual([]);
    expect(new Set(g.dataZones.map((d) => d.code)).size).toBe(g.dataZones.length);
  });

  it('builds every level in the expected numbers and sizes', () => {
    const sizes = (areas: Area[]) => areas.map((a) => a.members.length);
    expect(g.intermediateZones.length).toBeGreaterThanOrEqual(85);
    expect(g.intermediateZones.length).toBeLessThanOrEqual(115);
    for (const n of sizes(g.intermediateZones)) expect(n >= 3 && n <= 8).toBe(true);
    expect(g.wards.length).toBeGreaterThanOrEqual(16);
    expect(g.wards.length).toBeLessThanOrEqual(25);
    expect(g.localities.length).toBeGreaterThanOrEqual(5);
    expect(g.localities.length).toBeLessThanOrEqual(9);
    expect(g.chps.length).toBe(3);
    expect(g.communityCouncils.length).toBeGreaterThanOrEqual(35);
    expect(g.communityCouncils.length).toBeLessThanOrEqual(45);
    for (const code of g.intermediateZones.map((a) => a.code)) expect(code).toMatch(/^S029\d{5}$/);
    for (const code of g.wards.map((a) => a.code)) expect(code).toMatch(/^S139\d{5}$/);
    for (const code of g.localities.map((a) => a.code)) expect(code).toMatch(/^S999\d{5}$/);
    for (const code of g.chps.map((a) => a.code)) expect(code).toMatch(/^S039\d{5}$/);
  });

  it('puts every data zone in exactly one area of each level', () => {
    for (const areas of [g.councils, g.intermediateZones, g.wards, g.localities, g.chps, g.communityCouncils, g.scottishParliament, g.ukParliament, g.travelToWork]) {
      const all = areas.flatMap((a) => a.members).sort((a, b) => a - b);
      expect(all).toEqual(g.dataZones.map((_, i) => i));
    }
  });

  it('makes every area contiguous on the adjacency graph', () => {
    for (const areas of [g.councils, g.intermediateZones, g.wards, g.localities, g.chps, g.communityCouncils, g.scottishParliament, g.ukParliament]) {
      for (const a of areas) expect(isContiguous(a.members, g.adjacency), `${a.code} ${a.name}`).toBe(true);
    }
    expect(isContiguous(g.dataZones.map((_, i) => i), g.adjacency)).toBe(true);
  });

  it('splits the region into two contiguous councils that every level below nests in', () => {
    expect(g.councils.map((c) => c.code)).toEqual(['S12900001', 'S12900002']);
    expect(g.councils.map((c) => c.hscp.code)).toEqual(['S37900001', 'S37900002']);
    expect(g.councils[0]!.name).toBe('Firthshire (synthetic)');
    expect(g.councils[1]!.name).not.toBe(g.councils[0]!.name);
    const share = g.councils[0]!.members.length / g.dataZones.length;
    expect(share).toBeGreaterThanOrEqual(0.55);
    expect(share).toBeLessThanOrEqual(0.7);
    for (const c of g.councils) expect(isContiguous(c.members, g.adjacency), c.name).toBe(true);
    for (const areas of [g.intermediateZones, g.wards, g.localities, g.chps, g.communityCouncils]) {
      for (const a of areas) expect(new Set(a.members.map((m) => g.councilOf[m])).size, `${a.code} ${a.name}`).toBe(1);
    }
    // No town is split between the councils.
    const councilsOfTown = new Map<number, Set<number>>();
    g.dataZones.forEach((dz, i) => {
      if (dz.cell.settlement !== null) councilsOfTown.set(dz.cell.settlement, (councilsOfTown.get(dz.cell.settlement) ?? new Set()).add(g.councilOf[i]!));
    });
    for (const [town, councils] of councilsOfTown) expect(councils.size, world.settlements[town]!.name).toBe(1);
  });

  it('builds localities from whole wards', () => {
    for (const ward of g.wards) expect(new Set(ward.members.map((m) => g.localityOf[m])).size).toBe(1);
  });

  it('gives the mainland and one island, joined only by the ferry', () => {
    const island = g.dataZones.map((d, i) => (d.cell.onIsland ? i : -1)).filter((i) => i >= 0);
    expect(island.length).toBeGreaterThanOrEqual(3);
    const crossings = g.adjacency.flatMap((list, i) => list.filter((j) => g.dataZones[i]!.cell.onIsland !== g.dataZones[j]!.cell.onIsland));
    expect(crossings.length).toBe(2); // the ferry, seen from both ends
    for (const iz of g.intermediateZones) expect(new Set(iz.members.map((m) => g.dataZones[m]!.cell.onIsland)).size).toBe(1);
  });

  it('shares identical vertices along every shared edge, with no T-junctions', () => {
    const owners = new Map<string, number[]>();
    g.dataZones.forEach((dz, i) => {
      for (const [a, b] of edges(dz.cell.ring)) owners.set(edgeKey(a, b), [...(owners.get(edgeKey(a, b)) ?? []), i]);
    });
    for (const list of owners.values()) expect(list.length).toBeLessThanOrEqual(2);
    const problems: string[] = [];
    g.dataZones.forEach((dz, i) => {
      for (const j of g.adjacency[i]!) {
        const other = g.dataZones[j]!.cell.ring;
        const ferry = dz.cell.onIsland !== g.dataZones[j]!.cell.onIsland;
        const shared = edges(dz.cell.ring).some(([a, b]) => owners.get(edgeKey(a, b))?.includes(j));
        if (!shared && !ferry) problems.push(`${dz.code} and ${g.dataZones[j]!.code} share no edge`);
        // No vertex of one cell may sit inside an edge of a neighbour.
        for (const p of dz.cell.ring) {
          for (const [a, b] of edges(other)) {
            const cross = (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
            const inside = Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1]);
            const atEnd = (p[0] === a[0] && p[1] === a[1]) || (p[0] === b[0] && p[1] === b[1]);
            if (cross === 0 && inside && !atEnd) problems.push(`T-junction between ${dz.code} and ${g.dataZones[j]!.code}`);
          }
        }
      }
    });
    expect(problems).toEqual([]);
  });

  it('draws simple, counter-clockwise polygons', () => {
    const problems: string[] = [];
    for (const dz of g.dataZones) {
      const ring = dz.cell.ring;
      if (ring.length < 3 || !isCounterClockwise(ring)) problems.push(`${dz.code} is degenerate or clockwise`);
      const segs = edges(ring);
      for (let a = 0; a < segs.length; a++) {
        for (let b = a + 1; b < segs.length; b++) {
          const [p, q] = segs[a]!;
          const [r, s] = segs[b]!;
          if (segmentsIntersect(p, q, r, s)) problems.push(`${dz.code} crosses itself`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('classifies towns and countryside like the SG urban rural classification', () => {
    const ur6 = new Map<number, number>();
    for (const dz of g.dataZones) ur6.set(dz.cell.urbanRural.ur6[0], (ur6.get(dz.cell.urbanRural.ur6[0]) ?? 0) + 1);
    expect(ur6.get(2) ?? 0).toBeGreaterThan(200);
    expect((ur6.get(5) ?? 0) + (ur6.get(6) ?? 0)).toBeGreaterThan(60);
    expect(g.dataZones.filter((d) => d.cell.onIsland).every((d) => d.cell.urbanRural.ur6[0] === 4 || d.cell.urbanRural.ur6[0] === 6)).toBe(true);
  });

  it('draws a different region for another seed', () => {
    expect(boundariesGeoJson(buildWorld(7).geography)).not.toBe(boundariesGeoJson(g));
  });
});
