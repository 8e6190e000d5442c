/**
 * Names for synthetic areas, in the styles of real Scottish ones: "Kirkbrae Town Centre",
 * "Kirkbrae North East", a neighbourhood ("Flaxcroft"), or the places a rural area covers
 * ("Nether Garvshaw, Lourton and Ardmains", "Glenhaugh and Landward").
 */
import type { Point } from './landmass.ts';
import { compassFrom, type PlaceNamer } from './names.ts';
import type { Random } from './random.ts';
import type { Settlement } from './settlements.ts';
import type { ZoneCell } from './zones.ts';

export type Cells = readonly ZoneCell[];

export function centroidOf(members: number[], cells: Cells): Point {
  let x = 0;
  let y = 0;
  for (const m of members) {
    x += cells[m]!.centroid[0];
    y += cells[m]!.centroid[1];
  }
  return [x / members.length, y / members.length];
}

export function dominantSettlement(members: number[], cells: Cells): { settlement: number | null; share: number } {
  const counts = new Map<number | null, number>();
  for (const m of members) counts.set(cells[m]!.settlement, (counts.get(cells[m]!.settlement) ?? 0) + 1);
  let best: number | null = null;
  let bestCount = -1;
  for (const [s, c] of counts) {
    if (c > bestCount || (c === bestCount && s !== null && (best === null || s < best))) {
      best = s;
      bestCount = c;
    }
  }
  return { settlement: best, share: bestCount / members.length };
}

export function listNames(names: string[]): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/** Members nearest the region's centre first. */
export function byCentrality(members: number[], cells: Cells): number[] {
  const [cx, cy] = centroidOf(members, cells);
  const d = (m: number) => Math.hypot(cells[m]!.centroid[0] - cx, cells[m]!.centroid[1] - cy);
  return [...members].sort((a, b) => d(a) - d(b) || a - b);
}

export class UniqueNames {
  private readonly used = new Set<string>();
  take(...candidates: string[]): string {
    for (const c of candidates) {
      if (c && !this.used.has(c)) {
        this.used.add(c);
        return c;
      }
    }
    const base = candidates[0] as string;
    for (let k = 2; ; k++) {
      const c = `${base} ${k}`;
      if (!this.used.has(c)) {
        this.used.add(c);
        return c;
      }
    }
  }
}

/** Settlements with enough of the members (most first), then villages from the centre out. */
export function placesIn(
  members: number[],
  cells: Cells,
  settlements: Settlement[],
  villages: (string | null)[],
  enough = { zones: 3, share: 0.3 },
): string[] {
  const counts = new Map<number, number>();
  for (const m of members) {
    const s = cells[m]!.settlement;
    if (s !== null) counts.set(s, (counts.get(s) ?? 0) + 1);
  }
  const towns = [...counts]
    .filter(([s, c]) => c >= enough.zones || c >= enough.share * members.length || c === settlements[s]!.dataZones)
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .map(([s]) => (settlements[s] as Settlement).name);
  const rural = byCentrality(members, cells)
    .map((m) => villages[m])
    .filter((v): v is string => v !== null);
  const places = [...towns, ...rural];
  if (places.length === 0) {
    // Only a few fringe zones of a town: name it after that town.
    const s = cells[members[0] as number]!.settlement;
    if (s !== null) places.push((settlements[s] as Settlement).name);
  }
  return places;
}

export function nameIntermediateZones(
  regions: number[][],
  cells: Cells,
  settlements: Settlement[],
  villages: (string | null)[],
  namer: PlaceNamer,
  rng: Random,
): string[] {
  const names = new UniqueNames();
  const out: string[] = new Array(regions.length).fill('');
  // Town zones nearest the centre are named first so the centre gets the plain name.
  const order = regions
    .map((members, i) => {
      const { settlement } = dominantSettlement(members, cells);
      const c = centroidOf(members, cells);
      const s = settlement === null ? null : (settlements[settlement] as Settlement);
      const distance = s ? Math.hypot(c[0] - s.centre[0], c[1] - s.centre[1]) / s.radius : 0;
      return { i, members, settlement: s, centre: c, distance };
    })
    .sort((a, b) => a.distance - b.distance || a.i - b.i);
  for (const { i, members, settlement, centre, distance } of order) {
    if (settlement && settlement.kind === 'town') {
      const dir = compassFrom(settlement.centre[0], settlement.centre[1], centre[0], centre[1]);
      if (distance < 0.3) out[i] = names.take(`${settlement.name} Town Centre`, `${settlement.name} Central`, `${settlement.name} ${dir}`);
      else if (rng.chance(0.4)) out[i] = names.take(namer.neighbourhood());
      else out[i] = names.take(`${settlement.name} ${dir}`, namer.neighbourhood());
    } else {
      const places = placesIn(members, cells, settlements, villages);
      const two = listNames(places.slice(0, 2));
      const three = listNames(places.slice(0, 3));
      out[i] = names.take(members.length >= 6 && rng.chance(0.3) ? three : two, three, places[0] ?? namer.village());
    }
  }
  return out;
}

export function nameWards(regions: number[][], cells: Cells, settlements: Settlement[], villages: (string | null)[], izNames: (m: number) => string, rng: Random): string[] {
  const names = new UniqueNames();
  return regions.map((members) => {
    const { settlement, share } = dominantSettlement(members, cells);
    const s = settlement === null ? null : (settlements[settlement] as Settlement);
    // A town's fringe zones in a country ward do not give the ward its name.
    const places = placesIn(members, cells, settlements, villages, { zones: 10, share: 0.25 });
    if (s && s.kind === 'town' && share >= 0.6) {
      const inWard = members.filter((m) => cells[m]!.settlement === settlement).length;
      const c = centroidOf(members, cells);
      const dir = compassFrom(s.centre[0], s.centre[1], c[0], c[1]);
      if (inWard >= 0.75 * s.dataZones) return names.take(`${s.name} and ${places[1] ?? 'District'}`, `${s.name} and District`);
      const central = Math.hypot(c[0] - s.centre[0], c[1] - s.centre[1]) < 0.3 * s.radius;
      const neighbourhood = izNames(byCentrality(members, cells)[0] as number);
      return names.take(central ? `${s.name} Central` : `${s.name} ${dir}`, `${s.name} ${dir} and ${neighbourhood}`, `${s.name} ${dir}`);
    }
    if (places.length >= 3 && rng.chance(0.3)) return names.take(`${places[0]} and Landward`, listNames(places.slice(0, 3)));
    return names.take(listNames(places.slice(0, 3)), listNames(places.slice(0, 2)));
  });
}
