/**
 * Data-zone polygons: the Voronoi cells of the land sites. Sea sites mirrored across the coast
 * stop coastal cells running out to sea, so the cells' outer edges trace the coastline. Vertices
 * are rounded to whole metres once, from the shared Voronoi vertices, so neighbouring cells keep
 * identical coordinates along every shared edge.
 */
import { Delaunay } from 'd3-delaunay';
import type { Landmass, Point } from './landmass.ts';
import { isCounterClockwise, type Ring } from './polygon.ts';
import type { Site } from './settlements.ts';

export interface LandCells {
  sites: Site[];
  rings: Ring[];
  /** Cells sharing an edge (by index into sites/rings). */
  adjacency: number[][];
  /** The island's nearest cell and the mainland cell the ferry reaches, joined in the adjacency. */
  ferry: [number, number] | null;
}

export function edgeKey(a: Point, b: Point): string {
  return a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]) ? `${a[0]},${a[1]},${b[0]},${b[1]}` : `${b[0]},${b[1]},${a[0]},${a[1]}`;
}

function seaSites(land: Landmass, sites: Site[]): Point[] {
  const nearest = sites.map((s, i) => {
    let best = Infinity;
    sites.forEach((t, j) => {
      if (i !== j) best = Math.min(best, Math.sqrt((s.x - t.x) ** 2 + (s.y - t.y) ** 2));
    });
    return best;
  });

  const sea: Point[] = [];
  const DIRECTIONS = 32;
  sites.forEach((s, i) => {
    const reach = Math.min(1.7 * (nearest[i] as number), 9000);
    const hits = land.seaDistances(s.x, s.y, DIRECTIONS, reach);
    hits.forEach((h, k) => {
      if (!Number.isFinite(h)) return;
      const before = hits[(k + DIRECTIONS - 1) % DIRECTIONS] as number;
      const after = hits[(k + 1) % DIRECTIONS] as number;
      if (h > before || h > after) return; // mirror only across the nearest stretch of each coast
      const theta = (k / DIRECTIONS) * 2 * Math.PI;
      const m: Point = [s.x + Math.cos(theta) * 2 * h, s.y + Math.sin(theta) * 2 * h];
      if (!land.isLand(m[0], m[1])) sea.push(m);
    });
  });

  // The firth's own channel, so cells on its two banks never meet across the water.
  const path = land.firthPath;
  for (let i = 0; i + 1 < path.length; i++) {
    const [ax, ay] = path[i] as Point;
    const [bx, by] = path[i + 1] as Point;
    const steps = Math.ceil(Math.hypot(bx - ax, by - ay) / 450);
    for (let k = 0; k < steps; k++) {
      const x = ax + ((bx - ax) * k) / steps;
      const y = ay + ((by - ay) * k) / steps;
      if (!land.isLand(x, y)) sea.push([x, y]);
    }
  }

  // Open sea: a jittered grid, kept well away from land sites.
  const step = 3500;
  const [cx, cy] = land.centre;
  for (let gx = -60000; gx <= 60000; gx += step) {
    for (let gy = -60000; gy <= 60000; gy += step) {
      const jitter = Math.sin(gx * 12.9898 + gy * 78.233) * 43758.5453;
      const jx = (jitter - Math.floor(jitter) - 0.5) * step * 0.5;
      const x = cx + gx + jx;
      const y = cy + gy - jx * 0.7;
      if (land.isLand(x, y)) continue;
      const clear = sites.every((s, i) => Math.sqrt((s.x - x) ** 2 + (s.y - y) ** 2) > (nearest[i] as number) + 1200);
      if (clear) sea.push([x, y]);
    }
  }
  return sea;
}

function cleanRing(polygon: ArrayLike<[number, number]> | null): Ring {
  if (!polygon) return [];
  const ring: Ring = [];
  for (let i = 0; i < polygon.length; i++) {
    const p = polygon[i] as [number, number];
    const q: Point = [Math.round(p[0]), Math.round(p[1])];
    const last = ring[ring.length - 1];
    if (!last || last[0] !== q[0] || last[1] !== q[1]) ring.push(q);
  }
  const first = ring[0];
  const last = ring[ring.length - 1];
  if (first && last && ring.length > 1 && first[0] === last[0] && first[1] === last[1]) ring.pop();
  if (ring.length >= 3 && !isCounterClockwise(ring)) ring.reverse();
  return ring;
}

function components(count: number, adjacency: number[][], keep: (i: number) => boolean): number[][] {
  const seen = new Array<boolean>(count).fill(false);
  const out: number[][] = [];
  for (let start = 0; start < count; start++) {
    if (seen[start] || !keep(start)) continue;
    const group = [start];
    seen[start] = true;
    for (let k = 0; k < group.length; k++) {
      for (const n of adjacency[group[k] as number] as number[]) {
        if (!seen[n] && keep(n)) {
          seen[n] = true;
          group.push(n);
        }
      }
    }
    out.push(group);
  }
  return out;
}

export function buildCells(land: Landmass, allSites: Site[]): LandCells {
  const sea = seaSites(land, allSites);
  const points: Point[] = [...allSites.map((s): Point => [s.x, s.y]), ...sea];
  const delaunay = Delaunay.from(points);
  const [cx, cy] = land.centre;
  const voronoi = delaunay.voronoi([cx - 80000, cy - 80000, cx + 80000, cy + 80000]);
  const rawRings = allSites.map((_, i) => cleanRing(voronoi.cellPolygon(i) as unknown as [number, number][] | null));

  const adjacencyOf = (rings: Ring[]) => {
    const owners = new Map<string, number[]>();
    rings.forEach((ring, i) => {
      for (let k = 0; k < ring.length; k++) {
        const key = edgeKey(ring[k] as Point, ring[(k + 1) % ring.length] as Point);
        const list = owners.get(key);
        if (list) list.push(i);
        else owners.set(key, [i]);
      }
    });
    const adjacency: number[][] = rings.map(() => []);
    for (const list of owners.values()) {
      if (list.length === 2) {
        const [a, b] = list as [number, number];
        if (!adjacency[a]!.includes(b)) adjacency[a]!.push(b);
        if (!adjacency[b]!.includes(a)) adjacency[b]!.push(a);
      }
    }
    return adjacency;
  };

  // Keep the mainland's connected cells and the island's, drop anything stranded.
  const rawAdjacency = adjacencyOf(rawRings);
  const groups = components(allSites.length, rawAdjacency, (i) => (rawRings[i] as Ring).length >= 3);
  const onIsland = (i: number) => land.isIsland((allSites[i] as Site).x, (allSites[i] as Site).y);
  const mainland = groups.filter((g) => !onIsland(g[0] as number)).sort((a, b) => b.length - a.length)[0] ?? [];
  const island = groups.filter((g) => g.every(onIsland)).sort((a, b) => b.length - a.length)[0] ?? [];
  const kept = [...mainland, ...(island.length >= 3 ? island : [])].sort((a, b) => a - b);

  const sites = kept.map((i) => allSites[i] as Site);
  const rings = kept.map((i) => rawRings[i] as Ring);
  const adjacency = adjacencyOf(rings);

  // The ferry joins the island's cell and the mainland cell that are closest together.
  let ferry: [number, number] | null = null;
  if (island.length >= 3) {
    let best = Infinity;
    sites.forEach((a, i) => {
      if (!land.isIsland(a.x, a.y)) return;
      sites.forEach((b, j) => {
        if (land.isIsland(b.x, b.y)) return;
        const d = (a.x - b.x) ** 2 + (a.y - b.y) ** 2;
        if (d < best) {
          best = d;
          ferry = [i, j];
        }
      });
    });
  }
  const link = ferry as [number, number] | null;
  if (link) {
    adjacency[link[0]]!.push(link[1]);
    adjacency[link[1]]!.push(link[0]);
  }
  for (const list of adjacency) list.sort((x, y) => x - y);
  return { sites, rings, adjacency, ferry };
}
